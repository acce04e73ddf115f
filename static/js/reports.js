// Keeps the PDF report panels up to date while a report is queued or rendering.
(function () {
  "use strict";
  if (window.reportPanelsStarted) { return; }
  window.reportPanelsStarted = true;
  var DELAY_MS = 3000;
  var MAX_FAILURES = 5;
  var failures = 0;

  function pendingPanels() {
    return Array.prototype.slice.call(
      document.querySelectorAll("[data-report-panel][data-pending='true']")
    );
  }

  function refresh(panel) {
    return fetch(panel.dataset.pollUrl, {
      credentials: "same-origin",
      headers: { "Accept": "text/html", "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var fresh = holder.querySelector("[data-report-panel]");
      if (fresh) { panel.replaceWith(fresh); }
    });
  }

  function tick() {
    var panels = pendingPanels();
    if (!panels.length) { return; }
    Promise.all(panels.map(refresh)).then(function () {
      failures = 0;
    }, function () {
      failures += 1;
    }).then(function () {
      if (failures < MAX_FAILURES) { window.setTimeout(tick, DELAY_MS * (failures + 1)); }
    });
  }

  function start() { window.setTimeout(tick, DELAY_MS); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
