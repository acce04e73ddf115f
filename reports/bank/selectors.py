"""Reads of the project bank: which roadmap actions count, seen by whom, filtered and summed.

A project is an action (not removed, not dropped) of the roadmap of a PME's latest validated
diagnostic that has a roadmap: a PME with a validated T1 shows its T1 roadmap only, never the
same action twice. Its cost is the budget set on the roadmap when there is one, else the
action library's capex range. The number of queries does not depend on the number of PMEs.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce

from assessments.accompaniment.models import RoadmapItem
from assessments.models import Assessment, Cluster, Company
from assessments.roles import Role, roles_of, sees_everything
from diagnostics.models import Action, Axis

Viewer = UserModel | AnonymousUser
MAD = DecimalField(max_digits=15, decimal_places=2)
STATUSES = (
    RoadmapItem.Status.PLANNED,
    RoadmapItem.Status.IN_PROGRESS,
    RoadmapItem.Status.DONE,
)
SORTS = {
    "priority": ("company_name", "roadmap__assessment_id", "position", "pk"),
    "cost_desc": (F("cost_high").desc(nulls_last=True), "company_name", "pk"),
    "cost_asc": (F("cost_low").asc(nulls_last=True), "company_name", "pk"),
    "payback": (F("action__payback_months_min").asc(nulls_last=True), "company_name", "pk"),
    "due": (F("due_on").asc(nulls_last=True), "company_name", "pk"),
    "company": ("company_name", "position", "pk"),
}


@dataclass(frozen=True)
class BankFilters:
    """What the user filters on; empty means everything in their scope."""

    clusters: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    axes: tuple[str, ...] = ()
    horizons: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    funding: tuple[str, ...] = ()
    cost_min: Decimal | None = None
    cost_max: Decimal | None = None
    sort: str = "priority"


@dataclass(frozen=True)
class BankTotals:
    projects: int
    pmes: int
    cost_low: Decimal
    cost_high: Decimal
    without_cost: int
    by_status: dict[str, int] = field(default_factory=dict)


def bank_companies_visible_to(user: Viewer) -> QuerySet[Company]:
    """The coordinator: every PME; cluster staff: their clusters'; a consultant: the PMEs they
    follow. A PME manager: none (see ``reports.bank.rules``)."""
    if sees_everything(user):
        return Company.objects.all()
    roles = roles_of(user)
    scope = Q(pk__in=[])
    if Role.CLUSTER_STAFF in roles:
        scope |= Q(cluster__staff=user)
    if Role.CONSULTANT in roles:
        scope |= Q(consultants=user)
    return Company.objects.filter(pk__in=Company.objects.filter(scope).values("pk"))


def bank_clusters_visible_to(user: Viewer) -> QuerySet[Cluster]:
    return Cluster.objects.filter(
        pk__in=bank_companies_visible_to(user).values("cluster_id")
    ).order_by("name")


def _latest_roadmap_diagnostic() -> Subquery:
    latest = Assessment.objects.filter(
        company=OuterRef("roadmap__assessment__company"),
        status=Assessment.Status.VALIDATED,
        roadmap__isnull=False,
    ).order_by("-validated_at", "-pk")
    return Subquery(latest.values("pk")[:1])


def bank_projects_visible_to(user: Viewer) -> QuerySet[RoadmapItem]:
    """Every project of the bank the user may read, with its cost range annotated."""
    return (
        RoadmapItem.objects.filter(
            removed=False,
            status__in=STATUSES,
            roadmap__assessment__status=Assessment.Status.VALIDATED,
            roadmap__assessment__company__in=bank_companies_visible_to(user),
        )
        .filter(roadmap__assessment_id=_latest_roadmap_diagnostic())
        .select_related(
            "action", "axis", "roadmap__assessment__company__cluster", "roadmap__assessment"
        )
        .annotate(
            company_name=F("roadmap__assessment__company__name"),
            cost_low=Coalesce("budget_mad", Cast("action__capex_min_mad", MAD), output_field=MAD),
            cost_high=Coalesce("budget_mad", Cast("action__capex_max_mad", MAD), output_field=MAD),
        )
    )


def actions_funded_by(kinds: tuple[str, ...]) -> list[int]:
    """The library's actions with one of these funding routes (JSON read in Python: the
    library is small, and SQLite cannot search inside a JSON list)."""
    wanted = set(kinds)
    return [
        pk
        for pk, funding in Action.objects.values_list("pk", "funding")
        if any(isinstance(f, dict) and f.get("kind") in wanted for f in funding or [])
    ]


def bank_projects(user: Viewer, filters: BankFilters) -> QuerySet[RoadmapItem]:
    found = bank_projects_visible_to(user)
    company = "roadmap__assessment__company__"
    for values, lookup in (
        (filters.clusters, f"{company}cluster__code__in"),
        (filters.sectors, f"{company}sector__in"),
        (filters.axes, "axis__code__in"),
        (filters.horizons, "horizon__in"),
        (filters.statuses, "status__in"),
    ):
        if values:
            found = found.filter(**{lookup: values})
    if filters.funding:
        found = found.filter(action_id__in=actions_funded_by(filters.funding))
    # A project whose cost range overlaps the band; one with no cost at all is left out.
    if filters.cost_min is not None:
        found = found.filter(Q(cost_high__gte=filters.cost_min))
    if filters.cost_max is not None:
        found = found.filter(Q(cost_low__lte=filters.cost_max))
    return found.order_by(*SORTS.get(filters.sort, SORTS["priority"]))


def bank_totals(projects: QuerySet[RoadmapItem]) -> BankTotals:
    """Totals of the filtered set, in two queries whatever its size."""
    summed: dict[str, Any] = projects.order_by().aggregate(
        projects=Count("pk"),
        pmes=Count("roadmap__assessment__company", distinct=True),
        low_sum=Sum("cost_low"),
        high_sum=Sum("cost_high"),
        without_cost=Count("pk", filter=Q(cost_low__isnull=True, cost_high__isnull=True)),
    )
    statuses = projects.order_by().values_list("status").annotate(count=Count("pk"))
    return BankTotals(
        projects=summed["projects"],
        pmes=summed["pmes"],
        cost_low=summed["low_sum"] or Decimal(0),
        cost_high=summed["high_sum"] or Decimal(0),
        without_cost=summed["without_cost"],
        by_status=dict(statuses),
    )


def bank_axes() -> list[tuple[str, str]]:
    """The axes' codes and names in the user's language (the latest version's names)."""
    names: dict[str, str] = {}
    for axis in Axis.objects.order_by("framework_version_id", "order"):
        names[axis.code] = str(axis.tr("name"))
    return sorted(names.items(), key=lambda pair: pair[1])
