"""Reads for S&E: who sees which scope, the data indicators are computed from, the table.

The rows behind the indicators are read with ``values_list`` in a fixed number of queries,
whatever the number of PMEs.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
)
from django.db.models.functions import Cast
from django.utils import timezone

from assessments.accompaniment.models import Plan, PlanDay, PlanSlot, Roadmap, RoadmapItem
from assessments.models import Answer, Assessment, AxisScore, Cluster, Company, Sector
from assessments.roles import Role, roles_of, sees_everything
from assessments.selectors import clusters_worked_in
from diagnostics.models import Axis
from reports.monitoring import indicators
from reports.monitoring.models import (
    Activity,
    BriefNarrative,
    CompletionRule,
    EmissionFactor,
    EnergyUse,
    Indicator,
    IndicatorValue,
    Measurement,
    Participant,
    Period,
    Programme,
    Target,
)
from reports.monitoring.rules import can_approve_value
from reports.monitoring.selectors.programmes import (
    programme_clusters,
    programme_companies,
    programmes_visible_to,
)

User = UserModel | AnonymousUser


# Access


def se_clusters_visible_to(user: User, programme: Programme | None = None) -> QuerySet[Cluster]:
    """The clusters whose S&E the user follows (in the programme, when one is given)."""
    clusters = clusters_worked_in(user)
    return clusters if programme is None else clusters.filter(pk__in=programme_clusters(programme))


def se_clusters_enterable_by(user: User, programme: Programme | None = None) -> QuerySet[Cluster]:
    """The clusters whose S&E data the user enters, and whose briefs they read (a brief shows
    the cluster unsuppressed): their own as cluster staff, every one for the coordinator;
    those taking part in the programme, when one is given."""
    if sees_everything(user):
        clusters = Cluster.objects.all()
    elif user.pk is None or Role.CLUSTER_STAFF not in roles_of(user):
        return Cluster.objects.none()
    else:
        clusters = Cluster.objects.filter(staff=user)
    if programme is None:
        return clusters
    return clusters.filter(pk__in=programme_clusters(programme).values("pk"))


def own_company_ids(user: User) -> frozenset[int] | None:
    """The PMEs whose small aggregates this viewer may see (None: all of them)."""
    if sees_everything(user):
        return None
    scope = Q(pk__in=[])
    roles = roles_of(user)
    if Role.CLUSTER_STAFF in roles:
        scope |= Q(cluster__staff=user)
    if Role.CONSULTANT in roles:
        scope |= Q(consultants=user)
    return frozenset(Company.objects.filter(scope).values_list("pk", flat=True))


def activities_visible_to(user: User, programme: Programme | None = None) -> QuerySet[Activity]:
    """The activities of the clusters the user follows, and the programme's (shared by all),
    in the programmes the user sees (or the one given)."""
    programmes = programmes_visible_to(user)
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    return Activity.objects.select_related("cluster", "entered_by").filter(
        Q(cluster__in=se_clusters_visible_to(user)) | Q(cluster__isnull=True),
        programme__in=programmes,
    )


def values_visible_to(user: User, programme: Programme | None = None) -> QuerySet[IndicatorValue]:
    """The values of the programmes the user sees (or of the one given): every scope for
    their coordinators, the clusters they follow for the others."""
    programmes = programmes_visible_to(user)
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    values = IndicatorValue.objects.select_related("indicator", "period", "cluster").filter(
        indicator__programme__in=programmes
    )
    if sees_everything(user):
        return values
    return values.filter(cluster__in=se_clusters_visible_to(user))


def value_approvers(value: IndicatorValue) -> list[UserModel]:
    """Who may approve a submitted value (``rules.can_approve_value``): the coordinators and
    administrators, never its author (four eyes)."""
    candidates = UserModel.objects.filter(
        Q(groups__name=Role.COORDINATOR) | Q(is_superuser=True), is_active=True
    ).distinct()
    return [user for user in candidates.order_by("pk") if can_approve_value(user, value)]


# The data indicators are computed from


@dataclass(frozen=True)
class Freeze:
    """What locking a period freezes."""

    values: list[tuple[str, int]]  # (status shown, how many)
    unapproved: int
    activities: int


def period_freeze(period: Period) -> Freeze:
    counts = dict(
        IndicatorValue.objects.filter(period=period)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    activities = Activity.objects.filter(
        programme=period.programme_id, date__gte=period.start, date__lte=period.end
    ).count()
    return Freeze(
        values=[(str(IndicatorValue.Status(s).label), n) for s, n in sorted(counts.items())],
        unapproved=sum(n for s, n in counts.items() if s != IndicatorValue.Status.APPROVED),
        activities=activities,
    )


def locked_period_on(date: datetime.date, programme: Programme) -> Period | None:
    """The programme's locked period a date falls in, if any: what is dated there is frozen."""
    return Period.objects.filter(
        programme=programme, locked=True, start__lte=date, end__gte=date
    ).first()


