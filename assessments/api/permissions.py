"""Access for the API: the same scoping and predicates as the app's views.

Objects come through the ``*_visible_to`` selectors (someone else's object is a 404,
never data); what a user may change is decided by the ``can_*`` predicates (403).
"""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from rest_framework.exceptions import NotFound, PermissionDenied

from assessments.models import Assessment, Cluster, Company, Evidence, Plan, RoadmapItem
from assessments.selectors import (
    assessments_visible_to,
    clusters_visible_to,
    companies_visible_to,
    plans_visible_to,
)


def has_nul(values: Iterable[object]) -> bool:
    """PostgreSQL refuses NUL in text: such a lookup or filter matches nothing, not a 500."""
    return any("\x00" in value for value in values if isinstance(value, str))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _uuid(value: object) -> UUID:
    try:
        return UUID(str(value))
    except ValueError as exc:
        raise NotFound from exc


def _get(queryset: Any, **lookup: object) -> Any:
    if has_nul(lookup.values()):
        raise NotFound
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound
    return found


def visible_cluster(user: Any, code: str) -> Cluster:
    cluster: Cluster = _get(clusters_visible_to(user), code=code)
    return cluster


def visible_company(user: Any, code: object) -> Company:
    company: Company = _get(companies_visible_to(user), code=_uuid(code))
    return company


def visible_assessment(user: Any, code: object) -> Assessment:
    visible = assessments_visible_to(user).select_related("framework_version__framework")
    assessment: Assessment = _get(visible, code=_uuid(code))
    return assessment


def visible_plan(user: Any, code: object) -> Plan:
    plan: Plan = _get(plans_visible_to(user), code=_uuid(code))
    return plan


def visible_roadmap_item(user: Any, code: object) -> RoadmapItem:
    items = RoadmapItem.objects.select_related("roadmap__assessment__company", "axis", "action")
    visible = items.filter(roadmap__assessment__in=assessments_visible_to(user))
    item: RoadmapItem = _get(visible, code=_uuid(code))
    return item


def visible_evidence(user: Any, code: object) -> Evidence:
    """An evidence file of a diagnostic the user sees (as the app's download view)."""
    files = Evidence.objects.select_related("answer__assessment__company", "answer__question")
    visible = files.filter(answer__assessment__in=assessments_visible_to(user))
    evidence: Evidence = _get(visible, code=_uuid(code))
    return evidence
