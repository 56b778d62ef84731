// The search report's chart: searches per day (bars) and the share with no
// result (line, right axis). Chart.js is vendored in search/static/search/vendor.
(function () {
  "use strict";
  var canvas = document.getElementById("search-report-chart");
  var source = document.getElementById("search-report-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: canvas.dataset.labelSearches, data: data.searches, yAxisID: "y" },
        { type: "line", label: canvas.dataset.labelShare, data: data.no_result_share, yAxisID: "share" }
      ]
    },
    options: {
      responsive: true,
      scales: {
        y: { beginAtZero: true, position: "left" },
        share: { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false } }
      }
    }
  });
})();
