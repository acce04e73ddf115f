"""``/healthz``: can this instance serve? For a load balancer, a monitor, or the IT person.

No login and no data: each check answers "ok", "fail" or "skipped", and the status is 200
or 503. The checks: the database answers; Redis answers; a worker of the default queue, and
one of the PDF queue, wrote a heartbeat in the last
``HEALTHZ_HEARTBEAT_SECONDS`` (``config/heartbeat.py``); ``DATA_DIR`` has room. Without
``REDIS_URL`` (tasks in-process) Redis and the workers do not apply: "skipped". Why a
check failed goes to the log only, so that the page shows no address, path or version to
whoever asks.
"""

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config import heartbeat
from config.celery import pdf_queue

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def redis_answers() -> bool | None:
    """None without REDIS_URL: tasks then run in-process and nothing else needs Redis."""
    if not settings.REDIS_URL:
        return None
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    finally:
        client.close()


def _heartbeats() -> dict[str, dict[str, Any]] | None:
    if not settings.REDIS_URL:
        return None
    connection = heartbeat.client()
    try:
        return heartbeat.heartbeats(connection)
    finally:
        connection.close()


def worker_seen() -> bool | None:
    """A worker of the default queue wrote its heartbeat lately (None: tasks run in-process)."""
    beats = _heartbeats()
    if beats is None:
        return None
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    return heartbeat.queue_served(beats, queue=queue, within=settings.HEALTHZ_HEARTBEAT_SECONDS)


def pdf_worker_seen() -> bool | None:
    """A worker of the PDF queue wrote its heartbeat lately."""
    beats = _heartbeats()
    if beats is None:
        return None
    return heartbeat.queue_served(
        beats, queue=pdf_queue(), within=settings.HEALTHZ_HEARTBEAT_SECONDS
    )


def data_dir_has_room() -> bool:
    """DATA_DIR (reports, evidence, the SQLite file) is writable, with enough free space."""
    data_dir = Path(settings.DATA_DIR)
    free_mb = shutil.disk_usage(data_dir).free // 2**20
    if free_mb < settings.HEALTHZ_MIN_FREE_MB:
        logger.error("Health check: %s MB free in DATA_DIR (%s)", free_mb, data_dir)
        return False
    return os.access(data_dir, os.W_OK)


CHECKS: dict[str, Callable[[], bool | None]] = {
    "database": database_answers,
    "redis": redis_answers,
    "worker": worker_seen,
    "pdf": pdf_worker_seen,
    "disk": data_dir_has_room,
}


def _outcome(name: str, check: Callable[[], bool | None]) -> str:
    try:
        result = check()
    except Exception as exc:  # one line, not a traceback: a probe calls every few seconds
        logger.error("Health check %s failed: %s: %s", name, type(exc).__name__, exc)
        return "fail"
    return "skipped" if result is None else ("ok" if result else "fail")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {name: _outcome(name, check) for name, check in CHECKS.items()}
    healthy = "fail" not in checks.values()
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
