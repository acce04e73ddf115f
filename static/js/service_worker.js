// The diagnostic without a network. Served by config/offline.py at /sw.js, which puts
// VERSION and PRECACHE (the assets' URLs, hashed in production) before this text.
// Pages of a diagnostic (its overview and its axis pages) and the home page come from the
// network when it answers, and from the cache when it does not; each answer they show is
// then brought up to date by autosave.js from what the device kept (IndexedDB). Assets come
// from the cache, refreshed behind. Nothing else is touched: saves (POST), reports, admin.
/* global VERSION, PRECACHE */
"use strict";
var CACHE = "m40-" + VERSION;
var NETWORK_WAIT_MS = 6000;
var PAGE = /^\/(diagnostics\/[0-9a-f-]{36}\/(axes\/[^/]+\/)?)?$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("m40-") === 0 && name !== CACHE; }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (!response || !response.ok || response.redirected || response.type !== "basic") { return response; }
  var copy = response.clone();
  caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
  return response;
}

function cached(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, { ignoreVary: true, ignoreSearch: true }); });
}

// The network first; the cached page when the network fails, or hangs for a few seconds.
function page(request) {
  var key = request.url.split("#")[0];
  var network = fetch(request).then(function (response) { return keep(key, response); });
  return new Promise(function (resolve, reject) {
    var done = false;
    function answer(response) { if (!done && response) { done = true; resolve(response); } }
    network.then(answer, function (error) {
      cached(key).then(function (hit) { if (hit) { answer(hit); } else if (!done) { done = true; reject(error); } });
    });
    setTimeout(function () { cached(key).then(answer); }, NETWORK_WAIT_MS);
  });
}

function asset(request) {
  return cached(request).then(function (hit) {
    var network = fetch(request).then(function (response) { return keep(request, response); });
    if (hit) { network.catch(function () { /* offline: the cached copy serves */ }); return hit; }
    return network;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && PAGE.test(url.pathname)) {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  }
});

// A diagnostic page, once open, asks for the diagnostic's other pages so that they open
// without a network too. Pages already cached are left as they are: the network refreshes
// them when they are visited online.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache-pages" || !Array.isArray(data.urls)) { return; }
  var urls = data.urls.filter(function (u) {
    var url = new URL(u, self.location.origin);
    return url.origin === self.location.origin && PAGE.test(url.pathname);
  });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return urls.reduce(function (chain, u) {
      return chain.then(function () {
        return cache.match(u, { ignoreVary: true }).then(function (hit) {
          if (hit) { return null; }
          return fetch(u, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) { return cache.put(u, response); }
            return null;
          }).catch(function () { return null; });
        });
      });
    }, Promise.resolve());
  }).then(function () {
    if (event.source) { event.source.postMessage({ type: "pages-cached", urls: urls }); }
  }));
});
