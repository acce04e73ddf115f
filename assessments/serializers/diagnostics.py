"""Diagnostics with their answers, targets, progress and scores; roadmaps."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Answer, Assessment, AxisTarget, Company
from assessments.rules import can_see_full_history
from assessments.selectors import (
    AssessmentResult,
    DmaReading,
    Progress,
    assessment_dma,
    assessment_progress,
    assessment_result,
    companies_visible_to,
)
from config.api.serializers import CodeRelatedField, request_user
from diagnostics.models import MAX_LEVEL

# Diagnostics


class AssessmentSerializer(serializers.ModelSerializer):
    pme = serializers.UUIDField(source="company.code", read_only=True)
    pme_name = serializers.CharField(source="company.name", read_only=True)
    cluster = serializers.CharField(source="company.cluster.code", read_only=True)
    consultant = serializers.CharField(source="consultant.username", read_only=True)
    framework = serializers.CharField(source="framework_version.framework.code", read_only=True)
    framework_version = serializers.CharField(source="framework_version.version", read_only=True)
    baseline = serializers.UUIDField(source="baseline.code", read_only=True, allow_null=True)
    overall_percent = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "code",
            "pme",
            "pme_name",
            "cluster",
            "kind",
            "mode",
            "status",
            "visit_date",
            "consultant",
            "framework",
            "framework_version",
            "baseline",
            "overall_score",
            "overall_percent",
            "created_at",
            "submitted_at",
            "validated_at",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code", read_only=True)
    updated_by = serializers.CharField(
        source="updated_by.username", read_only=True, allow_null=True
    )
    note = serializers.SerializerMethodField(
        help_text=_("The consulting team's internal note; null for the PME's managers.")
    )

    class Meta:
        model = Answer
        fields = [
            "question",
            "level",
            "not_applicable",
            "comment",
            "note",
            "revision",
            "updated_at",
            "updated_by",
        ]

    def get_note(self, answer: Answer) -> str | None:
        viewer = request_user(self)
        return answer.note if can_see_full_history(viewer, answer.assessment) else None


class TargetSerializer(serializers.Serializer):
    axis = serializers.CharField(max_length=20)
    level = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=Decimal(0), max_value=Decimal(MAX_LEVEL)
    )


class AxisScoreSerializer(serializers.Serializer):
    axis = serializers.CharField(source="axis.code")
    name = serializers.CharField(source="axis.name")
    score = serializers.FloatField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)
    stage = serializers.IntegerField(source="stage.level", allow_null=True)
    stage_name = serializers.CharField(source="stage.name", allow_null=True)
    target = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    not_applicable = serializers.IntegerField()


class ScoresSerializer(serializers.Serializer):
    overall = serializers.FloatField(allow_null=True)
    overall_percent = serializers.IntegerField(allow_null=True)
    overall_stage = serializers.IntegerField(source="overall_stage.level", allow_null=True)
    axes = AxisScoreSerializer(many=True, source="rows")


class DmaDimensionSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    name = serializers.CharField(source="label")
    score = serializers.IntegerField(allow_null=True, help_text=_("0–100; null: not covered"))
    answered = serializers.IntegerField()
    questions = serializers.IntegerField(source="mapped")


class DmaSerializer(serializers.Serializer):
    """The EU Digital Maturity Assessment reading (docs/dma.md)."""

    overall = serializers.IntegerField(allow_null=True)
    covered = serializers.IntegerField()
    dimensions = DmaDimensionSerializer(many=True, source="rows")


class ProgressSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()


class AssessmentDetailSerializer(AssessmentSerializer):
    """A diagnostic with its answers, targets, progress and scores (live while a draft)."""

    answers = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()
    dma = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [
            *AssessmentSerializer.Meta.fields,
            *["answers", "targets", "progress", "scores", "dma"],
        ]

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, assessment: Assessment) -> list[dict[str, Any]]:
        answers = assessment.answers.select_related("question", "updated_by", "assessment")
        return AnswerSerializer(answers, many=True, context=self.context).data

    @extend_schema_field(TargetSerializer(many=True))
    def get_targets(self, assessment: Assessment) -> list[dict[str, Any]]:
        targets: Any = AxisTarget.objects.filter(assessment=assessment).select_related("axis")
        return [{"axis": t.axis.code, "level": t.level} for t in targets.order_by("axis__order")]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, assessment: Assessment) -> dict[str, Any]:
        progress: Progress = assessment_progress(assessment)
        return ProgressSerializer(progress).data

    @extend_schema_field(ScoresSerializer)
    def get_scores(self, assessment: Assessment) -> dict[str, Any]:
        result: AssessmentResult = assessment_result(assessment)
        return ScoresSerializer(result).data

    @extend_schema_field(DmaSerializer)
    def get_dma(self, assessment: Assessment) -> dict[str, Any]:
        reading: DmaReading = assessment_dma(assessment)
        return DmaSerializer(reading).data


class AssessmentStartSerializer(serializers.Serializer):
    pme = CodeRelatedField(slug_field="code", queryset=Company.objects.none())
    kind = serializers.ChoiceField(
        choices=Assessment.Kind.choices, default=Assessment.Kind.BASELINE
    )
    visit_date = serializers.DateField()
    framework = serializers.CharField(
        required=False, max_length=60, help_text=_("Framework code; the latest by default.")
    )
    version = serializers.CharField(
        required=False, max_length=20, help_text=_("Framework version; the latest by default.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = request_user(self)
        pmes = companies_visible_to(user) if user.is_authenticated else Company.objects.none()
        self.fields["pme"].queryset = pmes

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("kind") == Assessment.Kind.FOLLOW_UP and (
            attrs.get("framework") or attrs.get("version")
        ):
            message = _("A follow-up uses its baseline's framework version: leave this out.")
            field = "framework" if attrs.get("framework") else "version"
            raise serializers.ValidationError({field: [message]})
        if attrs.get("version") and not attrs.get("framework"):
            message = _("Give the framework's code with its version.")
            raise serializers.ValidationError({"framework": [message]})
        return attrs


class AnswerConflictSerializer(serializers.Serializer):
    """409: the answer as it is stored now, to reconcile with what you sent."""

    detail = serializers.CharField()
    current = AnswerSerializer()


class AnswerWriteSerializer(serializers.Serializer):
    level = serializers.IntegerField(
        min_value=0,
        max_value=MAX_LEVEL,
        required=False,
        allow_null=True,
        help_text=_("Left out, the stored level is kept; null clears it."),
    )
    not_applicable = serializers.BooleanField(
        required=False,
        help_text=_("Left out, kept as stored unless a level is given."),
    )
    comment = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text=_("Shared with the PME. Left out, the stored comment is kept."),
    )
    note = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text=_("The consulting team's internal note. Left out, the stored note is kept."),
    )
    expected_revision = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=_("The revision you read: if the answer changed since, the answer is 409."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("not_applicable") and attrs.get("level") is not None:
            raise serializers.ValidationError(_("Give a level or “not applicable”, not both."))
        return attrs


class TargetsWriteSerializer(serializers.Serializer):
    targets = TargetSerializer(many=True)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


# Roadmaps
