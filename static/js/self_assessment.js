// The manager's self-assessment: each choice is saved as it is made. Without
// JavaScript (or if a save fails) the Save button sends every choice at once.
(function () {
  "use strict";
  var form = document.getElementById("self-form");
  if (!form) { return; }
  var csrf = document.body.dataset.csrfToken;
  var count = document.getElementById("self-count");

  function answered() {
    return form.querySelectorAll("fieldset.question input[type=radio]:checked").length;
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    var fieldset = input.closest("fieldset.question");
    if (!fieldset || input.type !== "radio") { return; }
    var status = fieldset.querySelector(".save-status");
    var body = new FormData();
    body.append(input.name, input.value);
    fetch(fieldset.dataset.saveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) {
        status.textContent = data.saved ? form.dataset.msgSaved : form.dataset.msgRefused + " " + (data.error || "");
        if (data.saved && count) { count.textContent = String(answered()); }
      });
    }).catch(function () {
      status.textContent = form.dataset.msgRefused;
    });
  });
})();
