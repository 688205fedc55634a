// The SQL console: posts the statement to /api/sql with the session's CSRF
// token; "json" answers are drawn as a table, other formats downloaded.
"use strict";
(function () {
  var form = document.getElementById("sql-form");
  if (!form) {
    return;
  }
  var status = document.getElementById("sql-status");
  var result = document.getElementById("sql-result");
  var en = form.dataset.lang === "en";
  var format = "json";
  form.querySelectorAll("button[name=format]").forEach(function (b) {
    b.addEventListener("click", function () { format = b.value; });
  });
  function cell(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text === null || text === undefined ? "–" : (typeof text === "object" ? JSON.stringify(text) : String(text));
    return el;
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var body = { sql: form.elements.sql.value, format: format };
    var dv = parseInt(form.elements.data_version.value, 10);
    if (dv > 0) {
      body.data_version = dv;
    }
    status.textContent = en ? "Running…" : "Esecuzione…";
    result.textContent = "";
    fetch("/api/sql", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (resp) {
      if (!resp.ok) {
        return resp.json().then(function (e) { throw new Error(e.error + " (" + resp.status + ")"); });
      }
      var version = resp.headers.get("X-Osservatorio-Data-Version");
      if (format !== "json") {
        return resp.blob().then(function (blob) {
          var a = document.createElement("a");
          var name = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") || "");
          a.href = URL.createObjectURL(blob);
          a.download = name ? name[1] : "export";
          document.body.appendChild(a);
          a.click();
          a.remove();
          status.textContent = (en ? "Downloaded, data version " : "Scaricato, versione dei dati ") + version;
        });
      }
      return resp.json().then(function (page) {
        var table = document.createElement("table");
        var head = document.createElement("tr");
        page.columns.forEach(function (c) { head.appendChild(cell("th", c.name)); });
        table.appendChild(document.createElement("thead")).appendChild(head);
        var tbody = table.appendChild(document.createElement("tbody"));
        page.rows.forEach(function (r) {
          var tr = document.createElement("tr");
          page.columns.forEach(function (c) { tr.appendChild(cell("td", r[c.name])); });
          tbody.appendChild(tr);
        });
        result.appendChild(table);
        status.textContent = page.row_count + (en ? " rows" : " righe") + (page.truncated ? (en ? " (first 1,000 shown: download for all)" : " (mostrate le prime 1.000: scarica per averle tutte)") : "") +
          (en ? ", data version " : ", versione dei dati ") + version;
      });
    }).catch(function (err) {
      status.textContent = err.message;
    });
  });
})();
