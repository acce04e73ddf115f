"""PDF documents (roadmaps and S&E briefs): their state, and how to ask for one."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Assessment, Cluster
from config.api.serializers import CodeRelatedField
from reports.documents.models import Report
from reports.monitoring.models import Period
from reports.monitoring.serializers.activities import named_choices

ReportKindField = named_choices("DocumentKindEnum", Report.Kind)
ReportStatusField = named_choices("DocumentStatusEnum", Report.Status)


class DocumentSerializer(serializers.ModelSerializer):
    kind = ReportKindField(read_only=True)
    status = ReportStatusField(read_only=True)
    diagnostic = serializers.UUIDField(source="assessment.code", read_only=True, allow_null=True)
    pme = serializers.UUIDField(source="assessment.company.code", read_only=True, allow_null=True)
    cluster = serializers.CharField(source="cluster.code", read_only=True, allow_null=True)
    period = serializers.CharField(source="period.code", read_only=True, allow_null=True)
    requested_by = serializers.CharField(
        source="requested_by.username", read_only=True, allow_null=True
    )
    file = serializers.SerializerMethodField(
        help_text=_("Where to download the PDF once it is ready; null until then.")
    )

    class Meta:
        model = Report
        fields = [
            "code",
            "kind",
            "diagnostic",
            "pme",
            "cluster",
            "period",
            "language",
            "version",
            "status",
            "error",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "size",
            "pages",
            "checksum",
            "file",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file(self, report: Report) -> str | None:
        if not report.is_ready:
            return None
        return reverse("api:document-file", kwargs={"code": report.code})


class DocumentRequestSerializer(serializers.Serializer):
    """A diagnostic's PDF roadmap, or a cluster's S&E brief for a period."""

    diagnostic = CodeRelatedField(
        slug_field="code",
        queryset=Assessment.objects.none(),
        required=False,
        help_text=_("Code of a submitted diagnostic: its PDF roadmap."),
    )
    cluster = CodeRelatedField(
        slug_field="code",
        queryset=Cluster.objects.none(),
        required=False,
        help_text=_("Cluster code, with a period: the cluster's S&E brief."),
    )
    period = CodeRelatedField(
        slug_field="code",
        queryset=Period.objects.none(),
        required=False,
        help_text=_("Period code, such as 2026-Q4, of the programme asked for (?programme=)."),
    )
    language = serializers.ChoiceField(choices=Report.Language.choices)

    def __init__(
        self,
        *args: Any,
        diagnostics: QuerySet[Assessment] | None = None,
        clusters: QuerySet[Cluster] | None = None,
        periods: QuerySet[Period] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if periods is not None:  # one programme's: period codes repeat across programmes
            self.fields["period"].queryset = periods
        if diagnostics is not None:
            self.fields["diagnostic"].queryset = diagnostics
        if clusters is not None:
            self.fields["cluster"].queryset = clusters

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        brief = "cluster" in attrs or "period" in attrs
        if ("diagnostic" in attrs) == brief:
            raise serializers.ValidationError(
                _("Give a diagnostic (its roadmap), or a cluster and a period (their brief).")
            )
        if brief and not ("cluster" in attrs and "period" in attrs):
            raise serializers.ValidationError(_("A brief needs both a cluster and a period."))
        return attrs
