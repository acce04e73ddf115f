// Answering at the pace of the conversation: a number key gives the level and moves on to
// the next question, N marks it not applicable and asks why, C opens the comment, Esc goes
// back to the levels, U jumps to the next unanswered question (on this axis, then the next
// axis that has one). Evidence can be dropped on a question or taken with the camera.
// Saving stays with autosave.js: this file only sets inputs and sends their change events.
(function () {
  "use strict";
  var form = document.getElementById("axis-form");
  if (!form) { return; }
  var bar = document.querySelector(".sticky-progress");
  var nextButton = document.getElementById("next-unanswered");
  var nextStatus = document.getElementById("next-unanswered-status");
  var axisCount = document.getElementById("axis-count");

  // Focused fields must never hide under the sticky progress bar (WCAG 2.2, 2.4.11).
  function keepClearOfBar() {
    var height = bar ? bar.getBoundingClientRect().height : 0;
    document.documentElement.style.setProperty("--sticky-height", Math.ceil(height) + "px");
  }
  keepClearOfBar();
  window.addEventListener("resize", keepClearOfBar);

  function questions() {
    return Array.prototype.slice.call(form.querySelectorAll("fieldset.question:not([disabled])"));
  }
  function choices(fieldset) {
    return fieldset.querySelectorAll("input[name='" + fieldset.dataset.question + "-choice']");
  }
  function answered(fieldset) {
    return Array.prototype.some.call(choices(fieldset), function (input) { return input.checked; });
  }
  function comment(fieldset) {
    return fieldset.querySelector("textarea[name='" + fieldset.dataset.question + "-comment']");
  }

  function focusLevels(fieldset) {
    var list = choices(fieldset);
    var target = Array.prototype.find.call(list, function (input) { return input.checked; }) || list[0];
    if (target) {
      target.focus({ preventScroll: true });
      fieldset.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }

  function focusAfter(fieldset) {
    var all = questions();
    var next = all[all.indexOf(fieldset) + 1];
    if (next) { focusLevels(next); return; }
    var go = form.querySelector("button[type=submit][name=next], button[type=submit][name=done]");
    if (go) { go.focus(); }
  }

  function choose(fieldset, value) {
    var input = Array.prototype.find.call(choices(fieldset), function (i) { return i.value === value; });
    if (!input) { return false; }
    if (!input.checked) {
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    return true;
  }

  function countAxis() {
    if (!axisCount) { return; }
    axisCount.textContent = questions().filter(answered).length;
  }

  function nextUnanswered(from) {
    var all = questions();
    var start = from ? all.indexOf(from) + 1 : 0;
    var ordered = all.slice(start).concat(all.slice(0, start));
    var open = ordered.find(function (f) { return !answered(f); });
    if (open) { focusLevels(open); return; }
    if (nextButton && nextButton.dataset.nextAxis) {
      window.location.assign(nextButton.dataset.nextAxis);
      return;
    }
    if (nextStatus) { nextStatus.textContent = nextStatus.dataset.msgDone; }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) { return; }
    var target = event.target;
    var fieldset = target.closest ? target.closest("fieldset.question") : null;
    if (target.tagName === "TEXTAREA") {
      if (event.key === "Escape" && fieldset) { event.preventDefault(); focusLevels(fieldset); }
      return;
    }
    if (target.tagName === "INPUT" && target.type !== "radio") { return; }
    if (target.tagName === "SELECT") { return; }
    var key = event.key.toLowerCase();
    if (key === "u") { event.preventDefault(); nextUnanswered(fieldset); return; }
    if (!fieldset || fieldset.disabled) { return; }
    if (/^[0-5]$/.test(key)) {
      if (choose(fieldset, key)) { event.preventDefault(); focusAfter(fieldset); }
    } else if (key === "n") {
      if (choose(fieldset, "na")) { event.preventDefault(); comment(fieldset).focus(); }
    } else if (key === "c") {
      event.preventDefault();
      comment(fieldset).focus();
    }
  });

  form.addEventListener("answers-restored", countAxis);  // autosave.js put kept answers back
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") { countAxis(); }
    if (event.target.classList.contains("camera-input")) { take(event.target); }
  });

  // A photo from the camera, or a dropped file, becomes the question's evidence file: the
  // next save (or "Attach") sends it, as for a file chosen with the file picker.
  function attach(fieldset, files) {
    var input = fieldset.querySelector("input[type=file][name$='-file']");
    if (!input || !files || !files.length || !window.DataTransfer) { return; }
    var transfer = new DataTransfer();
    transfer.items.add(files[0]);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function take(camera) {
    attach(camera.closest("fieldset.question"), camera.files);
    camera.value = "";
  }

  questions().forEach(function (fieldset) {
    if (!fieldset.querySelector("input[type=file]")) { return; }
    fieldset.addEventListener("dragover", function (event) {
      if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types, "Files") < 0) { return; }
      event.preventDefault();
      fieldset.classList.add("drop-target");
    });
    fieldset.addEventListener("dragleave", function () { fieldset.classList.remove("drop-target"); });
    fieldset.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      event.preventDefault();
      fieldset.classList.remove("drop-target");
      attach(fieldset, event.dataTransfer.files);
    });
  });

  if (nextButton) {
    nextButton.addEventListener("click", function () {
      var focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest("fieldset.question") : null;
      nextUnanswered(focused);
    });
  }
})();
