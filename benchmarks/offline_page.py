"""Benchmark: the diagnostic's axis page, online and from the offline cache.

Production settings (DEBUG off, hashed static files, WhiteNoise) on a throw-away SQLite
database with the default framework and one consultant's draft (30 answers given), served
by gunicorn (2 workers) on loopback; Debian's Chromium through Playwright. Three cases:

- first visit: a new browser profile, no service worker yet (every byte from the server);
- online, worker installed: the page from the network, the assets from the worker's cache;
- offline: the network cut (the same as unplugging it), the page and assets from the cache.

For each, the median over the runs of: bytes transferred over the network (Resource Timing
``transferSize``, the page and every asset it loads), DOMContentLoaded, and the time until
the page is usable: its scripts ran and the answers kept on the device are back in the form
(the ``m40-answers-restored`` mark that autosave.js sets). Also printed: what the device
stores once the diagnostic is cached (``navigator.storage.estimate()``).

    .venv/bin/python benchmarks/offline_page.py [--runs 7]
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = 8013
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# One consultant's draft on the default framework, 30 answers given; prints the consultant's
# session key, the diagnostic's code and its first axis.
SETUP = """
import datetime
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from assessments import services
from assessments.models import Cluster
from assessments.roles import Role
from assessments.selectors import applicable_questions
admin = User.objects.create_superuser("bench-admin", "admin@example.org", None)
user = User.objects.create_user("bench", first_name="Nadia", last_name="Benali")
user.groups.add(Group.objects.get_or_create(name=Role.CONSULTANT)[0])
cluster = Cluster.objects.create(code="bench", name="Cluster", sector="electronics", region="CSE")
company = services.company_create(
    by=admin, cluster=cluster, name="Atlas Circuits", ice="900000000000001",
    sector="electronics", region="CSE", city="Casablanca", headcount="10-49",
    consultants=[user],
)
assessment = services.assessment_start(
    company=company, consultant=user, visit_date=datetime.date(2026, 10, 1)
)
for n, question in enumerate(applicable_questions(assessment)[:30]):
    services.answer_record(assessment=assessment, question=question, by=user, level=n % 6)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
axis = assessment.framework_version.axes.order_by("order").first()
print(session.session_key, assessment.code, axis.code)
"""
MEASURE = """async () => {
  const nav = performance.getEntriesByType("navigation")[0];
  const assets = performance.getEntriesByType("resource");
  const restored = performance.getEntriesByName("m40-answers-restored")[0];
  return {
    bytes: nav.transferSize + assets.reduce((sum, r) => sum + r.transferSize, 0),
    decoded: nav.decodedBodySize + assets.reduce((sum, r) => sum + r.decodedBodySize, 0),
    dcl: nav.domContentLoadedEventEnd,
    usable: restored ? restored.startTime : null,
    controlled: !!navigator.serviceWorker.controller,
  };
}"""


def environment(work: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATA_DIR=work,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env


def prepare(env: dict[str, str]) -> tuple[str, str, str]:
    def manage(*args: str) -> None:
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    manage("migrate")
    manage("collectstatic", "--no-input")
    manage("load_framework", "diagnostics/frameworks/default.yaml")
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    session, code, axis = out.strip().splitlines()[-1].split()
    return session, code, axis


def serve(env: dict[str, str]) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(PY).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE}/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def visit(page: Page, url: str, reload: bool = False) -> dict[str, float]:
    if reload:
        page.reload(wait_until="load")
    else:
        page.goto(url, wait_until="load")
    restored = "() => performance.getEntriesByName('m40-answers-restored').length > 0"
    while not page.evaluate(restored):  # polled: the page's CSP forbids wait_for_function's eval
        page.wait_for_timeout(20)
    return page.evaluate(MEASURE)


def new_context(browser, session: str) -> BrowserContext:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session, "url": BASE}])
    return context


def median_row(name: str, rows: list[dict[str, float]]) -> str:
    kb = statistics.median(r["bytes"] for r in rows) / 1024
    dcl = statistics.median(r["dcl"] for r in rows)
    usable = statistics.median(r["usable"] for r in rows)
    return f"{name:<34}{kb:>10.1f}{dcl:>10.0f}{usable:>10.0f}"


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="m40-offline-bench-") as work:
        env = environment(work)
        session, code, axis = prepare(env)
        server = serve(env)
        url = f"{BASE}/diagnostics/{code}/axes/{axis}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
                )
                first, online, offline = [], [], []
                for _ in range(runs):
                    context = new_context(browser, session)
                    page = context.new_page()
                    first.append(visit(page, url))
                    page.locator("#offline-ready:not([hidden])").wait_for()
                    context.close()
                context = new_context(browser, session)
                page = context.new_page()
                visit(page, url)
                page.locator("#offline-ready:not([hidden])").wait_for()
                for _ in range(runs):
                    row = visit(page, url, reload=True)
                    assert row["controlled"], "the worker does not control the page"
                    online.append(row)
                stored = page.evaluate("async () => (await navigator.storage.estimate()).usage")
                context.set_offline(True)
                for _ in range(runs):
                    offline.append(visit(page, url, reload=True))
                context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait()
    load = os.getloadavg()[0]
    print(f"Axis page {axis} of a draft (default framework), median of {runs}, loopback,")
    print(f"gunicorn 2 workers, production settings; load average {load:.1f}")
    print(f"{'':<34}{'KiB net':>10}{'DCL ms':>10}{'usable ms':>10}")
    print(median_row("online, first visit (no worker)", first))
    print(median_row("online, worker installed", online))
    print(median_row("offline, from the cache", offline))
    print(f"Stored on the device once cached: {stored / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    main(parser.parse_args().runs)
