import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging

from config import logs  # noqa: F401 — logs each task failure with its object
from config.heartbeat import Heartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("maturite40")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # each app's tasks.py
app.autodiscover_tasks(
    ["assessments.notifications", "reports.documents", "reports.monitoring"]
)  # and its sub-packages'
app.steps["worker"].add(Heartbeat)  # /healthz sees the workers

PDF_TASK = "reports.tasks.report_render"


@setup_logging.connect
def use_django_logging(**kwargs: Any) -> None:
    """Workers and beat log as the web does (settings.LOGGING: JSON in production), not
    in Celery's own format."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def pdf_queue() -> str:
    """The queue the PDF rendering task goes to (``CELERY_TASK_ROUTES``)."""
    route = (app.conf.task_routes or {}).get(PDF_TASK, {})
    return str(route.get("queue", app.conf.task_default_queue))
