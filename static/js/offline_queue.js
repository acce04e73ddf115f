// What the device keeps of a diagnostic, in IndexedDB ("m40-offline"):
// - "pending": the answers not sent yet, one per question (its latest state, the revision
//   it is based on, where to send it, and "seq", the order in which they were given);
// - "saved": the last answer this device saved, with its revision, so that a page opened
//   from the cache shows it even if the cached copy predates it.
// - "files" (since version 2): the evidence files chosen (or photos taken) without a
//   network, with their question, name, type, size and content, until the server has them;
//   a file the server refused stays, with the reason, until the user dismisses it.
// Keys are "<diagnostic code>:<question code>" ("...:<question code>:<id>" for files).
// Writes are queued in the order they are made (IndexedDB runs the transactions of one store
// in that order), so a delete made after a put always wins. Without IndexedDB (some private
// modes) answers live in memory only, and files are not kept.
(function () {
  "use strict";
  var NAME = "m40-offline";
  var VERSION = 2;
  var STORES = ["pending", "saved", "files"];
  var opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
        var request = indexedDB.open(NAME, VERSION);
        // Upgrading adds the stores missing; those of version 1 stay, with what they hold.
        request.onupgradeneeded = function () {
          var db = request.result;
          STORES.forEach(function (name) {
            if (db.objectStoreNames.contains(name)) { return; }
            db.createObjectStore(name, { keyPath: "key" }).createIndex("assessment", "assessment");
          });
        };
        request.onsuccess = function () {
          var db = request.result;
          // A newer version opened in another tab: let it upgrade, reopen on the next use.
          db.onversionchange = function () { db.close(); opening = null; };
          resolve(db);
        };
        request.onerror = function () { reject(request.error); };
        // A tab still open on the older version holds it: the upgrade (and what waits on
        // it) goes on as soon as that tab lets go, losing nothing meanwhile.
        request.onblocked = function () { /* wait */ };
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

  // A file is kept only if the files kept on the device, all diagnostics together, stay
  // within the limit: resolves to false (and keeps nothing) otherwise.
  function keepFile(entry, limit) {
    var outcome = { result: true };
    return run("files", "readwrite", function (s) {
      var request = s.getAll();
      request.onsuccess = function () {
        var total = request.result.reduce(function (sum, kept) {
          return kept.key === entry.key ? sum : sum + (kept.size || 0);
        }, 0);
        if (total + entry.size > limit) { outcome.result = false; return; }
        s.put(entry);
      };
      return outcome;
    });
  }

  window.M40Queue = {
    pending: function (assessment) { return all("pending", assessment); },
    saved: function (assessment) { return all("saved", assessment); },
    files: function (assessment) { return all("files", assessment); },
    keepFile: keepFile,
    put: function (store, entry) { return run(store, "readwrite", function (s) { s.put(entry); }); },
    remove: function (store, key) { return run(store, "readwrite", function (s) { s.delete(key); }); },
    migrate: migrate
  };
})();
