"""Browser tests: sync Playwright driving Debian's Chromium against pytest-django's live_server."""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread

# Sync Playwright runs an event loop in the test thread; the ORM calls made by the
# tests themselves would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402


class OneAtATimeOnSQLiteWSGIServer(ThreadedWSGIServer):
    """The live server, one request at a time when the tests run on SQLite in memory.

    The test database is then one shared-cache in-memory SQLite database: each live-server
    thread opens its own connection to it, and SQLite locks whole tables between them
    without waiting ("database table is locked"), or interleaves savepoints when the
    connection is shared ("no such savepoint"). A real deployment (a database file with a
    busy timeout, or PostgreSQL) waits instead. Requests still run in threads, so keep-alive
    connections do not block one another; on PostgreSQL nothing is serialised.
    """

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.request_lock = threading.Lock()

    def set_app(self, application):  # type: ignore[no-untyped-def]
        def one_at_a_time(environ, start_response):  # type: ignore[no-untyped-def]
            if connection.vendor != "sqlite":
                return application(environ, start_response)
            with self.request_lock:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:  # request_finished, as the server would send it, inside the lock
                    if hasattr(response, "close"):
                        response.close()

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = OneAtATimeOnSQLiteWSGIServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def variants(request: pytest.FixtureRequest) -> list[tuple[int, str]]:
    """The (screen width, language) pairs a journey runs at: see --browser-matrix."""
    every = [(width, language) for language in ("fr", "en") for width in (1280, 768, 390)]
    matrix = request.config.getoption("--browser-matrix")
    if matrix == "full":
        return every
    if matrix == "one":
        return every[:1]
    return [(width, language) for width, language in every if language == matrix]


@pytest.fixture
def browser_context_args() -> dict[str, object]:
    """Override in a test module (or parametrize) for another viewport."""
    return {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def context(browser: Browser, live_server, browser_context_args) -> Iterator[BrowserContext]:
    # The diagnostic's service worker caches its pages behind the test's back, and those
    # requests may still run when the test's database is flushed: only the tests of the
    # offline diagnostic (test_offline_journey.py) let it run.
    options = {"service_workers": "block", **browser_context_args}
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A fresh page; uncaught JavaScript errors are collected in ``page.js_errors``, console
    errors (a Content Security Policy violation among them) in ``page.console_errors``."""
    page = context.new_page()
    errors: list[str] = []
    console: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.js_errors = errors  # type: ignore[attr-defined]
    page.console_errors = console  # type: ignore[attr-defined]
    yield page
    page.close()


@pytest.fixture
def log_in(context: BrowserContext, live_server):  # type: ignore[no-untyped-def]
    """Give the browser a session for a user without going through the login form."""

    def log_in(user: User) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return log_in
