/* The portal's survey form: follow-up questions shown by the answers they depend on, one submit per click. */
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  function answers(code) {
    var values = [];
    form.querySelectorAll("[name='" + code + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) { values.push(input.value); }
    });
    return values;
  }
  function refresh() {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var wanted = block.getAttribute("data-show-values").split("|");
      var shown = answers(block.getAttribute("data-show-if")).some(function (v) { return wanted.indexOf(v) !== -1; });
      block.hidden = !shown;
    });
  }
  form.addEventListener("change", refresh);
  refresh();
  form.addEventListener("submit", function (event) {
    var button = form.querySelector("button[type=submit]");
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    button.setAttribute("aria-disabled", "true");
    button.textContent = button.getAttribute("data-sending");
  });
})();
