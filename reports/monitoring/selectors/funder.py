"""What the funder's workbook reports: the period's table, its quarters, who made it and when."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from assessments.models import Cluster
from reports.monitoring.models import Period
from reports.monitoring.selectors.dma import DmaLine, dma_lines
from reports.monitoring.selectors.indicators import (
    IndicatorTable,
    User,
    indicator_frames,
    indicator_table,
)


@dataclass(frozen=True)
class FunderReport:
    programme: str
    funder: str
    table: IndicatorTable  # the period asked for: cumulative over it
    quarters: list[IndicatorTable]  # the quarters inside it, in order
    produced_at: datetime.datetime
    produced_by: str
    data_version: str
    dma: list[DmaLine] = field(default_factory=list)  # the EU DMA sheet's diagnostics


def funder_report(
    *, period: Period, cluster: Cluster | None, viewer: User, today: datetime.date | None = None
) -> FunderReport:
    """Every table from one read of the scope's data."""
    programme = period.programme
    frames = indicator_frames(programme=programme, cluster=cluster)
    table = indicator_table(
        period=period, cluster=cluster, viewer=viewer, frames=frames, today=today
    )
    inside = Period.objects.filter(
        programme=programme, kind=Period.Kind.QUARTER, start__gte=period.start, end__lte=period.end
    ).order_by("start")
    quarters = [
        table
        if quarter.pk == period.pk
        else indicator_table(
            period=quarter, cluster=cluster, viewer=viewer, frames=frames, today=today
        )
        for quarter in inside
    ]
    name = viewer.get_full_name() or viewer.get_username() if viewer.pk else ""
    return FunderReport(
        programme=programme.name or settings.SE_PROGRAMME,
        funder=programme.funder or settings.SE_FUNDER,
        table=table,
        quarters=quarters,
        produced_at=timezone.now(),
        produced_by=name,
        data_version=data_version([table, *quarters]),
        dma=dma_lines(period=period, cluster=cluster, viewer=viewer),
    )


def data_version(tables: list[IndicatorTable]) -> str:
    """A short fingerprint of every figure reported: the same data give the same version."""
    digest = hashlib.sha256()
    for table in tables:
        for row in table.rows:
            stored = row.stored
            parts = (
                table.period.code,
                row.indicator.code,
                repr(row.actual),
                repr(row.n),
                repr(row.target),
                stored.status if stored else "",
                stored.approved_at.isoformat() if stored and stored.approved_at else "",
            )
            digest.update("|".join(parts).encode())
    return digest.hexdigest()[:12]
