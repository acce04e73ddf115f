"""Reads for the S&E pages: the dashboard's charts, the records behind a value, its history."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from assessments.accompaniment.selectors import plans_visible_to
from assessments.models import Cluster, Company, Region, Sector
from assessments.selectors import assessments_visible_to
from reports.monitoring import indicators
from reports.monitoring.indicators import dashboard
from reports.monitoring.models import (
    Indicator,
    IndicatorValue,
    Participant,
    Period,
    Programme,
    ValueChange,
)
from reports.monitoring.selectors.indicators import (
    IndicatorTable,
    User,
    activities_visible_to,
    axis_names,
    indicator_compute,
    indicator_frames,
    indicator_table,
    own_company_ids,
    peer_frames,
    sector_names,
)
from reports.monitoring.selectors.measurements import measurements_visible_to
from reports.monitoring.selectors.programmes import programme_default

# The dashboard


@dataclass(frozen=True)
class Dashboard:
    table: IndicatorTable
    spreads: list[dashboard.AxisSpread] | None
    uplift: list[dashboard.Bar]
    timeline: dashboard.Timeline
    heatmap: dashboard.Heatmap
    benchmark: dashboard.Benchmark
    days_target: float | None
    pmes: int


def se_dashboard(
    *,
    period: Period,
    cluster: Cluster | None,
    viewer: User,
    sector: str = "",
    today: datetime.date | None = None,
) -> Dashboard:
    """The indicator table and the data of every chart, from one read of the scope's data
    (the period's programme, one of its clusters or all, a sector)."""
    frames = indicator_frames(programme=period.programme, cluster=cluster, sector=sector)
    table = indicator_table(
        period=period, cluster=cluster, viewer=viewer, sector=sector, frames=frames, today=today
    )
    own = own_company_ids(viewer)
    names = axis_names()
    scored = dashboard.latest(frames)["company_id"].unique()
    uplift = table.outcomes.get("uplift-mean")
    days_target = next(
        (
            float(r.target)
            for r in table.rows
            if r.indicator.code == "accompaniment-days" and r.target
        ),
        None,
    )
    whole = cluster is None and not sector
    peers = frames if whole else peer_frames(period.programme)
    visible = frames if own is None else dashboard.only_companies(frames, own)
    return Dashboard(
        table=table,
        spreads=None
        if indicators.hidden(len(scored), scored, own)
        else dashboard.distribution(frames, names),
        uplift=[]
        if uplift is None
        else [
            dashboard.Bar(
                names.get(c.category, c.category),
                None if indicators.hidden(c.n, c.companies, own) else c.value,
                c.n,
            )
            for c in uplift.breakdown
            if c.dimension == "axis"
        ],
        timeline=dashboard.days_over_time(frames),
        heatmap=dashboard.heatmap(visible, names),
        benchmark=dashboard.benchmark(frames, peers, own, sector_names()),
        days_target=days_target,
        pmes=len(scored),
    )


def default_period(
    today: datetime.date | None = None, *, programme: Programme | None = None
) -> Period | None:
    """The period a dashboard opens on: one with targets, so every row can be judged.

    The programme total (progress to date, cumulative) if it has targets, else the quarter
    under way if it has, else the nearest period ending with targets; without any target,
    the total or the quarter under way.
    """
    today = today or timezone.localdate()
    periods = Period.objects.filter(programme=programme or programme_default())
    current = periods.filter(kind=Period.Kind.QUARTER, start__lte=today, end__gte=today)
    total = periods.filter(kind=Period.Kind.TOTAL)
    targeted = periods.filter(targets__isnull=False).distinct()
    return (
        total.filter(pk__in=targeted).first()
        or current.filter(pk__in=targeted).first()
        or targeted.filter(end__gte=today).order_by("end").first()
        or targeted.order_by("-end").first()
        or total.first()
        or current.first()
        or periods.first()
    )


def periods_with_targets(programme: Programme) -> QuerySet[Period]:
    return Period.objects.filter(programme=programme, targets__isnull=False).distinct()


@dataclass(frozen=True)
class SourceLink:
    kind: str
    label: str
    url: str | None


def source_links(sources: list[dict[str, str]], viewer: User, limit: int = 300) -> list[SourceLink]:
    """The records behind a value, linked where this viewer may open them."""
    shown = sources[:limit]
    codes = {s["code"] for s in shown}
    assessments = {
        str(c)
        for c in assessments_visible_to(viewer)
        .filter(code__in=_uuids(codes))
        .values_list("code", flat=True)
    }
    plans = {
        str(c)
        for c in plans_visible_to(viewer)
        .filter(code__in=_uuids(codes))
        .values_list("code", flat=True)
    }
    activities = {
        str(c)
        for c in activities_visible_to(viewer)
        .filter(code__in=_uuids(codes))
        .values_list("code", flat=True)
    }
    measurements = {
        str(c)
        for c in measurements_visible_to(viewer)
        .filter(code__in=_uuids(codes))
        .values_list("code", flat=True)
    }
    routes = {
        "measurement": ("reports:se_measurement", measurements),
        "assessment": ("assessments:results", assessments),
        "roadmap": ("assessments:roadmap", assessments),
        "plan": ("assessments:plan_detail", plans),
        "activity": ("reports:se_activity", activities),
    }
    links = []
    for source in shown:
        name, allowed = routes.get(source["kind"], ("", set()))
        url = reverse(name, args=[source["code"]]) if source["code"] in allowed else None
        links.append(SourceLink(source["kind"], source["label"], url))
    return links


def _uuids(codes: set[str]) -> list[uuid.UUID]:
    found = []
    for code in codes:
        try:
            found.append(uuid.UUID(code))
        except ValueError:
            continue
    return found


@dataclass(frozen=True)
class ValueShown:
    """What a value's page (and the API's value detail) shows a viewer."""

    live: indicators.Outcome | None  # computed now from the data (computed indicators)
    hidden: bool  # too few PMEs outside those the viewer follows: figures withheld
    sources: list[SourceLink]
    breakdown: list["BreakdownRow"]
    history: list[ValueChange]


def value_shown(
    indicator: Indicator,
    period: Period,
    cluster: Cluster | None,
    stored: IndicatorValue | None,
    viewer: User,
) -> ValueShown:
    live = None
    if indicator.is_computed:
        frames = indicator_frames(programme=period.programme, cluster=cluster)
        live = indicator_compute(indicator, period, frames)
    hidden = (
        live is not None
        and indicator.counts_pmes
        and indicators.hidden(live.n, live.companies, own_company_ids(viewer))
    )
    reported = stored is not None and stored.status in (
        IndicatorValue.Status.SUBMITTED,
        IndicatorValue.Status.APPROVED,
    )
    sources = stored.sources if stored and reported else live.sources if live else []
    return ValueShown(
        live=live,
        hidden=hidden,
        sources=[] if hidden else source_links(sources, viewer),
        breakdown=[] if hidden else breakdown_rows(live.breakdown if live else []),
        history=value_history(stored),
    )


def value_history(value: IndicatorValue | None) -> list[ValueChange]:
    if value is None:
        return []
    return list(value.changes.select_related("by").order_by("-at", "-id"))


@dataclass(frozen=True)
class BreakdownRow:
    dimension: str
    category: str
    value: float | None
    n: int


def breakdown_rows(cells: list[indicators.Cell]) -> list[BreakdownRow]:
    """Disaggregated values with their categories named in the current language."""
    labels: dict[str, dict[str, str]] = {
        "axis": axis_names(),
        "sector": {k: str(v) for k, v in Sector.choices},
        "region": {k: str(v) for k, v in Region.choices},
        "size": {k: str(v) for k, v in Company.Headcount.choices},
        "sex": {k: str(v) for k, v in Participant.Sex.choices},
        "role": {k: str(v) for k, v in Participant.Role.choices},
        "cluster": dict(Cluster.objects.values_list("code", "name")),
    }
    return [
        BreakdownRow(
            c.dimension, labels.get(c.dimension, {}).get(c.category, c.category), c.value, c.n
        )
        for c in cells
    ]
