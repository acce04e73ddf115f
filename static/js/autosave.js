// Saves each answer as it is given. An answer that cannot be sent is kept in
// localStorage and re-sent (on retry, when the connection returns, or on the
// next visit), so closing the browser or losing the network loses nothing.
// Saves of one question go one at a time: each names the revision the previous
// reply returned, and what is sent is the latest choice, so quick changes on a
// slow connection are not taken for someone else's. If someone else saved the
// answer meanwhile, the server refuses and the user chooses whose to keep.
(function () {
  "use strict";
  var form = document.getElementById("axis-form");
  if (!form) { return; }
  var csrf = document.body.dataset.csrfToken;
  var prefix = "m40:" + form.dataset.assessment + ":";
  var banner = document.getElementById("unsaved-banner");
  var TIMEOUT_MS = 30000;
  var states = {};
  var sent = 0;
  var progressShown = 0;
  var leaving = null;

  function store(code, data) { try { localStorage.setItem(prefix + code, JSON.stringify(data)); } catch (e) { /* private mode */ } }
  function unstore(code) { try { localStorage.removeItem(prefix + code); } catch (e) { /* ignore */ } }
  function stored(code) { try { return JSON.parse(localStorage.getItem(prefix + code) || "null"); } catch (e) { return null; } }

  function fieldsets() { return Array.prototype.slice.call(form.querySelectorAll("fieldset.question")); }
  function revisionInput(fieldset) { return fieldset.querySelector("input[name='" + fieldset.dataset.question + "-revision']"); }

  // Per question: whether a save is on the wire, the timer of a debounce or a retry.
  function state(fieldset) {
    var code = fieldset.dataset.question;
    if (!states[code]) { states[code] = { inFlight: false, timer: null, retries: 0 }; }
    return states[code];
  }
  function busy() { return fieldsets().some(function (f) { return state(f).inFlight; }); }
  function wait(fieldset, ms, then) {
    var s = state(fieldset);
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { s.timer = null; then(); }, ms);
  }

  function read(fieldset) {
    var code = fieldset.dataset.question;
    var checked = fieldset.querySelector("input[name='" + code + "-choice']:checked");
    var comment = fieldset.querySelector("textarea[name='" + code + "-comment']");
    var note = fieldset.querySelector("textarea[name='" + code + "-note']");
    return {
      choice: checked ? checked.value : "",
      comment: comment ? comment.value : "",
      note: note ? note.value : "",
      revision: revisionInput(fieldset).value
    };
  }
  function same(a, b) { return a.choice === b.choice && a.comment === b.comment && (a.note || "") === (b.note || ""); }

  function write(fieldset, data) {
    var code = fieldset.dataset.question;
    fieldset.querySelectorAll("input[name='" + code + "-choice']").forEach(function (input) {
      input.checked = input.value === data.choice;
    });
    var comment = fieldset.querySelector("textarea[name='" + code + "-comment']");
    if (comment) { comment.value = data.comment; }
    var note = fieldset.querySelector("textarea[name='" + code + "-note']");
    if (note && data.note !== undefined) { note.value = data.note; }
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
      request(fieldset);
    };
  }

  // The answer changed (or must be sent again): send it now, or after the save on the wire.
  function request(fieldset) {
    var s = state(fieldset);
    clearTimeout(s.timer);
    s.timer = null;
    store(fieldset.dataset.question, read(fieldset));
    refreshBanner();
    if (s.inFlight) { status(fieldset, form.dataset.msgSaving, "pending"); return; }
    send(fieldset);
  }

  function send(fieldset) {
    var code = fieldset.dataset.question;
    var s = state(fieldset);
    var data = read(fieldset);
    var number = ++sent;
    store(code, data);
    s.inFlight = true;
    status(fieldset, form.dataset.msgSaving, "pending");
    var body = new FormData();
    body.append(code + "-choice", data.choice);
    body.append(code + "-comment", data.comment);
    body.append(code + "-note", data.note);
    body.append(code + "-revision", data.revision);
    // A save that never comes back must not hold the next ones forever.
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    fetch(fieldset.dataset.saveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { response: response, json: json };
      });
    }).then(function (reply) {
      clearTimeout(timeout);
      settle(fieldset, data, number, reply.response, reply.json);
    }, function () {
      clearTimeout(timeout);
      settle(fieldset, data, number, null, {});
    });
  }

  function settle(fieldset, data, number, response, json) {
    var s = state(fieldset);
    s.inFlight = false;
    if (response && response.ok && json.saved) {
      revisionInput(fieldset).value = json.revision;
      s.retries = 0;
      if (number > progressShown) { progressShown = number; progress(json); }
      if (same(read(fieldset), data)) {
        unstore(fieldset.dataset.question);
        status(fieldset, form.dataset.msgSaved + " ✓", "saved");
      } else {
        send(fieldset);  // changed meanwhile: the next save, based on the revision just returned
      }
    } else if (json.conflict) {
      conflict(fieldset, json);
    } else if (!response || response.status >= 500 || response.status === 429 || !json.error) {
      retry(fieldset);
    } else {
      status(fieldset, form.dataset.msgRefused + " " + json.error, "failed");
    }
    refreshBanner();
    goOnLeaving();
  }

  function retry(fieldset) {
    var s = state(fieldset);
    s.retries = Math.min(s.retries + 1, 5);
    status(fieldset, form.dataset.msgRetry, "failed");
    wait(fieldset, 1000 * Math.pow(2, s.retries), function () { send(fieldset); });
  }

  // "Save and continue" posts the page: it goes once the saves on the wire are back,
  // so that a save still travelling cannot land after the page's and undo it.
  function goOnLeaving() {
    if (leaving === null || busy()) { return; }
    var submitter = leaving.submitter;
    leaving = null;
    if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
  }

  fieldsets().forEach(function (fieldset) {
    var code = fieldset.dataset.question;
    if (fieldset.disabled) { return; }
    var pending = stored(code);
    if (pending) {
      write(fieldset, pending);
      if (pending.revision !== undefined) { revisionInput(fieldset).value = pending.revision; }
      request(fieldset);
    }
    fieldset.addEventListener("change", function (event) {
      if (event.target.type === "file") {
        var hint = fieldset.querySelector(".ev-pending");
        if (hint) { hint.hidden = !(event.target.files && event.target.files.length); }
        return;
      }
      request(fieldset);
    });
    fieldset.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA") { return; }
      store(code, read(fieldset));
      refreshBanner();
      wait(fieldset, 800, function () { request(fieldset); });
    });
  });
  refreshBanner();

  window.addEventListener("online", function () {
    fieldsets().forEach(function (fieldset) {
      if (stored(fieldset.dataset.question)) { request(fieldset); }
    });
  });
  function fileChosen() {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }
  window.addEventListener("beforeunload", function (event) {
    var unsaved = fieldsets().some(function (f) { return stored(f.dataset.question) !== null; });
    if ((unsaved || fileChosen()) && !form.dataset.submitting) { event.preventDefault(); event.returnValue = form.dataset.msgPending; }
  });
  form.addEventListener("submit", function (event) {
    if (busy()) {
      event.preventDefault();
      leaving = { submitter: event.submitter || null };
      return;
    }
    // The page's post carries every answer: no autosave may race it.
    fieldsets().forEach(function (f) { clearTimeout(state(f).timer); state(f).timer = null; });
    form.dataset.submitting = "1";
  });
})();
