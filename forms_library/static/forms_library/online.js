// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("online-js");

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if (input.type === "checkbox" && input.value === "on") { values.push(input.checked ? "true" : "false"); return; }
      if ((input.type === "radio" || input.type === "checkbox")) { if (input.checked) values.push(input.value); return; }
      values.push(input.value);
    });
    return values;
  }

  function applyConditions(form) {
    form.querySelectorAll("[data-show-if-field]").forEach(function (box) {
      var name = box.getAttribute("data-show-if-field");
      if (!form.querySelector('[name="' + name + '"]')) return; // another step: the server decided
      var show = valueOf(form, name).indexOf(box.getAttribute("data-show-if-equals")) !== -1;
      box.hidden = !show;
    });
  }

  function wireAddress(form, box) {
    var province = box.querySelector('[data-address="province"]');
    var ward = box.querySelector('[data-address="ward"]');
    if (!province || !ward || !window.fetch) return;
    province.addEventListener("change", function () {
      var base = form.getAttribute("action") || window.location.pathname;
      fetch(base + "dia-ban/" + encodeURIComponent(province.value) + "/", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { wards: [] }; })
        .then(function (data) {
          var first = ward.options[0];
          ward.innerHTML = "";
          if (first && !first.value) ward.appendChild(first);
          data.wards.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item[0]; option.textContent = item[1];
            ward.appendChild(option);
          });
        });
    });
  }

  document.querySelectorAll("[data-online-form]").forEach(function (form) {
    applyConditions(form);
    form.addEventListener("change", function () { applyConditions(form); });
    form.querySelectorAll(".online-address").forEach(function (box) { wireAddress(form, box); });
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (form.dataset.sent && button && button.hasAttribute("data-once")) { event.preventDefault(); return; }
      if (button && button.hasAttribute("data-once")) { form.dataset.sent = "1"; }
    });
  });
})();
