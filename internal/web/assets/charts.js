// Draws every chart of the page from the echarts option the server wrote as
// JSON in its data-option attribute. Pages carry no inline script, so the
// Content-Security-Policy forbids them. data-labels holds the short labels
// of long names (full name → label) for the category axes and the legend:
// the option keeps the full names, which tooltips show. data-links holds
// the page of each name a click on its bar or node opens.
"use strict";
(function () {
  var lookup = function (map) {
    return function (v) {
      return Object.prototype.hasOwnProperty.call(map, v) ? map[v] : v;
    };
  };
  var list = function (x) { return x ? [].concat(x) : []; };
  document.querySelectorAll(".chart[data-option]").forEach(function (box) {
    var el = box.querySelector(".item");
    if (!el) {
      return;
    }
    var option = JSON.parse(box.dataset.option);
    if (box.dataset.labels) {
      var labels = JSON.parse(box.dataset.labels);
      if (labels.axis) {
        list(option.xAxis).concat(list(option.yAxis)).forEach(function (ax) {
          if (ax.type === "category") {
            ax.axisLabel = Object.assign({}, ax.axisLabel, { formatter: lookup(labels.axis) });
          }
        });
      }
      if (labels.legend) {
        list(option.legend).forEach(function (lg) { lg.formatter = lookup(labels.legend); });
      }
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    if (box.dataset.links) {
      var links = JSON.parse(box.dataset.links);
      chart.on("click", function (p) {
        if (Object.prototype.hasOwnProperty.call(links, p.name)) {
          window.location.href = links[p.name];
        }
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
