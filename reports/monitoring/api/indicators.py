"""S&E through the API, with the rights of the app's S&E pages
(``reports.monitoring.views.indicators``).

Scopes, periods, indicators and values come through the same helpers as the pages
(``reports.monitoring.views.access``): someone else's scope or value is a 404, and a page that
refuses a role refuses it here with a 403. Writes call the same services.
"""

from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.models import Cluster, Company, Sector
from config.api.files import EVIDENCE_RESPONSES, FileDownloads, evidence_response
from config.api.parameters import as_uuid, query
from config.api.parsers import JSONParser
from config.api.permissions import has_nul, require
from reports.monitoring import indicators
from reports.monitoring.forms import PROGRAMME
from reports.monitoring.models import Indicator, IndicatorValue, Period, Programme, Target
from reports.monitoring.rules import se_can_approve, se_can_enter, se_can_view
from reports.monitoring.selectors.dashboard import value_shown
from reports.monitoring.selectors.indicators import (
    indicator_compute,
    indicator_frames,
    indicator_table,
    own_company_ids,
    se_clusters_visible_to,
    values_visible_to,
)
from reports.monitoring.serializers import indicators as s
from reports.monitoring.services import indicators as services_indicators
from reports.monitoring.views import access as se_access

SLUG = r"[-a-zA-Z0-9_]+"
SCOPE_DOC = 'A cluster code, or "programme" (the whole programme, coordinator only).'
PROGRAMME_DOC = "The programme's public code (default: your first programme)."


class SeesSE(permissions.BasePermission):
    """The S&E pages' own test (``require_se``): cluster staff, consultants, coordinator."""

    def has_permission(self, request: Request, view: object) -> bool:
        return se_can_view(request.user)


SE = [permissions.IsAuthenticated, SeesSE]


def _http(request: Request) -> HttpRequest:
    """The access helpers read ``request.user`` and ``GET``, which a DRF request passes
    through; the programme is asked for in the query, never remembered (no session)."""
    request.se_stateless = True  # type: ignore[attr-defined]
    programme(request)
    return cast(HttpRequest, request)


def programme(request: Request) -> Programme:
    """``?programme=<code>`` (404 outside the user's), else the user's first programme."""
    cached: Programme | None = getattr(request, "se_programme", None)
    if cached is not None:
        return cached
    request.se_stateless = True  # type: ignore[attr-defined]
    return se_access.get_programme(cast(HttpRequest, request), remember=False)


def _scope(request: Request, code: str) -> Cluster | None:
    return se_access.get_scope_for_user(_http(request), code)


def _scope_filter(user: Any, field: str = "cluster") -> Q:
    """The scopes the user may follow: their clusters, and the programme for the coordinator."""
    scope = Q(**{f"{field}__in": se_clusters_visible_to(user)})
    if se_can_approve(user):
        scope |= Q(**{f"{field}__isnull": True})
    return scope


@extend_schema_view(
    list=extend_schema(
        parameters=[query("kind", "computed or collected."), query("programme", PROGRAMME_DOC)]
    )
)
@extend_schema(tags=["indicators"])
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The logframe's indicators, with the targets of the scopes you follow."""

    serializer_class = s.IndicatorSerializer
    permission_classes = SE
    lookup_field = "code"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet[Indicator]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Indicator.objects.none()
        if has_nul(self.request.query_params.values()):
            return Indicator.objects.none()
        the_programme = programme(self.request)
        targets = Target.objects.filter(_scope_filter(self.request.user)).select_related(
            "period", "cluster"
        )
        found = Indicator.objects.filter(programme=the_programme).select_related("result")
        found = found.prefetch_related(
            Prefetch("targets", queryset=targets, to_attr="visible_targets")
        )
        if "kind" in self.request.query_params:
            found = found.filter(kind=self.request.query_params["kind"])
        return found


