"""/healthz: 200 when the database, Redis, the workers and the data disk answer, 503 naming
what does not."""

import socket
import time
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection
from django.test import Client

from config import heartbeat

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nobody listens on (the system just handed it out and took it back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(autouse=True)
def workers_alive(settings) -> Iterator[None]:
    """With REDIS_URL (.ci/run's second run), a worker of each queue has just said it runs."""
    if not settings.REDIS_URL:
        yield
        return
    connection = heartbeat.client()
    for hostname, queue in [("worker@test", "celery"), ("pdf@test", "pdf")]:
        heartbeat.heartbeat_record(connection, hostname=hostname, queues=[queue])
    yield
    connection.delete(heartbeat.KEY)
    connection.close()


def test_it_answers_200_without_login_when_everything_is_up(client: Client, settings) -> None:
    """Redis and the workers count when the suite runs with REDIS_URL (as .ci/run's second
    run does); without it tasks run in-process and they do not apply."""
    response = client.get("/healthz")
    assert response.status_code == 200
    served = "ok" if settings.REDIS_URL else "skipped"
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "redis": served,
            "worker": served,
            "pdf": served,
            "disk": "ok",
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_the_embedded_default_reports_what_applies(client: Client, settings) -> None:
    settings.REDIS_URL = ""
    checks = client.get("/healthz").json()["checks"]
    assert checks == {
        "database": "ok",
        "redis": "skipped",
        "worker": "skipped",
        "pdf": "skipped",
        "disk": "ok",
    }


def test_it_answers_503_when_redis_does_not_answer(client: Client, settings) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {
            "database": "ok",
            "redis": "fail",
            "worker": "fail",
            "pdf": "fail",
            "disk": "ok",
        },
    }
    assert b"127.0.0.1" not in response.content  # why goes to the log, not to the caller


def test_it_answers_503_when_no_worker_was_seen_lately(client: Client, settings, redis_url) -> None:
    settings.REDIS_URL = redis_url
    connection = heartbeat.client()
    connection.delete(heartbeat.KEY)
    old = time.time() - settings.HEALTHZ_HEARTBEAT_SECONDS - 5
    heartbeat.heartbeat_record(connection, hostname="w@a", queues=["celery"], now=old)
    heartbeat.heartbeat_record(connection, hostname="p@a", queues=["pdf"], now=old)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] | {"redis": "ok"} == {
        "database": "ok",
        "redis": "ok",
        "worker": "fail",
        "pdf": "fail",
        "disk": "ok",
    }
    heartbeat.heartbeat_record(connection, hostname="w@a", queues=["celery"])
    checks = client.get("/healthz").json()["checks"]
    assert (checks["worker"], checks["pdf"]) == ("ok", "fail")  # the pdf worker is still silent
    heartbeat.heartbeat_record(connection, hostname="p@a", queues=["pdf"])
    assert client.get("/healthz").status_code == 200


def test_it_answers_503_when_the_data_disk_is_nearly_full(client: Client, settings) -> None:
    settings.HEALTHZ_MIN_FREE_MB = 2**40
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"] == "fail"


def test_it_answers_503_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"


def test_a_probe_over_plain_http_is_not_sent_to_https(settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/login/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_it_only_answers_reads(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
