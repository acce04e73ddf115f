"""Benchmark: a cohort of PDF roadmaps rendered by real Celery workers over Redis.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); fills an empty database with
the default framework and the demo cohort. Starts --workers worker processes (prefork,
--concurrency=1 each) on a private queue, warms each up with one report (fonts and
stylesheets loaded), then queues the cohort, as ``render_cohort`` does: each demo
PME's latest submitted diagnostic, topped up with English versions to --reports. Prints
progress and the wall time from the first request to the last PDF.

    createdb -h 127.0.0.1 -U postgres maturite40_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maturite40_bench \\
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python benchmarks/render_cohort.py
Target on a 2-core machine: 15 reports through 2 workers in under 30 s.
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="m40-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from assessments.models import Assessment, Cluster  # noqa: E402
from config.celery import PDF_TASK  # noqa: E402
from config.celery import app as celery_app  # noqa: E402
from reports.documents.models import Report  # noqa: E402
from reports.documents.services import report_request  # noqa: E402
from reports.management.commands.render_cohort import latest_diagnostics  # noqa: E402


def ensure_demo() -> None:
    call_command("migrate", verbosity=0)
    if not Assessment.objects.exists():
        call_command("load_framework", str(ROOT / "diagnostics/frameworks/default.yaml"))
        call_command("load_demo")


def forget_queue(queue: str) -> None:
    """Remove what kombu leaves in Redis for the private queue."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)
    client.close()


def start_worker(queue: str, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {"CELERY_QUEUE": queue, "CELERY_PDF_QUEUE": queue, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
        "--concurrency=1", "-Q", queue, "-n", f"bench-{log.stem}@%h", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "-l", "WARNING",
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip


def wait(ids: list[int], started: float, *, quiet: bool = False) -> list[Report]:
    done: dict[int, Report] = {}
    while len(done) < len(ids):
        finished = Report.objects.filter(
            pk__in=ids, status__in=[Report.Status.READY, Report.Status.FAILED]
        ).exclude(pk__in=done)
        for report in finished.select_related("assessment__company"):
            done[report.pk] = report
            if not quiet:
                print(
                    f"  [{len(done):>2}/{len(ids)}] {time.perf_counter() - started:5.1f} s  "
                    f"{report.status:<6} {report.language} {report.assessment.company.name}"
                )
        time.sleep(0.2)
    return list(done.values())


def cohort(size: int) -> list[tuple[Assessment, str]]:
    latest = latest_diagnostics(list(Cluster.objects.all()))
    picks = [(a, "fr") for a in latest] + [(a, "en") for a in latest]
    return picks[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reports", type=int, default=15)
    args = parser.parse_args()
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to PostgreSQL and REDIS_URL: workers share both.")
    ensure_demo()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    celery_app.conf.update(task_default_queue=queue, task_routes={PDF_TASK: {"queue": queue}})
    logs = Path(tempfile.mkdtemp(prefix="m40-workers-"))
    workers = [start_worker(queue, logs / f"w{n}.log") for n in range(args.workers)]
    try:
        picks = cohort(args.reports + args.workers)
        warm_up, picks = picks[: args.workers], picks[args.workers :]
        started = time.perf_counter()
        ids = [report_request(assessment=a, language=lang, by=None).pk for a, lang in warm_up]
        wait(ids, started, quiet=True)
        warm = time.perf_counter() - started
        print(f"{args.workers} workers warm (one report each) in {warm:.1f} s")

        started = time.perf_counter()
        ids = [report_request(assessment=a, language=lang, by=None).pk for a, lang in picks]
        reports = wait(ids, started)
        elapsed = time.perf_counter() - started
        ready = [r for r in reports if r.status == Report.Status.READY]
        pages = sum(r.pages or 0 for r in ready)
        print(
            f"{len(ready)}/{len(ids)} reports ({pages} pages) through {args.workers} workers "
            f"in {elapsed:.1f} s: {elapsed / len(ids):.2f} s per report, "
            f"{len(ids) / elapsed * 60:.0f} reports a minute"
        )
        print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    finally:
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        forget_queue(queue)
        print(f"worker logs: {logs}")


if __name__ == "__main__":
    main()
