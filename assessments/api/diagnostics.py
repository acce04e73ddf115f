from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import serializers as s
from assessments import services
from assessments.accompaniment import serializers as plan_serializers
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.api import RoadmapEditing
from assessments.accompaniment.selectors import plan_view
from assessments.api.access import visible_assessment, visible_evidence
from assessments.evidence_files import SIGNATURES, WEBP, answer_evidence_response
from assessments.models import Answer, Assessment, Evidence
from assessments.rules import can_answer, can_reopen, can_run_diagnostics, can_validate
from assessments.selectors import (
    assessments_visible_to,
    diagnostic_question,
    diagnostic_versions,
)
from config.api.errors import conflict
from config.api.parameters import CODE, as_uuid, query
from config.api.permissions import has_nul, require
from diagnostics.models import Axis, FrameworkVersion, Question

QUESTION = OpenApiParameter(
    "question",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern=r"^[A-Za-z0-9_-]+$",
    description="Question code.",
)


def _question(assessment: Assessment, code: str) -> Question:
    question = diagnostic_question(assessment, code)
    if question is None:
        raise NotFound
    return question


def _framework_version(data: dict[str, Any]) -> FrameworkVersion | None:
    """The version asked for by code (the latest of that framework by default), if any."""
    if not data.get("framework"):
        return None
    versions = FrameworkVersion.objects.filter(
        framework__code=data["framework"], extends=None
    ).exclude(status=FrameworkVersion.Status.DRAFT)
    if data.get("version"):
        versions = versions.filter(version=data["version"])
    version = versions.order_by("-published_at", "-id").first()
    if version is None:
        message = _("No published framework version has this code.")
        raise ValidationError({"framework": [message]})
    return version


