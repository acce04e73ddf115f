// Makes the diagnostic open without a network: registers the service worker (/sw.js, see
// config/offline.py) and, once it runs, asks it to cache the diagnostic's other pages (its
// overview and every axis) and the home page, so that any of them opens offline.
(function () {
  "use strict";
  var form = document.getElementById("axis-form");
  if (!form || !("serviceWorker" in navigator) || !window.isSecureContext) { return; }
  var worker = form.dataset.serviceWorker;
  function pages() {
    var urls = [form.dataset.overviewUrl, form.dataset.homeUrl];
    document.querySelectorAll(".axis-steps a[href]").forEach(function (link) { urls.push(link.getAttribute("href")); });
    return urls.filter(Boolean);
  }
  navigator.serviceWorker.register(worker, { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (navigator.onLine && registration.active) {
      registration.active.postMessage({ type: "cache-pages", urls: pages() });
    }
  }).catch(function () { /* no worker (private mode, old browser): the page works online */ });
  navigator.serviceWorker.addEventListener("message", function (event) {
    var ready = document.getElementById("offline-ready");
    if (ready && event.data && event.data.type === "pages-cached") { ready.hidden = false; }
  });
})();
