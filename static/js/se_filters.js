// S&E dashboard: a changed filter reloads the page (the "Show" button stays for keyboards
// and for browsers without JavaScript).
(function () {
  "use strict";
  var form = document.getElementById("se-filters");
  if (!form) { return; }
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", function () { form.submit(); });
  });
})();
