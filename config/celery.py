import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("maturite40")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # each app's tasks.py
app.autodiscover_tasks(["reports.documents", "reports.monitoring"])  # and its sub-packages'


# One Chromium per worker process draws the PDF charts (kaleido). A prefork child
# starts it as soon as it is forked, in the background, so that its first report
# does not wait for it; a solo worker starts it on its first chart.
@worker_process_init.connect
def start_chart_server(**kwargs: Any) -> None:
    from reports.documents.pdf.kaleido_server import server

    server.start()


@worker_process_shutdown.connect
@worker_shutdown.connect
def stop_chart_server(**kwargs: Any) -> None:
    from reports.documents.pdf.kaleido_server import server

    server.stop()
