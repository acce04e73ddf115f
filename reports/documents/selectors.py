"""Reads for PDF reports: who may do what, the versions of a report, peer medians."""

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from assessments.models import Assessment, AxisScore, Cluster
from assessments.selectors import Viewer, assessments_visible_to
from reports.documents.models import Report
from reports.monitoring.models import Period
from reports.monitoring.selectors.indicators import se_clusters_enterable_by

PEER_MINIMUM = 5
# A queued report nobody picked up, or a render that outlived the hard time limit,
# is stuck (a worker died): the user may ask again.
QUEUED_STALE_AFTER = datetime.timedelta(minutes=10)


def reports_visible_to(user: Viewer) -> QuerySet[Report]:
    """Roadmaps of the diagnostics the user can see (PME managers: finished ones only),
    and S&E briefs of the clusters whose data the user enters: a brief is drawn for its
    cluster's staff, with no small-n suppression, so a consultant who follows one of its
    PMEs does not read it."""
    return Report.objects.select_related(
        "assessment__company", "cluster", "period", "requested_by"
    ).filter(
        Q(kind=Report.Kind.ROADMAP, assessment__in=assessments_visible_to(user))
        | Q(kind=Report.Kind.SE_BRIEF, cluster__in=se_clusters_enterable_by(user))
    )


def briefs_of(*, cluster: Cluster, period: Period) -> QuerySet[Report]:
    return (
        Report.objects.filter(kind=Report.Kind.SE_BRIEF, cluster=cluster, period=period)
        .select_related("requested_by")
        .order_by("-requested_at", "-id")
    )


def brief_pending(*, cluster: Cluster, period: Period, language: str) -> Report | None:
    return (
        briefs_of(cluster=cluster, period=period)
        .filter(language=language, status__in=[Report.Status.QUEUED, Report.Status.RENDERING])
        .order_by("-version")
        .first()
    )


def reports_of(assessment: Assessment) -> QuerySet[Report]:
    return assessment.reports.select_related("requested_by").order_by("-requested_at", "-id")


def report_is_stuck(report: Report, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if report.status == Report.Status.QUEUED:
        return now - report.queued_at > QUEUED_STALE_AFTER
    if report.status == Report.Status.RENDERING and report.started_at is not None:
        limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
        return now - report.started_at > limit
    return False


def report_pending(
    *, assessment: Assessment, language: str, edition: str = Report.Edition.MANAGER
) -> Report | None:
    return (
        assessment.reports.filter(
            language=language,
            edition=edition,
            status__in=[Report.Status.QUEUED, Report.Status.RENDERING],
        )
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class PeerMedians:
    """Median axis scores of the PME's peers: same sector, same framework version."""

    count: int
    by_axis: dict[int, float]


def peer_medians(assessment: Assessment) -> PeerMedians | None:
    """Medians over other PMEs' latest finished baseline, or None under ``PEER_MINIMUM`` PMEs.

    Fewer peers would let a reader guess a named competitor's scores.
    """
    rows = (
        AxisScore.objects.filter(
            assessment__company__sector=assessment.company.sector,
            assessment__framework_version=assessment.framework_version,
            assessment__kind=Assessment.Kind.BASELINE,
            assessment__status__in=[Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED],
        )
        .exclude(assessment__company=assessment.company)
        .order_by("assessment__visit_date", "assessment__created_at", "assessment_id")
        .values_list("assessment__company_id", "assessment_id", "axis_id", "score")
    )
    latest: dict[int, int] = {}
    scores: dict[tuple[int, int], float] = {}
    for company_id, assessment_id, axis_id, value in rows:
        latest[company_id] = assessment_id
        if value is not None:
            scores[(assessment_id, axis_id)] = float(value)
    if len(latest) < PEER_MINIMUM:
        return None
    kept = set(latest.values())
    by_axis: dict[int, list[float]] = {}
    for (assessment_id, axis_id), score in scores.items():
        if assessment_id in kept:
            by_axis.setdefault(axis_id, []).append(score)
    return PeerMedians(
        count=len(latest),
        by_axis={axis: statistics.median(values) for axis, values in by_axis.items()},
    )
