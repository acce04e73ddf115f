// What the device keeps of a diagnostic, in IndexedDB ("m40-offline"):
// - "pending": the answers not sent yet, one per question (its latest state, the revision
//   it is based on, where to send it, and "seq", the order in which they were given);
// - "saved": the last answer this device saved, with its revision, so that a page opened
//   from the cache shows it even if the cached copy predates it.
// Keys are "<diagnostic code>:<question code>". Writes are queued in the order they are
// made (IndexedDB runs the transactions of one store in that order), so a delete made after
// a put always wins. Without IndexedDB (some private modes) the queue lives in memory only.
(function () {
  "use strict";
  var NAME = "m40-offline";
  var STORES = ["pending", "saved"];
  var opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
        var request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = function () {
          STORES.forEach(function (name) {
            var store = request.result.createObjectStore(name, { keyPath: "key" });
            store.createIndex("assessment", "assessment");
          });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error("blocked")); };
      });
    }
    return opening;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result = work(tx.objectStore(store));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function all(store, assessment) {
    return run(store, "readonly", function (s) { return s.index("assessment").getAll(assessment); });
  }

  // Answers kept by the earlier version of autosave.js (localStorage, "m40:<code>:<question>")
  // move into the queue, oldest first, then leave localStorage.
  function migrate(assessment, urlFor, pageFor) {
    var prefix = "m40:" + assessment + ":";
    var found = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) { found.push(key); }
      }
    } catch (e) { return Promise.resolve([]); }
    var entries = found.map(function (key, index) {
      var data = JSON.parse(localStorage.getItem(key) || "null") || {};
      var question = key.slice(prefix.length);
      return {
        key: assessment + ":" + question, assessment: assessment, question: question,
        url: urlFor(question), page: pageFor(question), seq: index + 1,
        choice: data.choice || "", comment: data.comment || "", note: data.note || "",
        revision: data.revision === undefined ? "0" : String(data.revision)
      };
    });
    if (!entries.length) { return Promise.resolve([]); }
    return run("pending", "readwrite", function (s) {
      entries.forEach(function (entry) { s.put(entry); });
    }).then(function () {
      found.forEach(function (key) { localStorage.removeItem(key); });
      return entries;
    }, function () { return entries; });
  }

  window.M40Queue = {
    pending: function (assessment) { return all("pending", assessment); },
    saved: function (assessment) { return all("saved", assessment); },
    put: function (store, entry) { return run(store, "readwrite", function (s) { s.put(entry); }); },
    remove: function (store, key) { return run(store, "readwrite", function (s) { s.delete(key); }); },
    migrate: migrate
  };
})();