def values_awaiting_approval(
    viewer: User, programme: Programme | None = None
) -> QuerySet[IndicatorValue]:
    """Submitted values of open periods, oldest first: the approvers' queue."""
    return (
        values_visible_to(viewer, programme)
        .filter(status=IndicatorValue.Status.SUBMITTED, period__locked=False)
        .select_related("indicator", "period", "cluster", "entered_by")
        .order_by("submitted_at", "id")
    )


def narratives_awaiting_approval(viewer: User, programme: Programme) -> QuerySet[BriefNarrative]:
    """Submitted brief narratives of the programme's open periods in the viewer's clusters,
    oldest first."""
    return (
        BriefNarrative.objects.filter(
            status=BriefNarrative.Status.SUBMITTED,
            period__programme=programme,
            period__locked=False,
            cluster__in=se_clusters_visible_to(viewer, programme),
        )
        .select_related("period", "cluster", "written_by", "submitted_by")
        .order_by("written_at", "id")
    )


def narrative_of(period: Period, cluster: Cluster | None) -> BriefNarrative | None:
    if cluster is None:
        return None
    return BriefNarrative.objects.filter(period=period, cluster=cluster).first()


def indicator_rows(
    *, programme: Programme | None = None, cluster: Cluster | None = None, sector: str = ""
) -> dict[str, list[Any]]:
    """Every row an indicator needs for one scope of a programme (no cluster: the whole
    programme; no programme: the install's own): its cohort's PMEs, its activities, its
    completion rules."""
    # No programme: the whole install, as before programmes (every PME, activity and rule).
    whole = programme is None or programme.open_to_all
    companies = Company.objects.all() if programme is None else programme_companies(programme)
    activities = Activity.objects.all()
    participants = Participant.objects.all()
    if programme is not None:
        activities = activities.filter(programme=programme)
        participants = participants.filter(activity__programme=programme)
    if cluster is not None:
        # A cluster's own activities, and the programme's that its own people attended;
        # of their participants, only the cluster's own count for it.
        companies = companies.filter(cluster=cluster)
        participants = participants.filter(cluster=cluster)
        attended = participants.filter(activity__cluster__isnull=True).values("activity_id")
        activities = activities.filter(Q(cluster=cluster) | Q(pk__in=attended))
    if sector:
        companies = companies.filter(sector=sector)
    scoped = cluster is not None or bool(sector) or not whole

    def of_scope(queryset: QuerySet[Any], path: str) -> QuerySet[Any]:
        # The whole programme reads whole tables: no join, no subquery.
        return queryset.filter(**{f"{path}__in": companies.values("pk")}) if scoped else queryset

    assessments = list(
        of_scope(Assessment.objects.all(), "company").values_list(
            "id",
            "code",
            "company_id",
            "kind",
            "status",
            "baseline_id",
            "visit_date",
            "created_at",
            "validated_at",
            "overall_score",
            "scores_exact",
        )
    )
    # Scores stored by the scoring service are read as they are; only the others (scored
    # before full precision, or written by other means) are recomputed from their answers.
    pending = any(row[4] != Assessment.Status.DRAFT and not row[-1] for row in assessments)
    return {
        "companies": list(
            companies.values_list(
                "id",
                "code",
                "name",
                "cluster_id",
                "cluster__code",
                "sector",
                "region",
                "headcount",
                "women_led",
            )
        ),
        "assessments": [row[:-1] for row in assessments],
        "axes": list(
            # The core axes only: a sector pack's axes never count in a score compared
            # across PMEs (diagnostics/packs.py).
            Axis.objects.filter(framework_version__extends=None)
            .annotate(value=_float("weight"))
            .values_list("id", "code", "order", "value")
        ),
        "answers": answer_sums(of_scope) if pending else [],
        "axis_scores": list(
            of_scope(AxisScore.objects.all(), "assessment__company")
            .annotate(value=_float("score"))
            .values_list("assessment_id", "axis_id", "value")
        ),
        "plans": list(
            of_scope(Plan.objects.all(), "assessment__company").values_list(
                "id", "code", "assessment_id", "status", "agreed_at"
            )
        ),
        "days": list(
            of_scope(PlanDay.objects.all(), "plan__assessment__company")
            .annotate(
                duration=_float("hours"),
                planned=Sum("slots__half_days"),
                closing=Exists(
                    PlanSlot.objects.filter(day=OuterRef("pk"), kind=PlanSlot.Kind.CLOSING)
                ),
            )
            .values_list(
                "plan_id",
                "number",
                "date",
                "outcome",
                "duration",
                "logged_at",
                "planned",
                "closing",
            )
        ),
        "roadmaps": list(
            of_scope(Roadmap.objects.all(), "assessment__company")
            .annotate(pdf_at=_first_ready_pdf())
            .values_list("id", "assessment_id", "computed_at", "pdf_at")
        ),
        "items": list(
            of_scope(RoadmapItem.objects.all(), "roadmap__assessment__company").values_list(
                "roadmap_id", "removed", "completed_at"
            )
        ),
        "activities": list(
            activities.values_list(
                "id", "code", "kind", "title", "date", "cluster_id", "cluster__code", "hours"
            )
        ),
        "participants": list(
            participants.values_list(
                "activity_id",
                "name",
                "email",
                "sex",
                "role",
                "count",
                "person_id",
                "cluster__code",
            )
        ),
        **results_rows(of_scope, programme),
    }


