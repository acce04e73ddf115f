"""``/healthz``: can this instance serve? For a load balancer, a monitor, or the IT person.

No login and no data: each check answers "ok", "fail" or "skipped", and the status is 200
or 503. Why a check failed goes to the log only, so that the page shows no address,
path or version to whoever asks.
"""

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
