"""The project bank in the API: the page's filters and scope, read-only."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.accompaniment.models import RoadmapItem
from config.api.parameters import query
from config.api.permissions import require
from reports.bank.forms import BankFilterForm
from reports.bank.rules import can_view_project_bank
from reports.bank.selectors import (
    BankFilters,
    bank_clusters_visible_to,
    bank_projects,
    bank_totals,
)
from reports.bank.serializers import ProjectSerializer, TotalsSerializer

FILTERS = [
    query("cluster", "Cluster code."),
    query("sector", "Sector code (diagnostics.codes.Sector)."),
    query("axis", "Axis (theme) code."),
    query("horizon", "quick, medium or long."),
    query("status", "planned, in_progress or done."),
    query("funding", "Funding kind (diagnostics.codes.FundingKind)."),
    query("cost_min", "Projects whose cost range reaches this amount (MAD)."),
    query("cost_max", "Projects whose cost range starts at or below this amount (MAD)."),
    query("sort", "priority, cost_desc, cost_asc, payback, due or company."),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
@extend_schema(tags=["project bank"])
class ProjectBankViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The bank of investment projects: the actions of the PMEs' latest validated roadmaps
    with their business cases (cost, payback, benefits, funding routes)."""

    serializer_class = ProjectSerializer

    def _filters(self) -> BankFilters:
        user = self.request.user
        require(can_view_project_bank(user))
        params = self.request.query_params
        keys = {name: params[name] for name in params if name != "page"}
        form = BankFilterForm(keys, clusters=list(bank_clusters_visible_to(user)))
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return form.filters()

    def get_queryset(self) -> QuerySet[RoadmapItem]:
        if getattr(self, "swagger_fake_view", False):
            return RoadmapItem.objects.none()
        return bank_projects(self.request.user, self._filters())

    @extend_schema(parameters=FILTERS, responses=TotalsSerializer, summary="Totals")
    @action(detail=False, methods=["get"])
    def totals(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Count of projects and PMEs, sums of the cost range, for the filtered set."""
        totals = bank_totals(bank_projects(request.user, self._filters()))
        return Response(TotalsSerializer(totals).data)
