"""Read-only API of the maturity framework: versions, axes, questions, levels and actions.

Framework content is the same for every user; text comes in French and English.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound

from diagnostics.models import Action, Axis, FrameworkVersion, LevelDescriptor, Question, Stage


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["level", "name_fr", "name_en", "description_fr", "description_en"]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = LevelDescriptor
        fields = ["level", "text_fr", "text_en"]


class QuestionSerializer(serializers.ModelSerializer):
    levels = LevelSerializer(source="descriptors", many=True, read_only=True)
    sectors = serializers.ListField(child=serializers.CharField(), read_only=True)
    weight = serializers.FloatField(read_only=True)

    class Meta:
        model = Question
        fields = [
            "code",
            "order",
            "weight",
            "text_fr",
            "text_en",
            "help_fr",
            "help_en",
            "sectors",
            "evidence_from_level",
            "levels",
        ]


class ActionSerializer(serializers.ModelSerializer):
    prerequisites = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "code",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "requires_level",
            "target_level",
            "effort_half_days",
            "impact",
            "prerequisites",
        ]


class AxisSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    weight = serializers.FloatField(read_only=True)

    class Meta:
        model = Axis
        fields = [
            "code",
            "order",
            "weight",
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "questions",
            "actions",
        ]


class FrameworkVersionSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework.code", read_only=True)
    name_fr = serializers.CharField(source="framework.name_fr", read_only=True)
    name_en = serializers.CharField(source="framework.name_en", read_only=True)

    class Meta:
        model = FrameworkVersion
        fields = [
            "framework",
            "version",
            "status",
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "published_at",
        ]


class FrameworkVersionDetailSerializer(FrameworkVersionSerializer):
    stages = StageSerializer(many=True, read_only=True)
    axes = AxisSerializer(many=True, read_only=True)

    class Meta(FrameworkVersionSerializer.Meta):
        fields = [*FrameworkVersionSerializer.Meta.fields, "stages", "axes"]


def _versions() -> QuerySet[FrameworkVersion]:
    """Published and retired versions: diagnostics may still be pinned to a retired one."""
    return (
        FrameworkVersion.objects.exclude(status=FrameworkVersion.Status.DRAFT)
        .select_related("framework")
        .order_by("framework__code", "-published_at", "-id")
    )


@extend_schema(tags=["frameworks"])
class FrameworkVersionList(generics.ListAPIView):
    serializer_class = FrameworkVersionSerializer

    def get_queryset(self) -> QuerySet[FrameworkVersion]:
        return _versions()


@extend_schema(
    tags=["frameworks"],
    parameters=[
        OpenApiParameter("framework", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[-\w]+$"),
        OpenApiParameter("version", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[-\w.]+$"),
    ],
)
class FrameworkVersionDetail(generics.RetrieveAPIView):
    serializer_class = FrameworkVersionDetailSerializer

    def get_object(self) -> Any:
        if any("\x00" in str(value) for value in self.kwargs.values()):
            raise NotFound  # PostgreSQL refuses NUL in text
        questions = Question.objects.prefetch_related("descriptors").order_by("order", "code")
        actions = Action.objects.prefetch_related("prerequisites").order_by("code")
        axes = Axis.objects.prefetch_related(
            Prefetch("questions", queryset=questions), Prefetch("actions", queryset=actions)
        ).order_by("order", "code")
        version = (
            _versions()
            .filter(framework__code=self.kwargs["framework"], version=self.kwargs["version"])
            .prefetch_related(Prefetch("axes", queryset=axes), "stages")
            .first()
        )
        if version is None:
            raise NotFound
        return version
