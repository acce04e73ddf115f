"""PDF documents in the API: the rights of ``reports.documents.views``, through its selectors.

A request answers 202 with the document: it renders in the background (in-process
without a broker), and its ``status`` says when the file is ready.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.selectors import assessments_visible_to
from config.api.parameters import as_uuid, query
from config.api.permissions import has_nul, require
from config.api.serializers import ErrorSerializer
from reports.documents import services as services
from reports.documents.models import Report
from reports.documents.rules import can_request_brief, can_request_report, can_retry_report
from reports.documents.selectors import reports_visible_to
from reports.documents.serializers import DocumentRequestSerializer, DocumentSerializer
from reports.documents.views import _filename as filename
from reports.monitoring.models import Period
from reports.monitoring.selectors.indicators import se_clusters_visible_to
from reports.monitoring.selectors.programmes import programmes_visible_to


class NotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_ready"


def visible_document(user: Any, code: object) -> Report:
    if has_nul([code]):
        raise NotFound
    found = reports_visible_to(user).filter(code=as_uuid(str(code))).first()
    if found is None:
        raise NotFound
    return found


def _not_ready(report: Report) -> NotReady:
    if report.status == Report.Status.FAILED:
        return NotReady(_("Rendering this document failed; ask for it again."))
    return NotReady(_("This document is not ready yet; try again in a moment."))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            query("diagnostic", "Diagnostic code."),
            query("kind", "roadmap or se_brief."),
            query("status", "queued, rendering, ready or failed."),
            query("language", "fr, en or ar."),
            query("cluster", "Cluster code (briefs)."),
            query("period", "Period code (briefs)."),
        ]
    ),
    create=extend_schema(
        request=DocumentRequestSerializer,
        responses={202: DocumentSerializer},
        summary="Ask for a new version of a PDF roadmap or S&E brief",
    ),
)
@extend_schema(tags=["documents"])
class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """PDF roadmaps of diagnostics and S&E briefs of clusters, with their versions."""

    serializer_class = DocumentSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Report.objects.none()
        params = self.request.query_params
        if has_nul(params.values()):
            return Report.objects.none()
        reports = reports_visible_to(self.request.user)
        if "diagnostic" in params:
            reports = reports.filter(assessment__code=as_uuid(params["diagnostic"]))
        for name in ("kind", "status", "language"):
            if name in params:
                reports = reports.filter(**{name: params[name]})
        if "cluster" in params:
            reports = reports.filter(cluster__code=params["cluster"])
        if "period" in params:
            reports = reports.filter(period__code=params["period"])
        return reports.order_by("-requested_at", "-pk")

    def get_object(self) -> Report:
        return visible_document(self.request.user, self.kwargs["code"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        programmes = programmes_visible_to(user)
        asked = request.query_params.get("programme")
        programme = programmes.filter(code=as_uuid(asked)) if asked else programmes.order_by("pk")
        form = DocumentRequestSerializer(
            data=request.data,
            diagnostics=assessments_visible_to(user),
            clusters=se_clusters_visible_to(user),
            periods=Period.objects.filter(programme__in=programme[:1]),
        )
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if "diagnostic" in data:
            require(can_request_report(user, data["diagnostic"]))
            report = services.report_request(
                assessment=data["diagnostic"], language=data["language"], by=user
            )
        else:
            require(can_request_brief(user, data["cluster"]))
            report = services.brief_request(
                cluster=data["cluster"], period=data["period"], language=data["language"], by=user
            )
        return self._accepted(report)

    def _accepted(self, report: Report) -> Response:
        # Without a broker the render has already run: answer with the state it left.
        fresh = reports_visible_to(self.request.user).get(pk=report.pk)
        return Response(DocumentSerializer(fresh).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={202: DocumentSerializer},
        summary="Render a failed (or stuck) document again, under the same version",
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, code: str) -> Response:
        report = self.get_object()
        require(can_retry_report(request.user, report))
        return self._accepted(services.report_retry(report=report))

    @extend_schema(
        request=None,
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            409: OpenApiResponse(ErrorSerializer, description="Not rendered (yet), or failed."),
        },
        summary="Download the PDF, once the document is ready",
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, code: str) -> FileResponse:
        report = self.get_object()
        if not report.is_ready:
            raise _not_ready(report)
        path = services.report_path(report)
        if not path.is_file():
            raise NotFound(_("The file of this document is missing; ask for it again."))
        response = FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=filename(report),
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A file download answers whatever type the client accepts; refusals stay JSON.
        return super().perform_content_negotiation(request, force=force or self.action == "file")
