"""Fault benchmark (not a test): reports survive a killed worker and a Redis outage.

Run by benchmarks/faults.sh, which starts the workers and breaks things; this
script queues the reports ("queue") and then waits and counts ("wait").
"""

import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db.models import Count  # noqa: E402

from assessments.models import Assessment  # noqa: E402
from reports.documents.models import Report  # noqa: E402
from reports.documents.services import report_path, report_request  # noqa: E402


def queue() -> None:
    diagnostics = Assessment.objects.exclude(status=Assessment.Status.DRAFT)
    for assessment in diagnostics:
        report_request(assessment=assessment, language="fr", by=None)
    print(f"queued {diagnostics.count()} reports")


def wait(limit: float) -> int:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        pending = Report.objects.exclude(status__in=["ready", "failed"]).count()
        if pending == 0:
            break
        time.sleep(1)
    reports = Report.objects.all()
    by_status = dict(reports.values_list("status").annotate(n=Count("id")))
    versions = reports.values("assessment", "language").annotate(n=Count("id")).filter(n__gt=1)
    files = [r for r in reports.filter(status="ready") if report_path(r).is_file()]
    leftovers = list(report_path(reports.first()).parent.parent.rglob(".*.part"))
    retried = reports.filter(attempts__gt=1).count()
    print(f"reports: {reports.count()}  by status: {by_status}")
    print(f"ready with their file: {len(files)}  rendered more than once (redelivered): {retried}")
    print(f"duplicated versions: {versions.count()}  half-written files left: {len(leftovers)}")
    ok = by_status.get("ready", 0) == reports.count() and not versions and not leftovers
    print("RESULT:", "every report ready, none duplicated" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "queue":
        queue()
    else:
        sys.exit(wait(float(sys.argv[2]) if len(sys.argv) > 2 else 300))
