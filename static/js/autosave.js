// Saves each answer as it is given. An answer not sent yet is kept on the device
// (IndexedDB, through offline_queue.js) with the revision it is based on, and sent when the
// connection returns: queued answers go one after another, in the order they were given,
// including those of the diagnostic's other axes. Closing the browser, reloading the page
// from the service worker's cache, or working a whole morning without a network loses
// nothing; the banner says what is waiting to be sent.
// Saves of one question go one at a time: each names the revision the previous reply
// returned, and what is sent is the latest choice, so quick changes on a slow connection
// are not taken for someone else's. If someone else saved the answer meanwhile, the server
// refuses and the user chooses whose to keep.
// An evidence file chosen (or a photo taken) without a network is kept on the device too,
// listed under its question, and sent when the connection returns, after its question's
// answer, one file at a time; a file the server refuses says why and stays listed until the
// user dismisses it.
(function () {
  "use strict";
  var form = document.getElementById("axis-form");
  if (!form) { return; }
  var csrf = document.body.dataset.csrfToken;
  var assessment = form.dataset.assessment;
  var queue = window.M40Queue || null;
  var banner = document.getElementById("unsaved-banner");
  var TIMEOUT_MS = 30000;
  var states = {};
  var pending = {};  // question code -> the answer not sent yet (mirrors IndexedDB "pending")
  var lastSeq = 0;
  var sent = 0;
  var progressShown = 0;
  var leaving = null;
  var files = {};  // key -> an evidence file kept on the device (mirrors IndexedDB "files")
  var filesBusy = false;
  var fileRetries = 0;
  var fileTimer = null;

  // The cookie's token is current even when the page came from the cache after a new login.
  function token() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : csrf;
  }
  function keyOf(code) { return assessment + ":" + code; }
  function quietly(promise) { if (promise) { promise.catch(function () { /* memory still holds it */ }); } }
  function persist(code) {
    if (!queue) { return; }
    quietly(pending[code] ? queue.put("pending", pending[code]) : queue.remove("pending", keyOf(code)));
  }
  function remember(code, data, revision) {
    if (!queue) { return; }
    quietly(queue.put("saved", {
      key: keyOf(code), assessment: assessment, question: code, revision: String(revision),
      choice: data.choice, comment: data.comment, note: data.note
    }));
  }
  function nextSeq() { lastSeq = Math.max(Date.now(), lastSeq + 1); return lastSeq; }
  function order() {
    return Object.keys(pending).sort(function (a, b) { return pending[a].seq - pending[b].seq; });
  }

  function fieldsets() { return Array.prototype.slice.call(form.querySelectorAll("fieldset.question")); }
  function fieldsetOf(code) {
    return fieldsets().filter(function (f) { return f.dataset.question === code && !f.disabled; })[0] || null;
  }
  function revisionInput(fieldset) { return fieldset.querySelector("input[name='" + fieldset.dataset.question + "-revision']"); }

  // Per question: whether a save is on the wire, the timer of a debounce or a retry.
  function state(code) {
    if (!states[code]) { states[code] = { inFlight: false, timer: null, retries: 0, then: null }; }
    return states[code];
  }
  function busy() { return Object.keys(states).some(function (code) { return states[code].inFlight; }); }
  function wait(code, ms, then) {
    var s = state(code);
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

  function status(code, text, kind) {
    var fieldset = fieldsetOf(code);
    if (!fieldset) { return; }
    var el = fieldset.querySelector(".save-status");
    el.textContent = text;
    el.className = "save-status small " + kind;
  }

  // The answer as the form holds it now, kept on the device until the server has it.
  function keep(fieldset) {
    var code = fieldset.dataset.question;
    var data = read(fieldset);
    var before = pending[code];
    data.key = keyOf(code);
    data.assessment = assessment;
    data.question = code;
    data.url = fieldset.dataset.saveUrl;
    data.page = window.location.pathname + "#q-" + code;
    data.seq = before && same(before, data) ? before.seq : nextSeq();
    pending[code] = data;
    persist(code);
  }

  function describe(answer) {
    var level = answer.choice === "na" ? form.dataset.msgNa : (answer.choice === "" ? "—" : form.dataset.msgLevel + " " + answer.choice);
    return level + (answer.comment ? " — « " + answer.comment + " »" : "");
  }

  function refreshBanner() {
    if (!banner) { return; }
    var codes = order();
    var kept = fileOrder();
    banner.hidden = codes.length + kept.length === 0;
    banner.textContent = "";
    if (banner.hidden) { return; }
    var title = document.createElement("p");
    title.className = "mb-1 fw-semibold";
    title.textContent = (kept.length ? form.dataset.msgWaitingFiles : form.dataset.msgWaiting) + " " + (codes.length + kept.length);
    var hint = document.createElement("p");
    hint.className = "mb-1";
    hint.textContent = navigator.onLine ? form.dataset.msgWillSend : form.dataset.msgOffline;
    var list = document.createElement("ul");
    list.className = "mb-0";
    codes.forEach(function (code) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = pending[code].page || "#q-" + code;
      link.textContent = code;
      item.appendChild(link);
      var entry = pending[code];
      item.appendChild(document.createTextNode(" " + describe({ choice: entry.choice, comment: "" })));
      if (entry.comment) {  // the user's words keep their own direction inside the page's
        item.appendChild(document.createTextNode(" — "));
        var words = document.createElement("bdi");
        words.textContent = "« " + entry.comment + " »";
        item.appendChild(words);
      }
      if (entry.conflict) { item.appendChild(document.createTextNode(" — " + form.dataset.msgChoose)); }
      list.appendChild(item);
    });
    kept.forEach(function (key) {
      var entry = files[key];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.page || "#q-" + entry.question;
      link.textContent = entry.question;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" " + form.dataset.msgFile + " "));
      item.appendChild(fileName(entry));
      if (entry.refused) { item.appendChild(document.createTextNode(" — " + form.dataset.msgFileRefused + " " + entry.refused)); }
      list.appendChild(item);
    });
    banner.appendChild(title);
    banner.appendChild(hint);
    banner.appendChild(list);
  }

  function progress(body) {
    var bar = document.getElementById("progress-total");
    if (bar) { bar.value = body.percent; bar.textContent = body.percent + " %"; }
    var count = document.getElementById("progress-count");
    if (count) { count.textContent = body.answered; }
  }

  function conflict(code, body) {
    var fieldset = fieldsetOf(code);
    if (!fieldset) {  // another axis: its page shows the choice when it is opened
      if (pending[code]) { pending[code].conflict = true; persist(code); }
      return;
    }
    var box = fieldset.querySelector(".conflict");
    box.querySelector(".conflict-text").textContent = body.error;
    box.querySelector(".conflict-theirs").textContent = form.dataset.msgTheirs + " " + describe(body.theirs);
    box.hidden = false;
    status(code, "", "failed");
    box.querySelector(".keep-theirs").onclick = function () {
      write(fieldset, body.theirs);
      revisionInput(fieldset).value = body.theirs.revision;
      delete pending[code];
      persist(code);
      remember(code, body.theirs, body.theirs.revision);
      box.hidden = true;
      status(code, form.dataset.msgSaved + " ✓", "saved");
      refreshBanner();
    };
    box.querySelector(".keep-mine").onclick = function () {
      revisionInput(fieldset).value = body.theirs.revision;
      box.hidden = true;
      request(code);
    };
  }

  // The answer changed (or must be sent again): send it now, after the save on the wire,
  // or when the connection returns.
  function request(code) {
    var s = state(code);
    clearTimeout(s.timer);
    s.timer = null;
    var fieldset = fieldsetOf(code);
    if (fieldset) { keep(fieldset); }
    refreshBanner();
    if (!pending[code]) { return; }
    if (s.inFlight) { status(code, form.dataset.msgSaving, "pending"); return; }
    if (!navigator.onLine) { status(code, form.dataset.msgQueued, "queued"); return; }
    send(code, null);
  }

  function send(code, then) {
    var s = state(code);
    var entry = pending[code];
    if (!entry) { if (then) { then(); } return; }
    var data = { choice: entry.choice, comment: entry.comment, note: entry.note, revision: entry.revision };
    var number = ++sent;
    s.inFlight = true;
    s.then = then;
    status(code, form.dataset.msgSaving, "pending");
    var body = new FormData();
    body.append(code + "-choice", data.choice);
    body.append(code + "-comment", data.comment);
    body.append(code + "-note", data.note);
    body.append(code + "-revision", data.revision);
    // A save that never comes back must not hold the next ones forever.
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    fetch(entry.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token(), "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { response: response, json: json };
      });
    }).then(function (reply) {
      clearTimeout(timeout);
      settle(code, data, number, reply.response, reply.json);
    }, function () {
      clearTimeout(timeout);
      settle(code, data, number, null, {});
    });
  }

  function settle(code, data, number, response, json) {
    var s = state(code);
    var fieldset = fieldsetOf(code);
    var then = s.then;
    s.inFlight = false;
    s.then = null;
    if (response && response.ok && json.saved) {
      if (fieldset) { revisionInput(fieldset).value = json.revision; }
      s.retries = 0;
      remember(code, data, json.revision);
      if (number > progressShown) { progressShown = number; progress(json); }
      var now = pending[code];
      if (!now || same(now, data)) {
        delete pending[code];
        persist(code);
        status(code, form.dataset.msgSaved + " ✓", "saved");
      } else {  // changed meanwhile: the next save, based on the revision just returned
        now.revision = String(json.revision);
        persist(code);
        send(code, null);
      }
    } else if (json.conflict) {
      conflict(code, json);
    } else if (!response || response.status >= 500 || response.status === 429 || !json.error) {
      retry(code);
    } else {
      status(code, form.dataset.msgRefused + " " + json.error, "failed");
    }
    refreshBanner();
    if (then) { then(); } else { sendFiles(); }
    goOnLeaving();
  }

  function retry(code) {
    var s = state(code);
    if (!navigator.onLine) { status(code, form.dataset.msgQueued, "queued"); return; }
    s.retries = Math.min(s.retries + 1, 5);
    status(code, form.dataset.msgRetry, "failed");
    wait(code, 1000 * Math.pow(2, s.retries), function () { send(code, null); });
  }

  // Everything kept on the device, one save after another, oldest first. An answer of
  // another axis that someone else changed waits for its own page, where the user chooses.
  function drain() {
    if (!navigator.onLine) { return; }
    var codes = order();
    (function next() {
      var code = codes.shift();
      if (code === undefined) { sendFiles(); return; }
      var entry = pending[code];
      if (!entry || state(code).inFlight || (entry.conflict && !fieldsetOf(code))) { next(); return; }
      clearTimeout(state(code).timer);
      state(code).timer = null;
      send(code, next);
    })();
  }

  // Evidence files kept on the device: chosen (or photographed) without a network, they wait
  // in IndexedDB ("files"), within a limit for the whole device, and are listed under their
  // question. Once the connection returns, each goes after its question's answer, one file at
  // a time; one the server refuses keeps its reason until the user dismisses it.
  var filesLimit = Number(form.dataset.filesMaxBytes) || 50 * 1024 * 1024;
  function fileOrder() {
    return Object.keys(files).sort(function (a, b) { return files[a].seq - files[b].seq; });
  }
  function bytes(size) {  // in the page's language, in the units Django's messages use
    var big = size >= 1024 * 1024;
    var value = big ? size / (1024 * 1024) : Math.max(size / 1024, 0.1);
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, {
        style: "unit", unit: big ? "megabyte" : "kilobyte", maximumFractionDigits: 1
      }).format(value);
    } catch (e) { return size + " B"; }
  }
  function fileName(entry) {  // the file's name keeps its own direction inside the page's
    var words = document.createElement("bdi");
    words.textContent = entry.name + " (" + bytes(entry.size) + ")";
    return words;
  }
  function evidenceUrl(code) { return form.dataset.evidenceUrl.replace("__question__", encodeURIComponent(code)); }
  function fileInput(fieldset) { return fieldset.querySelector("input[type=file][name='" + fieldset.dataset.question + "-file']"); }
  // The line under the file input: what happens to the file chosen, or why it was not kept.
  function fileNote(fieldset, text, kind) {
    var hint = fieldset.querySelector(".ev-pending");
    if (!hint) { return; }
    if (hint.dataset.text === undefined) { hint.dataset.text = hint.textContent; }
    hint.textContent = text || hint.dataset.text;
    hint.className = "ev-pending " + (kind === "failed" ? "text-danger" : "text-muted");
  }

  function showFiles(code) {
    var fieldset = fieldsetOf(code);
    var list = fieldset ? fieldset.querySelector(".ev-queued") : null;
    if (!list) { return; }
    list.textContent = "";
    var mine = fileOrder().filter(function (key) { return files[key].question === code; });
    list.hidden = mine.length === 0;
    mine.forEach(function (key) {
      var entry = files[key];
      var item = document.createElement("li");
      item.className = entry.refused ? "text-danger" : "text-muted";
      item.appendChild(fileName(entry));
      var what = entry.refused ? form.dataset.msgFileRefused + " " + entry.refused
        : (entry.sending ? form.dataset.msgFileSending : form.dataset.msgQueued);
      item.appendChild(document.createTextNode(" — " + what + " "));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link btn-sm p-0 align-baseline";
      button.textContent = entry.refused ? form.dataset.msgDismiss : form.dataset.msgRemove;
      button.setAttribute("aria-label", button.textContent + " " + entry.name);
      button.addEventListener("click", function () { forget(key); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }
  function forget(key) {
    var entry = files[key];
    if (!entry) { return; }
    delete files[key];
    quietly(queue.remove("files", key));
    showFiles(entry.question);
    refreshBanner();
  }

  // The files chosen on a question, kept on the device; resolves to false if one was not.
  function keepChosen(fieldset) {
    var input = fileInput(fieldset);
    if (!input || !input.files || !input.files.length) { return Promise.resolve(true); }
    var code = fieldset.dataset.question;
    if (!queue) { fileNote(fieldset, form.dataset.msgFileLater, "failed"); fieldset.querySelector(".ev-pending").hidden = false; return Promise.resolve(false); }
    var chosen = Array.prototype.slice.call(input.files);
    return chosen.reduce(function (chain, file) {
      return chain.then(function (allKept) {
        var seq = nextSeq();
        var entry = {
          key: keyOf(code) + ":" + seq, assessment: assessment, question: code, seq: seq,
          name: file.name || "photo.jpg", type: file.type || "", size: file.size, blob: file,
          url: evidenceUrl(code), page: window.location.pathname + "#q-" + code, refused: ""
        };
        return queue.keepFile(entry, filesLimit).then(function (kept) {
          if (!kept) { fileNote(fieldset, form.dataset.msgFilesFull, "failed"); return false; }
          files[entry.key] = entry;
          return allKept;
        }, function () { fileNote(fieldset, form.dataset.msgFileNotKept, "failed"); return false; });
      });
    }, Promise.resolve(true)).then(function (allKept) {
      var hint = fieldset.querySelector(".ev-pending");
      if (allKept) { input.value = ""; fileNote(fieldset, ""); }
      if (hint) { hint.hidden = allKept; }
      showFiles(code);
      refreshBanner();
      return allKept;
    });
  }

  // The oldest file whose question has no answer waiting before it goes next.
  function sendFiles() {
    if (filesBusy || !navigator.onLine) { return; }
    var key = fileOrder().filter(function (k) {
      var entry = files[k];
      var answer = pending[entry.question];
      return !entry.refused && !(answer && !answer.conflict) && !state(entry.question).inFlight;
    })[0];
    if (key === undefined) { return; }
    var entry = files[key];
    filesBusy = true;
    clearTimeout(fileTimer);
    entry.sending = true;
    showFiles(entry.question);
    var body = new FormData();
    body.append("file", entry.blob, entry.name);
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS * 4) : null;
    fetch(entry.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token(), "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { response: response, json: json };
      });
    }).then(function (reply) {
      clearTimeout(timeout);
      fileSettled(key, entry, reply.response, reply.json);
    }, function () {
      clearTimeout(timeout);
      fileSettled(key, entry, null, {});
    });
  }

  function fileSettled(key, entry, response, json) {
    filesBusy = false;
    entry.sending = false;
    if (response && response.ok && json.attached) {
      fileRetries = 0;
      delete files[key];
      quietly(queue.remove("files", key));
      showAttached(entry.question, json);
    } else if (response && response.status >= 400 && response.status < 500 && response.status !== 429 && json.error) {
      fileRetries = 0;
      if (files[key]) {  // not removed by the user meanwhile: kept, with the reason
        entry.refused = json.error;
        quietly(queue.put("files", entry));
      }
    } else {  // no network, a server error, a session to renew: the file waits
      showFiles(entry.question);
      refreshBanner();
      if (navigator.onLine) {
        fileRetries = Math.min(fileRetries + 1, 5);
        fileTimer = setTimeout(sendFiles, 1000 * Math.pow(2, fileRetries));
      }
      return;
    }
    showFiles(entry.question);
    refreshBanner();
    sendFiles();
  }

  // The file now on the server, listed with the question's other evidence, as after "Attach".
  function showAttached(code, json) {
    var fieldset = fieldsetOf(code);
    var box = fieldset ? fieldset.querySelector(".evidence") : null;
    if (!box) { return; }
    var item = document.createElement("span");
    item.className = "evidence-item me-2";
    var link = document.createElement("a");
    link.href = json.url;
    link.textContent = json.name;
    item.appendChild(link);
    var remover = document.createElement("form");
    remover.method = "post";
    remover.action = json.delete_url;
    remover.id = "evdel-" + json.code;
    remover.hidden = true;
    var csrfField = document.createElement("input");
    csrfField.type = "hidden";
    csrfField.name = "csrfmiddlewaretoken";
    csrfField.value = token();
    remover.appendChild(csrfField);
    document.body.appendChild(remover);
    var button = document.createElement("button");
    button.type = "submit";
    button.setAttribute("form", remover.id);
    button.className = "btn btn-link btn-sm p-0 text-danger";
    button.setAttribute("aria-label", form.dataset.msgRemove + " " + json.name);
    button.textContent = "×";
    item.appendChild(document.createTextNode(" "));
    item.appendChild(button);
    box.insertBefore(item, box.querySelector("label[for^='ev-file-']"));
    fileNote(fieldset, form.dataset.msgFileAdded);
    fieldset.querySelector(".ev-pending").hidden = false;
  }

  function restoreFiles(entries) {
    entries.forEach(function (entry) {
      entry.sending = false;
      files[entry.key] = entry;
      lastSeq = Math.max(lastSeq, entry.seq || 0);
    });
    fieldsets().forEach(function (fieldset) { showFiles(fieldset.dataset.question); });
  }

  // "Save and continue" posts the page: it goes once the saves on the wire are back,
  // so that a save still travelling cannot land after the page's and undo it.
  function goOnLeaving() {
    if (leaving === null || busy()) { return; }
    var submitter = leaving.submitter;
    leaving = null;
    if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
  }

  // What the device kept, put back in the form: the answers not sent yet, and those saved
  // from this device after the copy of the page (the cached one, offline) was made.
  function restore(entries, saved) {
    saved.forEach(function (record) {
      var fieldset = fieldsetOf(record.question);
      if (!fieldset || Number(record.revision) <= Number(revisionInput(fieldset).value)) { return; }
      write(fieldset, record);
      revisionInput(fieldset).value = record.revision;
    });
    entries.forEach(function (entry) {
      if (pending[entry.question]) { return; }  // changed on this page meanwhile
      pending[entry.question] = entry;
      lastSeq = Math.max(lastSeq, entry.seq || 0);
      var fieldset = fieldsetOf(entry.question);
      if (!fieldset) { return; }
      write(fieldset, entry);
      revisionInput(fieldset).value = entry.revision;
      status(entry.question, form.dataset.msgQueued, "queued");
    });
    refreshBanner();
    form.dispatchEvent(new CustomEvent("answers-restored"));
    if (window.performance && performance.mark) { performance.mark("m40-answers-restored"); }
    drain();
  }

  function urlFor(code) { return form.dataset.answerUrl.replace("__question__", encodeURIComponent(code)); }
  function pageFor(code) { return fieldsetOf(code) ? window.location.pathname + "#q-" + code : form.dataset.overviewUrl; }
  if (queue) {
    queue.migrate(assessment, urlFor, pageFor).then(function () {
      var kept = queue.files(assessment).catch(function () { return []; });
      return Promise.all([queue.pending(assessment), queue.saved(assessment), kept]);
    }).then(function (found) {
      restoreFiles(found[2]);
      restore(found[0], found[1]);
    }, function () { restore([], []); });
  }

  fieldsets().forEach(function (fieldset) {
    var code = fieldset.dataset.question;
    if (fieldset.disabled) { return; }
    fieldset.addEventListener("change", function (event) {
      if (event.target.type === "file") {
        if (!navigator.onLine && event.target === fileInput(fieldset)) { keepChosen(fieldset); return; }
        var hint = fieldset.querySelector(".ev-pending");
        fileNote(fieldset, "");
        if (hint) { hint.hidden = !(event.target.files && event.target.files.length); }
        return;
      }
      request(code);
    });
    fieldset.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA") { return; }
      keep(fieldset);
      refreshBanner();
      wait(code, 800, function () { request(code); });
    });
  });
  refreshBanner();

  window.addEventListener("online", function () {
    clearTimeout(fileTimer);
    fileRetries = 0;
    refreshBanner();
    drain();
  });
  window.addEventListener("offline", function () {
    refreshBanner();
    order().forEach(function (code) { if (!state(code).inFlight) { status(code, form.dataset.msgQueued, "queued"); } });
  });
  function fileChosen() {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }
  // Answers are safe on the device; a chosen evidence file is not.
  window.addEventListener("beforeunload", function (event) {
    if (fileChosen() && !form.dataset.submitting) { event.preventDefault(); event.returnValue = form.dataset.msgPending; }
  });
  // Logging out empties the device (config/offline.py): say so if answers would be lost.
  var logout = document.querySelector("form[action='" + form.dataset.logoutUrl + "']");
  if (logout) {
    logout.addEventListener("submit", function (event) {
      var kept = fileOrder().length;
      if ((order().length || kept) && !window.confirm(kept ? form.dataset.msgLogoutFiles : form.dataset.msgLogout)) { event.preventDefault(); }
    });
  }
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {  // the page cannot be posted: its answers and files are kept, go on
      event.preventDefault();
      var name = event.submitter ? event.submitter.name : "next";
      if (name === "attach") {
        var asked = fieldsetOf(event.submitter.value);
        if (asked) { keepChosen(asked); }
        return;
      }
      var target = name === "next" && form.dataset.nextUrl ? form.dataset.nextUrl : form.dataset.overviewUrl;
      Promise.all(fieldsets().filter(function (f) { return !f.disabled; }).map(keepChosen)).then(function (kept) {
        if (kept.every(Boolean)) { window.location.assign(target); }  // else: the page says why
      });
      return;
    }
    if (busy()) {
      event.preventDefault();
      leaving = { submitter: event.submitter || null };
      return;
    }
    // The page's post carries every answer: no autosave may race it.
    Object.keys(states).forEach(function (code) { clearTimeout(states[code].timer); states[code].timer = null; });
    form.dataset.submitting = "1";
  });
})();
