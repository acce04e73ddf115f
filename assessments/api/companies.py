from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import serializers as s
from assessments import services
from assessments.api.access import visible_company
from assessments.models import Company
from assessments.rules import can_create_company, can_edit_company
from assessments.selectors import companies_visible_to
from config.api.parameters import query
from config.api.permissions import has_nul, require


@extend_schema_view(
    list=extend_schema(
        parameters=[query("cluster", "Cluster code."), query("q", "Part of the name or city.")]
    ),
    create=extend_schema(request=s.CompanyWriteSerializer, responses={201: s.CompanySerializer}),
    update=extend_schema(request=s.CompanyWriteSerializer, responses=s.CompanySerializer),
    partial_update=extend_schema(request=s.CompanyWriteSerializer, responses=s.CompanySerializer),
)
@extend_schema(tags=["pmes"])
class CompanyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.CompanySerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Company]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Company.objects.none()
        if has_nul(self.request.query_params.values()):
            return Company.objects.none()
        companies = companies_visible_to(self.request.user).prefetch_related(
            "consultants", "managers"
        )
        if cluster := self.request.query_params.get("cluster"):
            companies = companies.filter(cluster__code=cluster)
        if term := self.request.query_params.get("q", "").strip():
            companies = companies.filter(Q(name__icontains=term) | Q(city__icontains=term))
        return companies.order_by("name", "pk")

    def get_object(self) -> Company:
        return visible_company(self.request.user, self.kwargs["code"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(can_create_company(request.user))
        form = s.CompanyWriteSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        form.validated_data.pop("reason", None)  # a new PME moves nowhere
        company = services.company_create(by=request.user, **form.validated_data)
        return Response(self._read(company), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        company = self.get_object()
        require(can_edit_company(request.user, company))
        form = s.CompanyWriteSerializer(
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        form.is_valid(raise_exception=True)
        services.company_update(company=company, by=request.user, **form.validated_data)
        return Response(self._read(company))

    def _read(self, company: Company) -> dict[str, Any]:
        # Not through the scope again: staff may have just moved the PME out of their cluster.
        return s.CompanySerializer(company).data
