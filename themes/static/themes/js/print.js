// Buttons marked data-print print the page (no inline onclick: the
// Content-Security-Policy allows only the portal's own script files).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
});
