// Charts of the dashboards: an enhancement of the tables (each canvas carries
// its figures in a data-chart attribute, the table beside it every number; no
// inline script under the Content-Security-Policy).
(function () {
  "use strict";
  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var valueAxis = spec.horizontal ? "x" : "y";
    if (spec.horizontal) {
      // One bar group per label: the chart grows with the list (CSSOM, no
      // inline style attribute).
      canvas.parentNode.style.height = 4 + spec.labels.length * 2.5 + "rem";
    }
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: { precision: 0 } };
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: s.color, borderColor: s.color };
        })
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: !spec.horizontal,
        scales: scales
      }
    });
  }
  function start() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
