"""PDF rendering on real Celery workers, over Redis, against the test PostgreSQL database."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from config.celery import PDF_TASK
from config.celery import app as celery_app
from reports.documents import services as services
from reports.documents.models import Report
from tests.assessments.test_tasks import (
    forget_queue,
    require_realstack,
    stop_worker,
    wait_for,
    worker_database_url,
)
from tests.reports.documents.test_pdf import finished_diagnostic

ROOT = Path(__file__).resolve().parents[3]


def start_worker(
    queue: str, data_dir: Path, log: Path, *, pool: str, pdf_queue: str | None = None
) -> subprocess.Popen[bytes]:
    """A worker consuming ``queue``; the PDFs go to ``pdf_queue`` (by default the same)."""
    env = os.environ | {
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DATA_DIR": str(data_dir),
        "CELERY_QUEUE": queue,
        "CELERY_PDF_QUEUE": pdf_queue or queue,
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
        "--concurrency=1", "-Q", queue, "--without-gossip", "--without-mingle",
        "--without-heartbeat", "-l", "INFO",
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (the pool's children, and anything they started)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


@pytest.fixture
def worker_setup(settings, tmp_path) -> Iterator[tuple[str, Path]]:
    """A private queue for this test's PDF worker, and a DATA_DIR shared with it."""
    require_realstack()
    queue = f"test-{uuid.uuid4().hex}"
    settings.DATA_DIR = tmp_path / "data"
    saved = celery_app.conf.task_default_queue, celery_app.conf.task_routes
    # update(), not assignment: Celery rebuilds its router only then.
    celery_app.conf.update(task_default_queue=queue, task_routes={PDF_TASK: {"queue": queue}})
    yield queue, settings.DATA_DIR
    celery_app.conf.update(task_default_queue=saved[0], task_routes=saved[1])
    forget_queue(queue)


def run_worker(
    queue: str, data_dir: Path, log: Path, *, pool: str, pdf_queue: str | None = None
) -> subprocess.Popen[bytes]:
    worker = start_worker(queue, data_dir, log, pool=pool, pdf_queue=pdf_queue)
    wait_for(lambda: b" ready." in log.read_bytes(), timeout=60, worker=worker, what="the worker")
    return worker


def stop_all(worker: subprocess.Popen[bytes], log: Path, passed: bool) -> None:
    leftovers = descendants(worker.pid)
    stop_worker(worker)
    for pid in leftovers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if not passed:
        print(f"--- Celery worker output ({log}) ---")
        print(log.read_text(errors="replace") if log.exists() else "(no output)")


@pytest.mark.realstack
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_report(
    worker_setup, company, default_version, consultant, tmp_path
) -> None:
    queue, data_dir = worker_setup
    assessment = finished_diagnostic(company, default_version)
    log = tmp_path / "worker.log"
    worker = run_worker(queue, data_dir, log, pool="solo")
    passed = False
    try:
        report = services.report_request(assessment=assessment, language="fr", by=consultant)

        ready = Report.objects.filter(pk=report.pk, status=Report.Status.READY)
        wait_for(ready.exists, timeout=120, worker=worker, what="the report to be ready")
        report.refresh_from_db()
        path = services.report_path(report)
        assert path.is_relative_to(data_dir / "reports")
        reader = PdfReader(path)
        assert len(reader.pages) == report.pages
        assert "Atlas Circuits" in reader.pages[0].extract_text()
        succeeded = re.compile(r"reports\.tasks\.report_render\[[0-9a-f-]+\] succeeded")
        assert succeeded.search(log.read_text(errors="replace"))
        passed = True
    finally:
        stop_all(worker, log, passed)


@pytest.mark.realstack
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_does_not_lose_the_report(
    worker_setup, company, default_version, consultant, tmp_path
) -> None:
    queue, data_dir = worker_setup
    assessment = finished_diagnostic(company, default_version)
    log = tmp_path / "worker.log"
    worker = run_worker(queue, data_dir, log, pool="prefork")
    passed = False
    try:
        report = services.report_request(assessment=assessment, language="fr", by=consultant)
        rendering = Report.objects.filter(pk=report.pk, status=Report.Status.RENDERING)
        wait_for(rendering.exists, timeout=60, worker=worker, what="the render to start")
        child = next(
            pid for pid in descendants(worker.pid)
            if b"celery" in Path(f"/proc/{pid}/cmdline").read_bytes()
        )  # fmt: skip
        os.kill(child, signal.SIGKILL)

        # acks_late + reject_on_worker_lost: the message goes back to the queue at once.
        ready = Report.objects.filter(pk=report.pk, status=Report.Status.READY)
        wait_for(ready.exists, timeout=180, worker=worker, what="the report to be redone")
        report.refresh_from_db()
        assert report.attempts == 2
        assert PdfReader(services.report_path(report)).pages
        assert not list(services.report_path(report).parent.glob("*.part"))
        passed = True
    finally:
        stop_all(worker, log, passed)


def chromium_below(worker: subprocess.Popen[bytes]) -> bool:
    for pid in descendants(worker.pid):
        with contextlib.suppress(OSError):
            if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
    return False


@pytest.mark.realstack
@pytest.mark.django_db(transaction=True)
def test_a_pdf_worker_renders_without_a_browser(
    worker_setup, company, default_version, consultant, tmp_path
) -> None:
    """The charts are drawn in Python: a PDF worker (prefork, as in production) renders a
    report with no Chromium below it, warm or cold (it kept one per process, ~400 MiB)."""
    queue, data_dir = worker_setup
    assessment = finished_diagnostic(company, default_version)
    log = tmp_path / "pdf.log"
    worker = run_worker(queue, data_dir, log, pool="prefork")
    passed = False
    try:
        report = services.report_request(assessment=assessment, language="ar", by=consultant)
        ready = Report.objects.filter(pk=report.pk, status=Report.Status.READY)
        wait_for(ready.exists, timeout=120, worker=worker, what="the report to be ready")
        assert not chromium_below(worker)
        passed = True
    finally:
        stop_all(worker, log, passed)
