// The footer's visitor counter: pages are cached and the same for everyone, so
// the counter is asked for here. The request counts this browser's visit (two
// anonymous cookies make it count once) and answers the numbers.
(function () {
  "use strict";
  var counter = document.querySelector("dl[data-visits-url]");
  if (!counter || !window.fetch) {
    return;
  }
  window
    .fetch(counter.dataset.visitsUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (numbers) {
      if (!numbers) {
        return;
      }
      counter.querySelectorAll("dd[data-visits]").forEach(function (cell) {
        var value = numbers[cell.dataset.visits];
        cell.textContent = Number(value || 0).toLocaleString("vi-VN");
      });
      counter.hidden = false;
    })
    .catch(function () {});
})();
