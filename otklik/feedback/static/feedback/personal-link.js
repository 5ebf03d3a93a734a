/* A personal survey link carries its code after "#", the part of an address a browser never sends: no access log,
   proxy or Referer sees it. This script moves the code into the page's form, drops it from the address bar and the
   history, and sends the form by POST once the page has loaded. Without scripts the person types the code. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-code-from-fragment]");
  var code = window.location.hash.slice(1);
  if (!form || !code) { return; }
  try { code = decodeURIComponent(code); } catch (error) { /* a code is plain ASCII; keep it as it came */ }
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  form.elements.token.value = code;
  window.addEventListener("load", function () { form.submit(); });
})();
