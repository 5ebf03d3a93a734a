/* Behaviour shared by every page, as delegated listeners (the Content-Security-Policy allows no inline script). */
(function () {
  "use strict";
  // A select marked data-submit-on-change sends its form at once (the language switch); without script, its button.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.submit();
    }
  });
  // Forms marked data-submit-once go to the server once: a second click or Enter while waiting does nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-submit-once")) { return; }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.setAttribute("aria-busy", "true");
  });
})();
