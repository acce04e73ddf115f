import os
from collections.abc import Collection
from typing import Any

from celery import Celery
from celery.signals import (
    setup_logging,
    worker_process_init,
    worker_process_shutdown,
    worker_shutdown,
)

from config import logs  # noqa: F401 — logs each task failure with its object
from config.heartbeat import Heartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("maturite40")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # each app's tasks.py
app.autodiscover_tasks(
    ["assessments.notifications", "reports.documents", "reports.monitoring"]
)  # and its sub-packages'
app.steps["worker"].add(Heartbeat)  # /healthz sees the workers (and the pdf's Chromium)

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


def renders_pdfs(queues: Collection[str]) -> bool:
    """Whether a worker consuming ``queues`` receives the PDF rendering task."""
    return pdf_queue() in queues


def consumed_queues() -> set[str]:
    """The queues this worker consumes: those named by ``-Q``, else every declared one."""
    queues = app.amqp.queues
    return set(queues.consume_from or queues)


# One Chromium per process of the PDF workers draws the charts (kaleido), ~400 MiB each:
# other workers never render a PDF and start none. A prefork child of a PDF worker starts
# it as soon as it is forked, in the background, so that its first report does not wait
# for it; a solo worker starts it on its first chart.
@worker_process_init.connect
def start_chart_server(**kwargs: Any) -> None:
    if not renders_pdfs(consumed_queues()):
        return
    from reports.documents.pdf.kaleido_server import server

    server.start()


@worker_process_shutdown.connect
@worker_shutdown.connect
def stop_chart_server(**kwargs: Any) -> None:
    from reports.documents.pdf.kaleido_server import server

    server.stop()
