// Filter panels are <details open> so they work without JavaScript; on a narrow
// screen they start closed, so the first results show without scrolling past
// every filter (the summary says how many filters are chosen).
(function () {
  "use strict";
  document.querySelectorAll("details[data-collapse-below]").forEach(function (details) {
    var query = "(max-width: " + details.dataset.collapseBelow + ")";
    if (window.matchMedia && window.matchMedia(query).matches) {
      details.removeAttribute("open");
    }
  });
})();