def answer_sums(of_scope: Callable[[QuerySet[Any], str], QuerySet[Any]]) -> list[Any]:
    """The scored answers of submitted diagnostics whose stored scores may be rounded
    (``Assessment.scores_exact`` unset: scored before full precision, or written by other
    means than the scoring service), summed in the database per diagnostic, axis and the
    sectors the questions apply to: sum(level × weight) and sum(weight).

    Which sums count for a diagnostic depends on its PME's sector (``indicators.scores``);
    the sums are exact decimals, turned into floats only once summed. A diagnostic scored
    by the service reads no answer here: its stored scores are the facts.
    """
    answers = of_scope(
        Answer.objects.exclude(assessment__status="draft").filter(
            assessment__scores_exact=False,
            question__axis__framework_version__extends=None,
            level__isnull=False,
            not_applicable=False,
        ),
        "assessment__company",
    )
    # The sectors as their JSON text: a few distinct lists, decoded once each, not per row.
    return list(
        answers.annotate(sectors=Cast("question__sectors", TextField()))
        .values("assessment_id", "question__axis_id", "sectors")
        .annotate(
            product=FloatCast(Sum(F("level") * F("question__weight"))),
            weights=FloatCast(Sum("question__weight")),
        )
        .values_list("assessment_id", "question__axis_id", "sectors", "product", "weights")
        .order_by()
    )


def results_rows(
    of_scope: Callable[[QuerySet[Any], str], QuerySet[Any]], programme: Programme | None = None
) -> dict[str, list[Any]]:
    """The PMEs' measurements, their energy, the emission factors and the completion rules."""
    return {
        "measurements": list(
            of_scope(Measurement.objects.all(), "company")
            .annotate(
                women=_float("jobs_women"),
                men=_float("jobs_men"),
                investment=_float("investment_mad"),
                water=_float("water_m3"),
                turnover=_float("turnover_mad"),
                exports=_float("exports_mad"),
            )
            .values_list(
                "id",
                "code",
                "company_id",
                "stage",
                "status",
                "period_end",
                "validated_at",
                "women",
                "men",
                "investment",
                "water",
                "turnover",
                "exports",
            )
        ),
        "energy": list(
            of_scope(EnergyUse.objects.all(), "measurement__company")
            .annotate(value=_float("kwh"))
            .values_list("measurement_id", "carrier", "value")
        ),
        "factors": list(
            EmissionFactor.objects.annotate(value=_float("kg_co2e_per_kwh")).values_list(
                "carrier", "valid_from", "value", "placeholder"
            )
        ),
        "rules": list(
            (
                CompletionRule.objects.all()
                if programme is None
                else CompletionRule.objects.filter(programme=programme)
            ).values_list("code", "role", "requirements")
        ),
    }


