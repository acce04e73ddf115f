"""Workers' heartbeats: written, read, forgotten."""

import time

import pytest

from config import heartbeat


@pytest.fixture
def connection(settings, redis_url):
    settings.REDIS_URL = redis_url
    connection = heartbeat.client()
    connection.delete(heartbeat.KEY)
    yield connection
    connection.delete(heartbeat.KEY)
    connection.close()


def test_a_heartbeat_says_which_queues_a_worker_serves_and_when(connection) -> None:
    heartbeat.heartbeat_record(connection, hostname="pdf@a", queues={"pdf"}, now=100.0)
    assert heartbeat.heartbeats(connection) == {"pdf@a": {"at": 100.0, "queues": ["pdf"]}}


def test_a_worker_silent_for_a_day_is_forgotten(connection) -> None:
    now = time.time()
    heartbeat.heartbeat_record(connection, hostname="gone@a", queues=["celery"], now=now - 90_000)
    heartbeat.heartbeat_record(connection, hostname="here@b", queues=["celery"], now=now)
    assert list(heartbeat.heartbeats(connection)) == ["here@b"]


def test_a_queue_is_served_by_a_worker_seen_within_the_window() -> None:
    now = time.time()
    beats = {
        "worker@a": {"at": now - 10, "queues": ["celery"]},
        "pdf@a": {"at": now - 500, "queues": ["pdf"]},
        # A heartbeat written before the update still counts (it also said "chromium").
        "pdf@b": {"at": now - 100, "queues": ["pdf"], "chromium": 0},
    }
    assert heartbeat.queue_served(beats, queue="celery", within=60)
    assert not heartbeat.queue_served(beats, queue="pdf", within=60)
    assert heartbeat.queue_served(beats, queue="pdf", within=200)
    assert not heartbeat.queue_served({}, queue="celery", within=60)
