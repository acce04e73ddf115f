"""The EU DMA reading of the scope's validated diagnostics, for the funder's workbook."""

from dataclasses import dataclass

from assessments.models import Assessment, Cluster
from assessments.selectors import DmaReading, assessments_dma, assessments_visible_to
from diagnostics.models import FrameworkVersion
from reports.monitoring.models import Period
from reports.monitoring.selectors.indicators import User
from reports.monitoring.selectors.programmes import programme_companies


@dataclass(frozen=True)
class DmaLine:
    assessment: Assessment
    reading: DmaReading


def dma_lines(*, period: Period, cluster: Cluster | None, viewer: User) -> list[DmaLine]:
    """Consultants' validated diagnostics visited in the period (self-assessments never count)."""
    assessments = assessments_visible_to(viewer).filter(
        mode=Assessment.Mode.CONSULTANT,
        status=Assessment.Status.VALIDATED,
        visit_date__range=(period.start, period.end),
    )
    if not period.programme.open_to_all:
        assessments = assessments.filter(company__in=programme_companies(period.programme))
    if cluster is not None:
        assessments = assessments.filter(company__cluster=cluster)
    # The columns the sheet and the readings use: a programme has thousands of rows.
    columns = ("kind", "visit_date", "framework_version_id", "company__name", "company__sector")
    ordered = list(
        assessments.select_related(None)
        .select_related("company__cluster")
        .only(*columns, "company__cluster__name")
        .order_by("company__name", "visit_date", "id")
    )
    # Each version read once, not once per diagnostic (its crosswalk is a JSON document).
    versions = FrameworkVersion.objects.in_bulk({a.framework_version_id for a in ordered})
    for assessment in ordered:
        assessment.framework_version = versions[assessment.framework_version_id]
    readings = assessments_dma(ordered)
    return [DmaLine(a, readings[a.pk]) for a in ordered]