def _first_ready_pdf() -> Min:
    # By relation name and status value: monitoring may not import reports.documents.
    reports = "assessment__reports"
    ready = Q(**{f"{reports}__kind": "roadmap", f"{reports}__status": "ready"})
    return Min(f"{reports}__finished_at", filter=ready)


class FloatCast(Cast):
    """A cast to a float, taken as the driver returns it.

    Floats, not Decimals: tens of thousands of Decimal objects cost more than the query. The
    drivers already return a Python float for the cast (psycopg for ``double precision``,
    sqlite3 for ``REAL``), so Django's own ``float()`` of every value is left out: 560,000
    calls for one indicator set at 20,000 PMEs, and with it the pass over every row.
    """

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, FloatField())

    @property
    def convert_value(self) -> Any:
        return self._convert_value_noop  # type: ignore[attr-defined]  # Django checks by identity


def _float(field: str) -> FloatCast:
    return FloatCast(field)


def indicator_frames(
    *, programme: Programme | None = None, cluster: Cluster | None = None, sector: str = ""
) -> indicators.Frames:
    return indicators.frames_from(
        indicator_rows(programme=programme, cluster=cluster, sector=sector)
    )


def peer_frames(programme: Programme) -> indicators.Frames:
    """Every PME's diagnostics in the programme, for benchmarks against the whole programme."""
    companies = programme_companies(programme)
    return indicators.frames_from(
        {
            "companies": list(
                companies.values_list(
                    "id",
                    "code",
                    "name",
                    "cluster_id",
                    "cluster__code",
                    "sector",
                    "region",
                    "headcount",
                    "women_led",
                )
            ),
            "assessments": list(
                Assessment.objects.exclude(status=Assessment.Status.DRAFT)
                .filter(company__in=companies.values("pk"))
                .values_list(
                    "id",
                    "code",
                    "company_id",
                    "kind",
                    "status",
                    "baseline_id",
                    "visit_date",
                    "created_at",
                    "validated_at",
                    "overall_score",
                )
            ),
        }
    )


def axis_names() -> dict[str, str]:
    """Axis codes to names in the current language (the latest version naming each code)."""
    names: dict[str, str] = {}
    for axis in Axis.objects.filter(framework_version__extends=None).order_by(
        "framework_version_id"
    ):
        names[axis.code] = axis.name
    return names


def window_for(indicator: Indicator, period: Period) -> indicators.Window:
    return indicators.Window(None if indicator.is_cumulative else period.start, period.end)


def indicator_compute(
    indicator: Indicator, period: Period, frames: indicators.Frames
) -> indicators.Outcome:
    return indicators.compute(
        indicator.code, frames, window_for(indicator, period), list(indicator.disaggregations)
    )


# The indicator table


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    target: Decimal | None
    live: indicators.Outcome | None
    stored: IndicatorValue | None
    actual: float | None
    n: int | None
    derived: bool
    progress: float | None
    status: str
    hidden: bool
    differs: bool

    @property
    def percent_of_target(self) -> float | None:
        return None if self.progress is None else round(self.progress * 100, 1)

    @property
    def fraction(self) -> tuple[int, int] | None:
        """A percentage's numerator and denominator ("62,5 % (5/8)")."""
        if self.hidden or self.indicator.unit != Indicator.Unit.PERCENT:
            return None
        if not indicators.is_share(self.indicator.code):
            return None
        return indicators.fraction(self.actual, self.n)

    @property
    def small_n(self) -> bool:
        """A rate or mean on fewer units than the logframe's minimum n: read with care."""
        if self.hidden or self.actual is None or not self.indicator.is_rate:
            return False
        return indicators.small(self.n, self.indicator.min_n)

    @property
    def stale(self) -> bool:
        return self.differs or bool(self.stored and self.stored.stale)


@dataclass(frozen=True)
class IndicatorTable:
    period: Period
    cluster: Cluster | None
    sector: str
    rows: list[IndicatorRow]
    share: float
    outcomes: dict[str, indicators.Outcome] = field(default_factory=dict)

    @property
    def has_targets(self) -> bool:
        return any(row.target is not None for row in self.rows)


def outcome_differs(value: IndicatorValue, live: indicators.Outcome) -> bool:
    """Whether the data behind a stored computed value have changed since."""
    if _decimal(live.value) != value.value or live.n != value.n:
        return True
    return live.source_keys != _source_keys(value.sources)


def _source_keys(sources: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(s["kind"], s["code"]) for s in sources}


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


