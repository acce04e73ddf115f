"""/healthz: 200 when the database, Redis and the data disk answer, 503 naming what does not."""

import socket

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nobody listens on (the system just handed it out and took it back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_it_answers_200_without_login_when_everything_is_up(client: Client, settings) -> None:
    """Redis is pinged when the suite runs with REDIS_URL (as .ci/run's second run does)."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "redis": "ok" if settings.REDIS_URL else "skipped",
            "disk": "ok",
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_redis_does_not_answer(client: Client, settings) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "redis": "fail", "disk": "ok"},
    }
    assert b"127.0.0.1" not in response.content  # why goes to the log, not to the caller


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
