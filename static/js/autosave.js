// Saves each answer as it is given. An answer that cannot be sent is kept in
// localStorage and re-sent (on retry, when the connection returns, or on the
// next visit), so closing the browser or losing the network loses nothing.
// Each save names the revision it was based on: if someone else saved the
// answer meanwhile, the server refuses and the user chooses whose to keep.
(function () {
  "use strict";
  var form = document.getElementById("axis-form");
  if (!form) { return; }
  var csrf = document.body.dataset.csrfToken;
  var prefix = "m40:" + form.dataset.assessment + ":";
  var banner = document.getElementById("unsaved-banner");
  var timers = {};
  var retries = {};

  function store(code, data) { try { localStorage.setItem(prefix + code, JSON.stringify(data)); } catch (e) { /* private mode */ } }
  function unstore(code) { try { localStorage.removeItem(prefix + code); } catch (e) { /* ignore */ } }
  function stored(code) { try { return JSON.parse(localStorage.getItem(prefix + code) || "null"); } catch (e) { return null; } }

  function fieldsets() { return Array.prototype.slice.call(form.querySelectorAll("fieldset.question")); }
  function revisionInput(fieldset) { return fieldset.querySelector("input[name='" + fieldset.dataset.question + "-revision']"); }

  function read(fieldset) {
    var code = fieldset.dataset.question;
    var checked = fieldset.querySelector("input[name='" + code + "-choice']:checked");
    var comment = fieldset.querySelector("textarea[name='" + code + "-comment']");
    return { choice: checked ? checked.value : "", comment: comment ? comment.value : "", revision: revisionInput(fieldset).value };
  }

  function write(fieldset, data) {
    var code = fieldset.dataset.question;
    fieldset.querySelectorAll("input[name='" + code + "-choice']").forEach(function (input) {
      input.checked = input.value === data.choice;
    });
    var comment = fieldset.querySelector("textarea[name='" + code + "-comment']");
    if (comment) { comment.value = data.comment; }
  }

  function status(fieldset, text, state) {
    var el = fieldset.querySelector(".save-status");
    el.textContent = text;
    el.className = "save-status small " + state;
  }

  function refreshBanner() {
    if (!banner) { return; }
    var unsaved = fieldsets().filter(function (f) { return stored(f.dataset.question) !== null; }).length;
    banner.hidden = unsaved === 0;
    banner.textContent = unsaved + " " + form.dataset.msgUnsaved;
  }

  function progress(body) {
    var bar = document.getElementById("progress-total");
    if (bar) { bar.value = body.percent; bar.textContent = body.percent + " %"; }
    var count = document.getElementById("progress-count");
    if (count) { count.textContent = body.answered; }
  }

  function describe(theirs) {
    var level = theirs.choice === "na" ? form.dataset.msgNa : (theirs.choice === "" ? "—" : form.dataset.msgLevel + " " + theirs.choice);
    return form.dataset.msgTheirs + " " + level + (theirs.comment ? " — « " + theirs.comment + " »" : "");
  }

  function conflict(fieldset, body) {
    var box = fieldset.querySelector(".conflict");
    var code = fieldset.dataset.question;
    box.querySelector(".conflict-text").textContent = body.error;
    box.querySelector(".conflict-theirs").textContent = describe(body.theirs);
    box.hidden = false;
    status(fieldset, "", "failed");
    box.querySelector(".keep-theirs").onclick = function () {
      write(fieldset, body.theirs);
      revisionInput(fieldset).value = body.theirs.revision;
      unstore(code);
      box.hidden = true;
      status(fieldset, form.dataset.msgSaved + " ✓", "saved");
      refreshBanner();
    };
    box.querySelector(".keep-mine").onclick = function () {
      revisionInput(fieldset).value = body.theirs.revision;
      box.hidden = true;
      send(fieldset);
    };
  }

  function send(fieldset) {
    var code = fieldset.dataset.question;
    var data = read(fieldset);
    store(code, data);
    refreshBanner();
    status(fieldset, form.dataset.msgSaving, "pending");
    var body = new FormData();
    body.append(code + "-choice", data.choice);
    body.append(code + "-comment", data.comment);
    body.append(code + "-revision", data.revision);
    fetch(fieldset.dataset.saveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.ok && json.saved) {
          revisionInput(fieldset).value = json.revision;
          var current = read(fieldset);
          if (current.choice === data.choice && current.comment === data.comment) { unstore(code); }
          else { store(code, current); }
          retries[code] = 0;
          status(fieldset, form.dataset.msgSaved + " ✓", "saved");
          progress(json);
          refreshBanner();
        } else if (json.conflict) {
          conflict(fieldset, json);
        } else if (response.status >= 500 || response.status === 429 || !json.error) {
          schedule(fieldset);
        } else {
          status(fieldset, form.dataset.msgRefused + " " + json.error, "failed");
        }
      });
    }).catch(function () { schedule(fieldset); });
  }

  function schedule(fieldset) {
    var code = fieldset.dataset.question;
    retries[code] = Math.min((retries[code] || 0) + 1, 5);
    status(fieldset, form.dataset.msgRetry, "failed");
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () { send(fieldset); }, 1000 * Math.pow(2, retries[code]));
  }

  fieldsets().forEach(function (fieldset) {
    var code = fieldset.dataset.question;
    if (fieldset.disabled) { return; }
    var pending = stored(code);
    if (pending) {
      write(fieldset, pending);
      if (pending.revision !== undefined) { revisionInput(fieldset).value = pending.revision; }
      send(fieldset);
    }
    fieldset.addEventListener("change", function (event) {
      if (event.target.type === "file") { return; }
      clearTimeout(timers[code]);
      send(fieldset);
    });
    fieldset.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA") { return; }
      store(code, read(fieldset));
      refreshBanner();
      clearTimeout(timers[code]);
      timers[code] = setTimeout(function () { send(fieldset); }, 800);
    });
  });
  refreshBanner();

  window.addEventListener("online", function () {
    fieldsets().forEach(function (fieldset) {
      if (stored(fieldset.dataset.question)) { send(fieldset); }
    });
  });
  window.addEventListener("beforeunload", function (event) {
    var unsaved = fieldsets().some(function (f) { return stored(f.dataset.question) !== null; });
    if (unsaved && !form.dataset.submitting) { event.preventDefault(); event.returnValue = form.dataset.msgPending; }
  });
  form.addEventListener("submit", function () { form.dataset.submitting = "1"; });
})();
