"""Logs: JSON lines with the request id, the id returned to the caller, task failures
logged with their object, and Sentry only when a DSN is set."""

import http.server
import io
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.test import Client

from config.celery import app
from config.logs import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def json_lines():
    """What the production handler (JSON, with the request id) writes, line by line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_it_returns_the_request_id_a_proxy_gave(client: Client) -> None:
    assert client.get("/login/", HTTP_X_REQUEST_ID="nginx-42ab")["X-Request-ID"] == "nginx-42ab"


def test_it_makes_a_request_id_when_none_or_a_strange_one_is_given(client: Client) -> None:
    made = client.get("/login/")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/login/")["X-Request-ID"] != made
    strange = client.get("/login/", HTTP_X_REQUEST_ID='x"\n{evil}')["X-Request-ID"]
    assert len(strange) == 32


@pytest.mark.django_db
def test_a_log_line_is_json_with_the_request_id(client: Client, json_lines) -> None:
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-7")
    (line,) = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["request_id"] == "trace-7"
    assert line["status_code"] == 404
    logging.getLogger("after").warning("between requests")
    assert json_lines()[-1]["request_id"] == ""


@app.task(name="tests.test_logs.fails")
def fails(*, report_id: int) -> None:
    raise ValueError("the template is missing")


def test_a_failed_task_is_logged_with_the_object_it_concerned(json_lines) -> None:
    result = fails.apply(kwargs={"report_id": 12}, task_id="task-abc", throw=False)
    assert result.failed()
    (line,) = [line for line in json_lines() if line["logger"] == "maturite40.tasks"]
    assert line["level"] == "ERROR"
    assert line["message"] == (
        "Task tests.test_logs.fails failed for report_id=12: ValueError: the template is missing"
    )
    assert line["concerned"] == {"report_id": 12}
    assert line["task_id"] == line["request_id"] == "task-abc"


class Ingest(http.server.BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Ingest.received.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def report_an_error(**env: str) -> str:
    script = (
        "import django, sentry_sdk; django.setup(); "
        "print(sentry_sdk.get_client().is_active()); "
        "sentry_sdk.capture_message('checking'); sentry_sdk.flush(timeout=5)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_errors_go_to_sentry_only_when_a_dsn_is_set() -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), Ingest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Ingest.received.clear()
    try:
        assert report_an_error() == "False"
        assert Ingest.received == []
        dsn = f"http://public@127.0.0.1:{server.server_port}/42"
        assert report_an_error(SENTRY_DSN=dsn) == "True"
        assert Ingest.received == ["/api/42/envelope/"]
    finally:
        server.shutdown()