@extend_schema(tags=["indicators"])
class PeriodViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Reporting periods (quarters, milestones, the programme total) and whether locked."""

    serializer_class = s.PeriodSerializer
    permission_classes = SE
    lookup_field = "code"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet[Period]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Period.objects.none()
        return Period.objects.filter(programme=programme(self.request)).select_related("locked_by")

    @extend_schema(
        parameters=[
            query("scope", SCOPE_DOC),
            query("sector", "Only the PMEs of this sector (no stored values then)."),
        ],
        responses=s.TableSerializer,
        summary="The indicator table of a period and a scope, as the S&E dashboard shows it",
    )
    @action(detail=True, methods=["get"])
    def table(self, request: Request, code: str) -> Response:
        params = request.query_params
        if has_nul(params.values()):
            raise ValidationError({"scope": [_("Invalid characters.")]})
        scope, sector = params.get("scope", ""), params.get("sector", "")
        if not scope:
            raise ValidationError({"scope": [_("Give a cluster code or “programme”.")]})
        if sector and sector not in Sector.values:
            raise ValidationError({"sector": [_("Unknown sector.")]})
        cluster = _scope(request, scope)
        period = se_access.get_period(_http(request), code)
        table = indicator_table(period=period, cluster=cluster, viewer=request.user, sector=sector)
        data = {
            "table": table,
            "scope": se_access.scope_code(cluster),
            "can_enter": se_can_enter(request.user, cluster) and not period.locked,
            "can_approve": se_can_approve(request.user) and not period.locked,
        }
        return Response(s.TableSerializer(data).data)

    @extend_schema(
        request=None,
        responses=s.PeriodSerializer,
        summary="Lock a period: nothing in it changes any more (the coordinator)",
    )
    @action(detail=True, methods=["post"])
    def lock(self, request: Request, code: str) -> Response:
        period = se_access.get_period(_http(request), code)
        require(se_can_approve(request.user))
        period = services_indicators.period_lock(period=period, by=request.user)
        return Response(s.PeriodSerializer(period).data)

    @extend_schema(
        request=s.RefreshSerializer,
        responses=s.RefreshedSerializer,
        summary="Save the computed values of a scope for the period (drafts follow the data)",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def refresh(self, request: Request, code: str) -> Response:
        form = s.RefreshSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cluster = _scope(request, form.validated_data["scope"])
        period = se_access.get_period(_http(request), code)
        require(se_can_enter(request.user, cluster))
        services_indicators.ensure_unlocked(period)
        refreshed = services_indicators.indicator_values_refresh(
            period=period, cluster=cluster, by=request.user
        )
        values = IndicatorValue.objects.filter(pk__in=[v.pk for v in refreshed]).select_related(
            "entered_by", "approved_by"
        )
        context = self.get_serializer_context() | {"hides": value_hider(request.user)}
        data = {"scope": se_access.scope_code(cluster), "values": values.order_by("indicator")}
        return Response(s.RefreshedSerializer(data, context=context).data)


def value_hider(user: Any) -> Callable[[IndicatorValue], bool]:
    """Whether a value is too small an aggregate to show this user, as on the value page."""
    own = own_company_ids(user)
    outside: dict[int | None, bool] = {}
    frames: dict[tuple[int, int | None], indicators.Frames] = {}

    def hides(value: IndicatorValue) -> bool:
        if own is None or not (value.indicator.counts_pmes and value.indicator.is_computed):
            return False
        key = value.cluster_id
        if key not in outside:  # a cluster all of whose PMEs the user follows hides nothing
            companies = Company.objects.filter(cluster_id=key) if key else Company.objects
            outside[key] = companies.exclude(pk__in=own).exists()
        if not outside[key]:
            return False
        scope = (value.period.programme_id, key)
        if scope not in frames:
            frames[scope] = indicator_frames(
                programme=value.period.programme, cluster=value.cluster
            )
        live = indicator_compute(value.indicator, value.period, frames[scope])
        return indicators.hidden(live.n, live.companies, own)

    return hides


VALUE_FILTERS = [
    query("programme", PROGRAMME_DOC),
    query("period", "Period code."),
    query("scope", SCOPE_DOC),
    query("indicator", "Indicator code."),
    query("status", "draft, submitted, approved or returned."),
]


@extend_schema_view(
    list=extend_schema(parameters=VALUE_FILTERS),
    retrieve=extend_schema(responses=s.ValueDetailSerializer),
)
@extend_schema(tags=["indicators"])
class IndicatorValueViewSet(FileDownloads, viewsets.ReadOnlyModelViewSet):
    """Values reported per indicator, period and scope, and their approval workflow."""

    serializer_class = s.ValueSerializer
    permission_classes = SE
    lookup_field = "code"
    file_actions = ("evidence",)

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return IndicatorValue.objects.none()
        if has_nul(self.request.query_params.values()):
            return IndicatorValue.objects.none()
        values = values_visible_to(self.request.user, programme(self.request)).select_related(
            "entered_by", "approved_by", "period__programme"
        )
        params = self.request.query_params
        if "period" in params:
            values = values.filter(period__code=params["period"])
        if "scope" in params:
            scope = params["scope"]
            values = values.filter(
                Q(cluster__isnull=True) if scope == PROGRAMME else Q(cluster__code=scope)
            )
        if "indicator" in params:
            values = values.filter(indicator__code=params["indicator"])
        if "status" in params:
            values = values.filter(status=params["status"])
        return values.order_by("period__end", "indicator__code", "cluster__code", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return super().get_serializer_context() | {"hides": value_hider(self.request.user)}

    def get_object(self) -> IndicatorValue:
        code: UUID = as_uuid(str(self.kwargs["code"]))
        return se_access.get_value_for_user(_http(self.request), code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    def _detail(self, value: IndicatorValue) -> Response:
        """What the value page shows (``views.indicators._value_context``)."""
        value = IndicatorValue.objects.select_related(
            "indicator", "period", "cluster", "entered_by", "approved_by"
        ).get(pk=value.pk)
        shown = value_shown(value.indicator, value.period, value.cluster, value, self.request.user)
        value.api_live = shown.live  # type: ignore[attr-defined]
        value.api_breakdown = shown.breakdown  # type: ignore[attr-defined]
        value.api_sources = shown.sources  # type: ignore[attr-defined]
        value.api_history = shown.history  # type: ignore[attr-defined]
        context = self.get_serializer_context() | {"hides": lambda _value: shown.hidden}
        return Response(s.ValueDetailSerializer(value, context=context).data)

    def _entering(self, data: dict[str, Any]) -> tuple[Indicator, Period, Cluster | None]:
        """What the body names. A scope you do not follow is a 404, as on the pages; an
        unknown period or indicator is a 400 naming the field."""
        cluster = _scope(self.request, data["scope"])
        lookups: dict[str, tuple[Callable[[HttpRequest, str], Any], str]] = {
            "period": (se_access.get_period, _("No period has this code.")),
            "indicator": (se_access.get_indicator, _("No indicator has this code.")),
        }
        found: dict[str, Any] = {}
        for field, (lookup, unknown) in lookups.items():
            try:
                found[field] = lookup(_http(self.request), data[field])
            except Http404:
                raise ValidationError({field: [unknown]}) from None
        require(se_can_enter(self.request.user, cluster))
        return found["indicator"], found["period"], cluster

    @extend_schema(
        request={
            "multipart/form-data": s.ValueEntrySerializer,
            "application/json": s.ValueEntrySerializer,
        },
        responses=s.ValueDetailSerializer,
        summary="Enter a collected value, with its evidence (a file or a link)",
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, JSONParser])
    def enter(self, request: Request) -> Response:
        form = s.ValueEntrySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        indicator, period, cluster = self._entering(data)
        value = services_indicators.indicator_value_enter(
            indicator=indicator,
            period=period,
            cluster=cluster,
            by=request.user,
            value=data.get("value"),
            n=data.get("n"),
            comment=data["comment"],
            evidence=data.get("evidence"),
            evidence_link=data["evidence_link"],
            reason=data["reason"],
        )
        return self._detail(value)

    @extend_schema(
        request=s.ScopedSerializer,
        responses=s.ValueDetailSerializer,
        summary="Submit a value for approval (a computed one is recomputed first)",
    )
    @action(detail=False, methods=["post"], parser_classes=[JSONParser])
    def submit(self, request: Request) -> Response:
        form = s.ScopedSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        indicator, period, cluster = self._entering(dict(form.validated_data))
        value = services_indicators.indicator_value_submit(
            indicator=indicator, period=period, cluster=cluster, by=request.user
        )
        return self._detail(value)

    @extend_schema(
        request=None,
        responses=EVIDENCE_RESPONSES,
        summary="Download the value's evidence file",
    )
    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, code: str) -> FileResponse:
        value = self.get_object()
        return evidence_response(value.evidence, value.evidence_name)

    def _reviewed(self) -> IndicatorValue:
        value = self.get_object()
        require(se_can_approve(self.request.user))
        return value

    @extend_schema(request=None, responses=s.ValueDetailSerializer, summary="Approve a value")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, code: str) -> Response:
        value = services_indicators.indicator_value_approve(value=self._reviewed(), by=request.user)
        return self._detail(value)

    @extend_schema(
        request=s.ReturnSerializer,
        responses=s.ValueDetailSerializer,
        summary="Return a submitted value with a comment",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        parser_classes=[JSONParser],
    )
    def return_(self, request: Request, code: str) -> Response:
        value = self._reviewed()
        form = s.ReturnSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        value = services_indicators.indicator_value_return(
            value=value, by=request.user, comment=form.validated_data["comment"]
        )
        return self._detail(value)

    @extend_schema(
        request=s.BulkReviewSerializer,
        responses=s.BulkReviewedSerializer,
        summary="Approve or return several submitted values; four eyes holds for each",
        description="A value the caller entered or submitted is skipped with the reason, "
        "never approved; so is any value not waiting for approval.",
    )
    @action(detail=False, methods=["post"], parser_classes=[JSONParser])
    def review(self, request: Request) -> Response:
        require(se_can_approve(request.user))
        form = s.BulkReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        codes = list(dict.fromkeys(data["values"]))
        found = {v.code: v for v in self.get_queryset().filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise Http404
        reviewed = services_indicators.indicator_values_review(
            values=[found[code] for code in codes],
            by=request.user,
            action=data["action"],
            comment=data["comment"],
        )
        return Response(
            {
                "done": [v.code for v in reviewed.done],
                "skipped": [{"code": v.code, "reason": r} for v, r in reviewed.skipped],
            }
        )

    @extend_schema(
        request=s.ReapproveSerializer,
        responses=s.ValueDetailSerializer,
        summary="Re-approve a stale value with what the data now give",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def reapprove(self, request: Request, code: str) -> Response:
        value = self._reviewed()
        form = s.ReapproveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        value = services_indicators.indicator_value_reapprove(
            value=value, by=request.user, reason=form.validated_data["reason"]
        )
        return self._detail(value)