def indicator_table(
    *,
    period: Period,
    cluster: Cluster | None,
    viewer: User | None,
    sector: str = "",
    frames: indicators.Frames | None = None,
    today: datetime.date | None = None,
) -> IndicatorTable:
    frames = frames or indicator_frames(programme=period.programme, cluster=cluster, sector=sector)
    own = None if viewer is None else own_company_ids(viewer)  # None: the programme's own use
    share = indicators.elapsed(period.start, period.end, today or timezone.localdate())
    targets = {
        t.indicator_id: t.value for t in Target.objects.filter(period=period, cluster=cluster)
    }
    stored = {
        v.indicator_id: v for v in IndicatorValue.objects.filter(period=period, cluster=cluster)
    }
    collected = _collected_values(period, cluster)
    rows, outcomes = [], {}
    for indicator in Indicator.objects.filter(programme=period.programme_id).select_related(
        "result"
    ):
        live = indicator_compute(indicator, period, frames) if indicator.is_computed else None
        if live is not None:
            outcomes[indicator.code] = live
        value = None if sector else stored.get(indicator.id)
        rows.append(
            _row(indicator, period, targets.get(indicator.id), live, value, collected, own, share)
        )
    return IndicatorTable(period, cluster, sector, rows, share, outcomes)


def _row(
    indicator: Indicator,
    period: Period,
    target: Decimal | None,
    live: indicators.Outcome | None,
    stored: IndicatorValue | None,
    collected: dict[int, list[IndicatorValue]],
    own: frozenset[int] | None,
    share: float,
) -> IndicatorRow:
    reported = stored is not None and stored.status in ("submitted", "approved")
    derived = False
    n: int | None
    if live is not None and not reported:
        actual, n = live.value, live.n
    elif stored is not None:
        actual = None if stored.value is None else float(stored.value)
        n = stored.n
    else:
        actual, n = _derive(indicator, period, collected.get(indicator.id, []))
        derived = actual is not None
    ids = live.companies if live is not None else ()
    is_hidden = indicator.counts_pmes and live is not None and indicators.hidden(n, ids, own)
    baseline = None if indicator.baseline_value is None else float(indicator.baseline_value)
    goal = None if target is None else float(target)
    return IndicatorRow(
        indicator=indicator,
        target=target,
        live=live,
        stored=stored,
        actual=None if is_hidden else actual,
        n=n,
        derived=derived,
        progress=None if is_hidden else indicators.progress(actual, baseline, goal),
        status=indicators.status(
            None if is_hidden else actual,
            baseline,
            goal,
            share,
            rate=indicator.is_rate,
            thresholds=indicator.thresholds,
        ),
        hidden=is_hidden,
        differs=bool(live is not None and reported and stored and outcome_differs(stored, live)),
    )


def _collected_values(period: Period, cluster: Cluster | None) -> dict[int, list[IndicatorValue]]:
    """Reported values a missing collected value can be derived from: the clusters' values
    of the same period (for the programme), else the scope's quarters within the period."""
    same_scope = Q(cluster=cluster) if cluster is not None else Q(cluster__isnull=True)
    quarters = same_scope & Q(
        period__programme=period.programme_id,
        period__kind=Period.Kind.QUARTER,
        period__start__gte=period.start,
        period__end__lte=period.end,
    )
    scope = quarters | Q(period=period, cluster__isnull=False) if cluster is None else quarters
    values = (
        IndicatorValue.objects.filter(
            scope, indicator__kind=Indicator.Kind.COLLECTED, status__in=["submitted", "approved"]
        )
        .exclude(period=period, cluster=cluster)
        .select_related("period")
    )
    grouped: dict[int, list[IndicatorValue]] = {}
    for value in values.order_by("period__end", "cluster_id"):
        grouped.setdefault(value.indicator_id, []).append(value)
    return grouped


def _derive(
    indicator: Indicator, period: Period, values: list[IndicatorValue]
) -> tuple[float | None, int | None]:
    same_period = [v for v in values if v.period_id == period.pk]
    chosen = same_period or values
    how = indicator.across_scopes if same_period else indicator.across_periods
    pairs = [(None if v.value is None else float(v.value), v.n) for v in chosen]
    value = indicators.aggregate(pairs, how)
    if value is None:
        return None, None
    counted = chosen[-1:] if how == "last" else chosen
    return value, sum(v.n or 0 for v in counted) or None


def sector_names() -> dict[str, str]:
    return {value: str(label) for value, label in Sector.choices}
