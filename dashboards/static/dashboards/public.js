// The chart of /thong-ke/: an enhancement of the table (its data- attributes
// carry the same numbers; no inline script under the Content-Security-Policy).
(function () {
  "use strict";
  function start() {
    var canvas = document.getElementById("dossier-chart");
    if (!canvas || typeof window.Chart === "undefined") {
      return;
    }
    var d = canvas.dataset;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: JSON.parse(d.labels),
        datasets: [
          { label: d.labelReceived, data: JSON.parse(d.received), backgroundColor: "#1f5fa8" },
          { label: d.labelOnTime, data: JSON.parse(d.onTime), backgroundColor: "#2e7d32" },
          { label: d.labelLate, data: JSON.parse(d.late), backgroundColor: "#c62828" }
        ]
      },
      options: { responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
