"""A PME's measurements in the API: the rights of ``reports.monitoring.views.measurements``.

Consultants, cluster staff and the coordinator see the measurements of the PMEs they
follow; its consultant or its cluster's staff enter them; another person of the PME's
unit (its cluster's staff or the coordinator) validates them.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.models import Company
from assessments.selectors import companies_visible_to
from config.api.parameters import as_uuid, query
from config.api.parsers import JSONParser
from config.api.permissions import has_nul, require
from reports.monitoring.models import Measurement
from reports.monitoring.rules import (
    can_change_measurement,
    can_enter_measurement,
    can_validate_measurement,
    se_can_view,
)
from reports.monitoring.selectors.measurements import measurements_visible_to
from reports.monitoring.selectors.programmes import programme_companies
from reports.monitoring.serializers.measurements import (
    MeasurementSerializer,
    MeasurementWriteSerializer,
)
from reports.monitoring.services import measurements as services
from reports.monitoring.views.access import programme_asked


def enterable_companies(user: Any) -> QuerySet[Company]:
    visible = companies_visible_to(user)
    return visible.filter(pk__in=[c.pk for c in visible if can_enter_measurement(user, c)])


@extend_schema_view(
    list=extend_schema(
        parameters=[
            query("pme", "PME code."),
            query("stage", "baseline or follow_up."),
            query("status", "entered or validated."),
        ]
    ),
    create=extend_schema(
        request=MeasurementWriteSerializer, responses={201: MeasurementSerializer}
    ),
    partial_update=extend_schema(
        request=MeasurementWriteSerializer, responses=MeasurementSerializer
    ),
)
@extend_schema(tags=["measurements"])
class MeasurementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """PMEs' figures at baseline and follow-up: jobs, turnover, exports, investment, energy
    by carrier, water; they count in the indicators once validated by another person."""

    serializer_class = MeasurementSerializer
    lookup_field = "code"
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Measurement]:
        if getattr(self, "swagger_fake_view", False):
            return Measurement.objects.none()
        require(se_can_view(self.request.user))
        params = self.request.query_params
        if has_nul(params.values()):
            return Measurement.objects.none()
        found = measurements_visible_to(self.request.user).prefetch_related("energy")
        if "programme" in params:  # the programme's cohort (404 outside the user's)
            programme = programme_asked(self.request.user, params["programme"])
            found = found.filter(company__in=programme_companies(programme).values("pk"))
        if "pme" in params:
            found = found.filter(company__code=as_uuid(params["pme"]))
        for name in ("stage", "status"):
            if name in params:
                found = found.filter(**{name: params[name]})
        return found.order_by("company__name", "period_end", "pk")

    def get_object(self) -> Measurement:
        require(se_can_view(self.request.user))
        code = self.kwargs["code"]
        if has_nul([code]):
            raise NotFound
        found = measurements_visible_to(self.request.user).filter(code=as_uuid(str(code))).first()
        if found is None:
            raise NotFound
        return found

    def _form(self, stored: Measurement | None = None) -> dict[str, Any]:
        form = MeasurementWriteSerializer(
            stored,
            data=self.request.data,
            partial=stored is not None,
            companies=enterable_companies(self.request.user),
        )
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)

    def _read(self, measurement: Measurement) -> dict[str, Any]:
        fresh = measurements_visible_to(self.request.user).get(pk=measurement.pk)
        return MeasurementSerializer(fresh).data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(se_can_view(request.user))
        data = self._form()
        measurement = services.measurement_create(by=request.user, **data)
        return Response(self._read(measurement), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stored = self.get_object()
        require(can_change_measurement(request.user, stored))
        data = self._form(stored)
        data.pop("company", None)
        measurement = services.measurement_update(measurement=stored, by=request.user, **data)
        return Response(self._read(measurement))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stored = self.get_object()
        require(can_change_measurement(request.user, stored))
        services.measurement_delete(measurement=stored, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=MeasurementSerializer, summary="Validate the figures")
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, code: str) -> Response:
        stored = self.get_object()
        require(can_validate_measurement(request.user, stored))
        return Response(
            self._read(services.measurement_validate(measurement=stored, by=request.user))
        )