@extend_schema_view(
    list=extend_schema(
        parameters=[
            query("pme", "PME code."),
            query("status", "draft, submitted or validated."),
            query("kind", "T0 or T1."),
        ]
    ),
    retrieve=extend_schema(responses=s.AssessmentDetailSerializer),
    create=extend_schema(
        request=s.AssessmentStartSerializer, responses={201: s.AssessmentDetailSerializer}
    ),
)
@extend_schema(tags=["diagnostics"])
class AssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    RoadmapEditing,
):
    serializer_class = s.AssessmentSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Assessment]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Assessment.objects.none()
        if has_nul(self.request.query_params.values()):
            return Assessment.objects.none()
        assessments = assessments_visible_to(self.request.user).select_related(
            "framework_version__framework", "baseline"
        )
        params = self.request.query_params
        if "pme" in params:
            assessments = assessments.filter(company__code=as_uuid(params["pme"]))
        if "status" in params:
            assessments = assessments.filter(status=params["status"])
        if "kind" in params:
            assessments = assessments.filter(kind=params["kind"])
        return assessments.order_by("-visit_date", "-created_at", "pk")

    def get_object(self) -> Assessment:
        return visible_assessment(self.request.user, self.kwargs["code"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self._detail(self.get_object()))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = s.AssessmentStartSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        company = form.validated_data["pme"]
        require(can_run_diagnostics(request.user, company))
        assessment = services.assessment_start(
            company=company,
            consultant=request.user,
            visit_date=form.validated_data["visit_date"],
            kind=form.validated_data["kind"],
            framework_version=_framework_version(form.validated_data),
        )
        return Response(self._detail(assessment), status=status.HTTP_201_CREATED)

    def _detail(self, assessment: Assessment) -> dict[str, Any]:
        fresh = Assessment.objects.select_related(
            "company__cluster", "framework_version__framework", "consultant", "baseline"
        ).get(pk=assessment.pk)
        return s.AssessmentDetailSerializer(fresh, context=self.get_serializer_context()).data

    def _editable(self) -> Assessment:
        assessment = self.get_object()
        require(can_answer(self.request.user, assessment))
        return assessment

    @extend_schema(
        request=s.AnswerWriteSerializer,
        responses={200: s.AnswerSerializer, 409: s.AnswerConflictSerializer},
        parameters=[CODE, QUESTION],
        summary="Record one answer: a level or N/A, and a comment",
    )
    @action(detail=True, methods=["put"], url_path=r"answers/(?P<question>[A-Za-z0-9_-]+)")
    def answer(self, request: Request, code: str, question: str) -> Response:
        assessment = self._editable()
        item = _question(assessment, question)
        form = s.AnswerWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        # What is left out is kept as stored: a script may send only a comment.
        stored = Answer.objects.filter(assessment=assessment, question=item).first()
        level = data.get("level", stored.level if stored else None)
        not_applicable = data.get(
            "not_applicable",
            bool(stored and stored.not_applicable and "level" not in data),
        )
        try:
            answer = services.answer_record(
                assessment=assessment,
                question=item,
                by=request.user,
                level=level,
                not_applicable=not_applicable,
                comment=data.get("comment"),
                note=data.get("note"),
                expected_revision=data.get("expected_revision"),
            )
        except services.AnswerConflict as refused:
            shown = s.AnswerSerializer(refused.answer, context={"request": request})
            return conflict(refused, shown.data)
        return Response(s.AnswerSerializer(answer, context={"request": request}).data)

    @extend_schema(
        request=s.TargetsWriteSerializer,
        responses=s.AssessmentDetailSerializer,
        summary="Set the PME's target level on some axes",
    )
    @action(detail=True, methods=["put"])
    def targets(self, request: Request, code: str) -> Response:
        assessment = self._editable()
        form = s.TargetsWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        axes = {
            a.code: a.id
            for a in Axis.objects.filter(framework_version__in=diagnostic_versions(assessment))
        }
        targets = form.validated_data["targets"]
        unknown = sorted({t["axis"] for t in targets} - set(axes))
        if unknown:
            message = _("Unknown axis: %(axes)s.") % {"axes": ", ".join(unknown[:10])}
            raise ValidationError({"targets": [message]})
        levels = {axes[t["axis"]]: t["level"] for t in targets}
        services.targets_set(assessment=assessment, levels=levels)
        return Response(self._detail(assessment))

    @extend_schema(request=None, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, code: str) -> Response:
        assessment = self._editable()
        services.assessment_submit(assessment=assessment, by=request.user)
        return Response(self._detail(assessment))

    @extend_schema(request=None, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, code: str) -> Response:
        assessment = self.get_object()
        require(can_validate(request.user, assessment))
        services.assessment_validate(assessment=assessment, by=request.user)
        return Response(self._detail(assessment))

    @extend_schema(request=s.ReopenSerializer, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, code: str) -> Response:
        assessment = self.get_object()
        require(can_reopen(request.user, assessment))
        form = s.ReopenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        reason = form.validated_data["reason"]
        services.assessment_reopen(assessment=assessment, by=request.user, reason=reason)
        return Response(self._detail(assessment))

    @extend_schema(responses=plan_serializers.RoadmapSerializer)
    @action(detail=True, methods=["get"])
    def roadmap(self, request: Request, code: str) -> Response:
        assessment = self.get_object()
        roadmap = getattr(assessment, "roadmap", None)
        if roadmap is None:
            raise NotFound
        return Response(plan_serializers.RoadmapSerializer(roadmap).data)

    @extend_schema(
        request=None,
        responses=plan_serializers.RoadmapSerializer,
        summary="Propose (or recompute) the roadmap; the consultant's changes are kept",
    )
    @action(detail=True, methods=["post"], url_path="roadmap/propose")
    def roadmap_propose(self, request: Request, code: str) -> Response:
        roadmap = accompaniment_services.roadmap_propose(assessment=self._editable())
        return Response(plan_serializers.RoadmapSerializer(roadmap).data)

    @extend_schema(
        request=None,
        responses=plan_serializers.PlanDetailSerializer,
        summary="Propose the eight-day plan from the roadmap",
    )
    @action(detail=True, methods=["post"], url_path="plan/propose")
    def plan_propose(self, request: Request, code: str) -> Response:
        plan = accompaniment_services.plan_propose(assessment=self._editable())
        return Response(plan_serializers.PlanDetailSerializer(plan_view(plan)).data)

    @extend_schema(
        request=None,
        responses=s.EvidenceSerializer(many=True),
        summary="The evidence files of the diagnostic's answers",
        tags=["evidence"],
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def evidence(self, request: Request, code: str) -> Response:
        assessment = self._editable()  # the app lists them on the questionnaire's pages only
        files = Evidence.objects.filter(answer__assessment=assessment).select_related(
            "answer__question", "uploaded_by"
        )
        ordered = files.order_by("answer__question__axis__order", "answer__question__order", "pk")
        return Response(s.EvidenceSerializer(ordered, many=True).data)

    @extend_schema(
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer},
        parameters=[CODE, QUESTION],
        summary="Attach an evidence file to an answer",
        tags=["evidence"],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"answers/(?P<question>[A-Za-z0-9_-]+)/evidence",
        parser_classes=[MultiPartParser],
    )
    def evidence_upload(self, request: Request, code: str, question: str) -> Response:
        assessment = self._editable()
        item = _question(assessment, question)
        form = s.EvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        answer = services.answer_for_evidence(assessment=assessment, question=item)
        upload = form.validated_data["file"]
        evidence = services.evidence_add(answer=answer, upload=upload, by=request.user)
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


EVIDENCE_TYPES = sorted({content_type for _magic, content_type, _ends in SIGNATURES} | {WEBP[0]})


@extend_schema(tags=["evidence"])
class EvidenceViewSet(viewsets.GenericViewSet):
    """An evidence file: downloaded by whoever sees its diagnostic, deleted by its editors."""

    serializer_class = s.EvidenceSerializer
    queryset = Evidence.objects.none()  # for the schema; objects come from get_object()
    lookup_field = "code"

    def get_object(self) -> Evidence:
        return visible_evidence(self.request.user, self.kwargs["code"])

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        # Whatever the client accepts, a refusal is JSON; the file itself is not rendered.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        request=None,
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in EVIDENCE_TYPES},
        summary="Download the file (images are shown inline)",
    )
    def retrieve(self, request: Request, code: str) -> FileResponse:
        return answer_evidence_response(self.get_object())

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Request, code: str) -> Response:
        evidence = self.get_object()
        require(can_answer(request.user, evidence.answer.assessment))
        services.evidence_delete(evidence=evidence)
        return Response(status=status.HTTP_204_NO_CONTENT)
