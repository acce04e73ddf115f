"""The one place S&E views get a programme, a scope, a period or an activity: through the
user's rights. The programme is the request's (``?programme=<code>``, remembered in the
session, else the user's first); everything else is looked up inside it."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from assessments.models import Cluster
from assessments.rules import Viewer
from reports.monitoring.forms import PROGRAMME
from reports.monitoring.models import (
    Activity,
    CompletionRule,
    Indicator,
    IndicatorValue,
    Measurement,
    Period,
    Person,
    Programme,
)
from reports.monitoring.rules import se_can_approve, se_can_view
from reports.monitoring.selectors.indicators import activities_visible_to, se_clusters_visible_to
from reports.monitoring.selectors.measurements import measurements_visible_to, people_visible_to
from reports.monitoring.selectors.programmes import programmes_visible_to
from reports.monitoring.services.programmes import programme_install

SESSION_KEY = "se_programme"


def require_se(request: HttpRequest) -> None:
    if not se_can_view(request.user):
        raise PermissionDenied


def get_programme(request: HttpRequest, *, remember: bool = True) -> Programme:
    """The programme the request works in: the one asked for (``?programme=<code>``, 404 when
    the user may not see it), else the one remembered in the session, else their first.
    ``remember=False`` (the API): no session read or written."""
    cached: Programme | None = getattr(request, "se_programme", None)
    if cached is not None:
        return cached
    require_se(request)
    visible = programmes_visible_to(request.user)
    asked = request.GET.get("programme") or (remember and request.POST.get("programme"))
    programme = _programme_by_code(visible, asked) if asked else None
    if asked and programme is None:
        raise Http404
    if programme is None and remember:
        programme = _programme_by_code(visible, request.session.get(SESSION_KEY))
    programme = programme or _first(visible)
    if programme is None:
        raise Http404
    use_programme(request, programme, remember=remember)
    return programme


def programme_asked(user: Viewer, code: str | None) -> Programme:
    """The programme of this code among the user's (404 when not theirs), or with no code
    their first (404 when they have none): the API's ``?programme=<code>``."""
    visible = programmes_visible_to(user)
    programme = _programme_by_code(visible, code) if code else _first(visible)
    if programme is None:
        raise Http404
    return programme


def _first(visible: QuerySet[Programme]) -> Programme | None:
    """The user's first programme; an install without any gets its own on first use."""
    first = visible.order_by("pk").first()
    if first is None and not Programme.objects.exists():
        return programme_install()
    return first


def use_programme(request: HttpRequest, programme: Programme, *, remember: bool = True) -> None:
    """Work in this programme for the rest of the request, and remember it for the next."""
    request.se_programme = programme  # type: ignore[attr-defined]
    remember = remember and not getattr(request, "se_stateless", False)
    if remember and request.session.get(SESSION_KEY) != str(programme.code):
        request.session[SESSION_KEY] = str(programme.code)


def _programme_by_code(programmes: QuerySet[Programme], code: str | None) -> Programme | None:
    if not code:
        return None
    try:
        return programmes.filter(code=UUID(str(code))).first()
    except ValueError:
        return None


def get_scope_for_user(request: HttpRequest, scope: str) -> Cluster | None:
    """A cluster of the programme the user may follow, or None for the whole programme (its
    coordinator only); else 404."""
    programme = get_programme(request)
    if scope == PROGRAMME:
        if not se_can_approve(request.user):
            raise Http404
        return None
    try:
        return se_clusters_visible_to(request.user, programme).get(code=scope)
    except Cluster.DoesNotExist as exc:
        raise Http404 from exc


def get_period(request: HttpRequest, code: str) -> Period:
    try:
        return Period.objects.get(programme=get_programme(request), code=code)
    except (Period.DoesNotExist, ValueError) as exc:  # ValueError: a NUL byte on PostgreSQL
        raise Http404 from exc


def get_indicator(request: HttpRequest, code: str) -> Indicator:
    try:
        return Indicator.objects.select_related("result").get(
            programme=get_programme(request), code=code
        )
    except (Indicator.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_activity_for_user(request: HttpRequest, code: UUID) -> Activity:
    require_se(request)
    try:
        activity = activities_visible_to(request.user).select_related("programme").get(code=code)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    use_programme(request, activity.programme)
    return activity


def get_value_for_user(request: HttpRequest, code: UUID) -> IndicatorValue:
    """A value of a programme the user sees (which becomes the request's), in a scope of it
    they follow; else 404."""
    require_se(request)
    value = (
        IndicatorValue.objects.select_related("cluster", "period__programme")
        .filter(code=code, period__programme__in=programmes_visible_to(request.user))
        .first()
    )
    if value is None:
        raise Http404
    use_programme(request, value.period.programme)
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


def get_rule(request: HttpRequest, code: str) -> CompletionRule:
    try:
        return CompletionRule.objects.get(programme=get_programme(request), code=code)
    except (CompletionRule.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
