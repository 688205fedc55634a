// Draws every chart of the page from the echarts option the server wrote as
// JSON in its data-option attribute. Pages carry no inline script, so the
// Content-Security-Policy forbids them.
"use strict";
document.querySelectorAll(".chart[data-option]").forEach(function (box) {
  var el = box.querySelector(".item");
  if (!el) {
    return;
  }
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption(JSON.parse(box.dataset.option));
  window.addEventListener("resize", function () { chart.resize(); });
});
