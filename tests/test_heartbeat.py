"""Workers' heartbeats: written, read, forgotten; a PDF worker's Chromium counted."""

import time
from pathlib import Path

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
    heartbeat.heartbeat_record(connection, hostname="pdf@a", queues={"pdf"}, chromium=2, now=100.0)
    assert heartbeat.heartbeats(connection) == {
        "pdf@a": {"at": 100.0, "queues": ["pdf"], "chromium": 2}
    }


def test_a_worker_silent_for_a_day_is_forgotten(connection) -> None:
    now = time.time()
    heartbeat.heartbeat_record(
        connection, hostname="gone@a", queues=["celery"], chromium=0, now=now - 90_000
    )
    heartbeat.heartbeat_record(
        connection, hostname="here@b", queues=["celery"], chromium=0, now=now
    )
    assert list(heartbeat.heartbeats(connection)) == ["here@b"]


def test_a_queue_is_served_by_a_worker_seen_within_the_window() -> None:
    now = time.time()
    beats = {
        "worker@a": {"at": now - 10, "queues": ["celery"], "chromium": 0},
        "pdf@a": {"at": now - 500, "queues": ["pdf"], "chromium": 1},
        "pdf@b": {"at": now - 10, "queues": ["pdf"], "chromium": 0},
    }
    assert heartbeat.queue_served(beats, queue="celery", within=60)
    assert heartbeat.queue_served(beats, queue="pdf", within=60)
    assert not heartbeat.queue_served(beats, queue="pdf", within=60, chromium=True)
    assert heartbeat.queue_served(beats, queue="pdf", within=600, chromium=True)
    assert not heartbeat.queue_served({}, queue="celery", within=60)


def fake_process(proc: Path, pid: int, parent: int, cmdline: str, comm: str = "x") -> None:
    (proc / str(pid)).mkdir()
    (proc / str(pid) / "stat").write_text(f"{pid} ({comm}) S {parent} 1 1 0 -1")
    (proc / str(pid) / "cmdline").write_bytes(cmdline.replace(" ", "\0").encode())


def test_it_counts_the_chromium_processes_below_a_worker(tmp_path: Path) -> None:
    fake_process(tmp_path, 10, 1, "celery -A config worker -Q pdf")
    fake_process(tmp_path, 11, 10, "celery -A config worker -Q pdf", comm="celery (x) y")
    fake_process(tmp_path, 12, 11, "/usr/lib/chromium/chromium --headless")
    fake_process(tmp_path, 13, 12, "/usr/lib/chromium/chromium --type=renderer")
    fake_process(tmp_path, 20, 1, "/usr/lib/chromium/chromium --headless")  # someone else's
    assert heartbeat.chromium_descendants(10, proc=tmp_path) == 2
    assert heartbeat.chromium_descendants(12, proc=tmp_path) == 1
    assert heartbeat.chromium_descendants(20, proc=tmp_path) == 0
