"""The one place S&E views get a scope, a period or an activity: through the user's rights."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from assessments.models import Cluster
from reports.monitoring.forms import PROGRAMME
from reports.monitoring.models import (
    Activity,
    CompletionRule,
    Indicator,
    IndicatorValue,
    Measurement,
    Period,
    Person,
)
from reports.monitoring.rules import se_can_approve, se_can_view
from reports.monitoring.selectors.indicators import activities_visible_to, se_clusters_visible_to
from reports.monitoring.selectors.measurements import measurements_visible_to, people_visible_to


def require_se(request: HttpRequest) -> None:
    if not se_can_view(request.user):
        raise PermissionDenied


def get_scope_for_user(request: HttpRequest, scope: str) -> Cluster | None:
    """A cluster the user may follow, or None for the programme (coordinator only); else 404."""
    require_se(request)
    if scope == PROGRAMME:
        if not se_can_approve(request.user):
            raise Http404
        return None
    try:
        return se_clusters_visible_to(request.user).get(code=scope)
    except Cluster.DoesNotExist as exc:
        raise Http404 from exc


def get_period(code: str) -> Period:
    try:
        return Period.objects.get(code=code)
    except (Period.DoesNotExist, ValueError) as exc:  # ValueError: a NUL byte on PostgreSQL
        raise Http404 from exc


def get_indicator(code: str) -> Indicator:
    try:
        return Indicator.objects.select_related("result").get(code=code)
    except (Indicator.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_activity_for_user(request: HttpRequest, code: UUID) -> Activity:
    require_se(request)
    try:
        return activities_visible_to(request.user).get(code=code)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc


def get_value_for_user(request: HttpRequest, code: UUID) -> IndicatorValue:
    require_se(request)
    value = IndicatorValue.objects.select_related("cluster").filter(code=code).first()
    if value is None:
        raise Http404
    get_scope_for_user(request, value.cluster.code if value.cluster else PROGRAMME)
    return value


def scope_code(cluster: Cluster | None) -> str:
    return cluster.code if cluster else PROGRAMME


def get_measurement_for_user(request: HttpRequest, code: UUID) -> Measurement:
    require_se(request)
    try:
        return measurements_visible_to(request.user).get(code=code)
    except Measurement.DoesNotExist as exc:
        raise Http404 from exc


def get_person_for_user(request: HttpRequest, code: UUID) -> Person:
    require_se(request)
    try:
        return people_visible_to(request.user).get(code=code)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


def get_rule(code: str) -> CompletionRule:
    try:
        return CompletionRule.objects.get(code=code)
    except (CompletionRule.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
