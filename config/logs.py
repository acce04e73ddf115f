"""Logs: one JSON object per line in production, each carrying the id of the request (or
the Celery task) it belongs to; the failures of Celery tasks, with the object concerned.

The request id comes from the ``X-Request-ID`` header when a proxy set one (nginx:
``proxy_set_header X-Request-ID $request_id``), else is made here; it is returned in the
response's ``X-Request-ID``, so a user's report of an error can be found in the logs.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from celery.signals import task_failure
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# What LogRecord has of itself: anything else a call passed in ``extra`` goes to the JSON.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if VALID_ID.fullmatch(given) else uuid.uuid4().hex
        request_id.set(rid)  # cleared when the response is closed: Django logs errors after us
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


@receiver(request_finished)
def forget_request_id(**kwargs: Any) -> None:
    request_id.set("")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id``: the request's, else the running Celery task's id, else ""."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or _task_id()
        return True


def _task_id() -> str:
    from celery import current_task

    task = current_task
    return str(task.request.id or "") if task else ""


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        line |= {k: v for k, v in vars(record).items() if k not in STANDARD}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


task_logger = logging.getLogger("maturite40.tasks")


@task_failure.connect
def log_task_failure(
    sender: Any = None,
    task_id: str | None = None,
    exception: BaseException | None = None,
    kwargs: dict[str, Any] | None = None,
    **extra: Any,
) -> None:
    """One error line per failed task, naming the object it concerned: tasks take ids as
    keyword arguments (``report_id=12``)."""
    concerned = ", ".join(f"{key}={value}" for key, value in sorted((kwargs or {}).items()))
    task_logger.error(
        "Task %s failed for %s: %s: %s",
        getattr(sender, "name", sender),
        concerned or "no object",
        type(exception).__name__,
        exception,
        extra={"task": getattr(sender, "name", ""), "task_id": task_id, "concerned": kwargs or {}},
    )
