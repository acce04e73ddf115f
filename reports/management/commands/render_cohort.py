"""Queue the PDF roadmaps of whole clusters on the workers, and wait for them."""

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment, Cluster
from reports.documents.models import Report
from reports.documents.services import report_request


class Command(BaseCommand):
    help = (
        "Queue the PDF roadmap of each PME of a cluster (its latest submitted diagnostic) "
        "and wait for the workers, printing progress."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cluster", action="append", required=True, help="a cluster's code (repeatable)"
        )
        parser.add_argument("--lang", choices=Report.Language.values, default="fr")
        parser.add_argument("--by", help="username recorded as the requester")
        parser.add_argument("--timeout", type=float, default=900, help="seconds to wait")

    def handle(self, *args: Any, **options: Any) -> None:
        clusters = list(Cluster.objects.filter(code__in=options["cluster"]))
        missing = set(options["cluster"]) - {c.code for c in clusters}
        if missing:
            raise CommandError(f"Unknown cluster: {', '.join(sorted(missing))}")
        by = self._user(options["by"])
        started = time.monotonic()
        reports = [
            report_request(assessment=a, language=options["lang"], by=by)
            for a in latest_diagnostics(clusters)
        ]
        if not reports:
            raise CommandError("No PME of these clusters has a submitted diagnostic.")
        self.stdout.write(f"{len(reports)} reports queued.")
        done = self._wait([r.pk for r in reports], started, options["timeout"])
        failed = [r for r in done.values() if r.status == Report.Status.FAILED]
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{len(done) - len(failed)} ready, {len(failed)} failed, "
            f"{len(reports) - len(done)} unfinished, in {elapsed:.1f} s."
        )
        if failed or len(done) < len(reports):
            raise CommandError("Some reports are not ready.")

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user

    def _wait(self, ids: list[int], started: float, timeout: float) -> dict[int, Report]:
        done: dict[int, Report] = {}
        finished = [Report.Status.READY, Report.Status.FAILED]
        while len(done) < len(ids) and time.monotonic() - started < timeout:
            fresh = Report.objects.filter(pk__in=ids, status__in=finished).exclude(pk__in=done)
            for report in fresh.select_related("assessment__company"):
                done[report.pk] = report
                detail = (
                    f"{report.pages} pages"
                    if report.status == Report.Status.READY
                    else report.error
                )
                subject = report.assessment.company.name if report.assessment else report.cluster
                self.stdout.write(
                    f"[{len(done):>3}/{len(ids)}] {time.monotonic() - started:6.1f} s  "
                    f"{report.get_status_display():<8} {subject} ({detail})"
                )
            if len(done) < len(ids):
                time.sleep(0.5)
        return done


def latest_diagnostics(clusters: list[Cluster]) -> list[Assessment]:
    """Each PME's latest submitted or validated diagnostic (a T1 once there is one)."""
    latest: dict[int, Assessment] = {}
    finished = (
        Assessment.objects.filter(company__cluster__in=clusters)
        .exclude(status=Assessment.Status.DRAFT)
        .select_related("company")
        .order_by("company__name", "visit_date", "created_at")
    )
    for assessment in finished:
        latest[assessment.company_id] = assessment
    return list(latest.values())
