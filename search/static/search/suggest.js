// As-you-type suggestions for every search form that names a suggestion URL
// (the header's box on every page and the search page's); the forms work
// without this script. The list is plain links: Tab or the arrow keys reach them.
(function () {
  "use strict";

  function attach(form) {
    var input = form.querySelector("input[name=q]");
    var list = input && document.getElementById(input.getAttribute("aria-controls"));
    if (!input || !list) return;
    var timer = null;
    var lastQuery = "";

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    function render(items) {
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (q.length < 2) { render([]); return; }
      var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === q) render(data.suggestions || []); })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    form.addEventListener("keydown", function (e) {
      var items = links();
      var index = items.indexOf(document.activeElement);
      if (e.key === "Escape") { render([]); input.focus(); }
      else if (e.key === "ArrowDown" && items.length) {
        e.preventDefault();
        items[Math.min(index + 1, items.length - 1)].focus();
      } else if (e.key === "ArrowUp" && index >= 0) {
        e.preventDefault();
        if (index === 0) input.focus(); else items[index - 1].focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) list.hidden = true;
    });
  }

  document.querySelectorAll("form[data-suggest-url]").forEach(attach);

  // Which result was opened: the links carry a ping (sent by the browser
  // without any script); here, where pings may be switched off (Firefox), a
  // beacon sends it instead, once.
  if (navigator.sendBeacon) {
    document.querySelectorAll("a[ping]").forEach(function (a) {
      var url = a.getAttribute("ping");
      a.removeAttribute("ping");
      a.addEventListener("click", function () { navigator.sendBeacon(url); });
    });
  }
})();
