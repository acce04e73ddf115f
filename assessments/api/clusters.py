from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import imports
from assessments import serializers as s
from assessments.api.access import visible_cluster
from assessments.imports import services as import_services
from assessments.models import Cluster
from assessments.rules import can_import_companies
from assessments.selectors import clusters_visible_to
from config.api.parsers import JSONParser
from config.api.permissions import has_nul, require


@extend_schema(tags=["clusters"])
class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ClusterSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Cluster]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Cluster.objects.none()
        if has_nul(self.request.query_params.values()):
            return Cluster.objects.none()
        return clusters_visible_to(self.request.user).order_by("name", "pk")

    def get_object(self) -> Cluster:
        return visible_cluster(self.request.user, self.kwargs["code"])

    def _importing(self) -> Cluster:
        cluster = self.get_object()
        require(can_import_companies(self.request.user, cluster))
        return cluster

    @extend_schema(
        request={"multipart/form-data": s.ImportFileSerializer},
        responses={200: s.ImportPreviewSerializer},
        summary="Preview the import of a PME list (nothing is saved)",
    )
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_preview(self, request: Request, code: str) -> Response:
        cluster = self._importing()
        form = s.ImportFileSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise imports.too_large(upload.size)
        preview = imports.preview(cluster=cluster, content=upload.read(), filename=upload.name)
        token = None
        if preview.is_valid:
            token = imports.sign(preview=preview, cluster=cluster, user=request.user)
        data = {
            "is_valid": preview.is_valid,
            "rows": preview.rows,
            "errors": preview.errors,
            "ignored_columns": preview.ignored_columns,
            "token": token,
        }
        return Response(s.ImportPreviewSerializer(data).data)

    @extend_schema(
        request=s.ImportConfirmSerializer,
        responses={201: s.ImportResultSerializer},
        summary="Import the previewed PME list, all or nothing",
    )
    @action(detail=True, methods=["post"], url_path="import/confirm", parser_classes=[JSONParser])
    def import_confirm(self, request: Request, code: str) -> Response:
        cluster = self._importing()
        form = s.ImportConfirmSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        rows = imports.unsign(form.validated_data["token"], cluster=cluster, user=request.user)
        created = import_services.companies_import(cluster=cluster, rows=rows, by=request.user)
        result = {"created": len(created), "pmes": [c.code for c in created]}
        return Response(s.ImportResultSerializer(result).data, status=status.HTTP_201_CREATED)
