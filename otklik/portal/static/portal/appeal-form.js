/* The portal's appeal form: one submit per click, and the names asked depend on who writes. */
(function () {
  "use strict";
  var form = document.getElementById("appeal-form");
  if (!form) { return; }
  var button = form.querySelector("button[type=submit]");
  var label = button.textContent;
  // One click, one appeal: the button is disabled after the first submit (the server also refuses a repeat).
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
    button.textContent = button.dataset.sending;
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      delete form.dataset.sent;
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      button.textContent = label;
    }
  });
  // The names a person must give depend on who writes: a citizen gives a surname and a name, an organisation its name.
  var required = { person: ["last_name", "first_name"], organisation: ["organisation_name"] };
  function who() {
    var checked = form.querySelector("input[name=author_kind]:checked");
    return checked ? checked.value : "person";
  }
  function update() {
    var kind = who();
    Object.keys(required).forEach(function (key) {
      required[key].forEach(function (name) {
        var input = form.elements[name];
        var mark = form.querySelector("[data-field=" + name + "] .req");
        var on = key === kind;
        input.required = on;
        if (on) { input.setAttribute("aria-required", "true"); } else { input.removeAttribute("aria-required"); }
        if (mark) { mark.hidden = !on; }
      });
    });
    var organisation = form.querySelector("[data-field=organisation_name]");
    var hasError = organisation.classList.contains("has-error") || form.elements.organisation_name.value;
    organisation.hidden = kind !== "organisation" && !hasError;
  }
  form.querySelectorAll("input[name=author_kind]").forEach(function (radio) { radio.addEventListener("change", update); });
  update();
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
