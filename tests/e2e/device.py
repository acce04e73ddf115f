"""What the browser keeps on the device for the offline diagnostic (static/js/offline_queue.js)."""

from playwright.sync_api import Page

# Opening the database only when it exists: opening it here would create it empty.
QUEUED = """async code => {
  const names = (await indexedDB.databases()).map(d => d.name);
  if (!names.includes("m40-offline")) return [];
  const db = await new Promise((ok, ko) => {
    const r = indexedDB.open("m40-offline"); r.onsuccess = () => ok(r.result); r.onerror = ko;
  });
  const all = await new Promise(ok => {
    const r = db.transaction("pending").objectStore("pending").getAll();
    r.onsuccess = () => ok(r.result);
  });
  db.close();
  return all.filter(e => !code || e.question === code).map(e => e.question);
}"""


def queued_on_device(page: Page, code: str = "") -> list[str]:
    """The question codes whose answer waits on the device to be sent (all, or this one)."""
    return page.evaluate(QUEUED, code)


def wait_until_nothing_queued(page: Page, code: str = "", timeout_ms: int = 15_000) -> None:
    waited = 0
    while queued_on_device(page, code):
        assert waited < timeout_ms, f"still queued: {queued_on_device(page, code)}"
        page.wait_for_timeout(100)
        waited += 100


FILES = """async () => {
  const names = (await indexedDB.databases()).map(d => d.name);
  if (!names.includes("m40-offline")) return [];
  const db = await new Promise((ok, ko) => {
    const r = indexedDB.open("m40-offline"); r.onsuccess = () => ok(r.result); r.onerror = ko;
  });
  if (!db.objectStoreNames.contains("files")) { db.close(); return []; }
  const all = await new Promise(ok => {
    const r = db.transaction("files").objectStore("files").getAll();
    r.onsuccess = () => ok(r.result);
  });
  db.close();
  return all.map(e => [e.question, e.name, e.size, e.refused]);
}"""


def files_on_device(page: Page) -> list[list[object]]:
    """The evidence files the device keeps: [question, name, size, refusal reason] each."""
    return page.evaluate(FILES)
