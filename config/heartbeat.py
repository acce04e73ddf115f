"""Each Celery worker says every few seconds, in Redis, that it runs and which queues it
consumes; ``/healthz`` reads what they said.

A bootstep of the worker's main process writes it (:class:`Heartbeat`, registered in
``config/celery.py``).
"""

import json
import logging
import time
from collections.abc import Collection
from typing import Any

import redis
from celery import bootsteps
from django.conf import settings

logger = logging.getLogger(__name__)

KEY = "maturite40:heartbeats"
EVERY_SECONDS = 15
FORGET_AFTER_SECONDS = 24 * 3600  # a worker stopped for a day leaves the hash


def client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def heartbeat_record(
    connection: redis.Redis,
    *,
    hostname: str,
    queues: Collection[str],
    now: float | None = None,
) -> None:
    now = time.time() if now is None else now
    beat = {"at": now, "queues": sorted(queues)}
    connection.hset(KEY, hostname, json.dumps(beat))
    stale = [
        name
        for name, seen in heartbeats(connection).items()
        if seen["at"] < now - FORGET_AFTER_SECONDS
    ]
    if stale:
        connection.hdel(KEY, *stale)


def heartbeats(connection: redis.Redis) -> dict[str, dict[str, Any]]:
    """What each worker last said, by host name."""
    raw: dict[bytes, bytes] = connection.hgetall(KEY)  # type: ignore[assignment]
    return {name.decode(): json.loads(value) for name, value in raw.items()}


def queue_served(beats: dict[str, dict[str, Any]], *, queue: str, within: float) -> bool:
    """Whether a worker consuming ``queue`` was seen in the last ``within`` seconds."""
    since = time.time() - within
    return any(queue in beat["queues"] and beat["at"] >= since for beat in beats.values())


class Heartbeat(bootsteps.StartStopStep):
    """Writes this worker's heartbeat every ``EVERY_SECONDS`` from its timer thread."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self.tref: Any = None

    def start(self, worker: Any) -> None:
        if not settings.REDIS_URL:
            return
        self.beat(worker)
        self.tref = worker.timer.call_repeatedly(EVERY_SECONDS, self.beat, (worker,), priority=10)

    def stop(self, worker: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    def beat(self, worker: Any) -> None:
        declared = worker.app.amqp.queues
        queues = set(declared.consume_from or declared)  # -Q, else every declared queue
        try:
            connection = client()
            try:
                heartbeat_record(connection, hostname=worker.hostname, queues=queues)
            finally:
                connection.close()
        except (redis.RedisError, OSError) as exc:  # Redis down: /healthz says so already
            logger.warning("Worker heartbeat not written: %s: %s", type(exc).__name__, exc)
