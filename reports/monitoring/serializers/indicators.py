"""S&E in the API: the logframe, periods, the indicator table, values and their history."""

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from reports.monitoring.forms import PROGRAMME
from reports.monitoring.models import Indicator, IndicatorValue, Period, Result, Target, ValueChange

SCOPE_HELP = _('A cluster code, or "programme" (the whole programme, coordinator only).')
MAX_N = 2_147_483_647  # the largest n the database stores


def scope_of(cluster: Any) -> str:
    return cluster.code if cluster is not None else PROGRAMME


# The logframe


class ResultSerializer(serializers.ModelSerializer):
    statement = serializers.CharField(read_only=True)

    class Meta:
        model = Result
        fields = ["code", "level", "statement"]


class IndicatorTargetSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.code", read_only=True)
    scope = serializers.SerializerMethodField(help_text=SCOPE_HELP)

    class Meta:
        model = Target
        fields = ["period", "scope", "value"]

    def get_scope(self, target: Target) -> str:
        return scope_of(target.cluster)


def choices_field(choices: type[models.TextChoices], **kwargs: Any) -> serializers.CharField:
    """A choice as plain text: several models name their choices ``kind`` or ``status``."""
    listed = ", ".join(choices.values)
    return serializers.CharField(read_only=True, help_text=f"{listed}.", **kwargs)


class IndicatorSerializer(serializers.ModelSerializer):
    result = ResultSerializer(read_only=True)
    kind = choices_field(Indicator.Kind)
    across_scopes = choices_field(Indicator.Aggregation)
    across_periods = choices_field(Indicator.Aggregation)
    name = serializers.CharField(read_only=True)
    definition = serializers.CharField(read_only=True)
    verification = serializers.CharField(read_only=True, help_text=_("Means of verification."))
    disaggregations = serializers.ListField(child=serializers.CharField(), read_only=True)
    targets = IndicatorTargetSerializer(
        many=True,
        read_only=True,
        source="visible_targets",
        help_text=_("Targets of the scopes you may follow."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "result",
            "kind",
            "name",
            "definition",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "verification",
            "across_scopes",
            "across_periods",
            "disaggregations",
            "counts_pmes",
            "targets",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    kind = choices_field(Period.Kind)
    locked_by = serializers.CharField(
        source="locked_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Period
        fields = ["code", "kind", "name", "start", "end", "locked", "locked_by", "locked_at"]


# The indicator table of a period and a scope


class TableRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    result = serializers.CharField(source="indicator.result.code")
    level = serializers.CharField(source="indicator.result.level")
    kind = choices_field(Indicator.Kind, source="indicator.kind")
    unit = serializers.ChoiceField(source="indicator.unit", choices=Indicator.Unit.choices)
    baseline = serializers.DecimalField(
        source="indicator.baseline_value", max_digits=12, decimal_places=2, allow_null=True
    )
    target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    actual = serializers.FloatField(
        allow_null=True, help_text=_("Null when there is no data, or too few PMEs to show.")
    )
    n = serializers.IntegerField(allow_null=True)
    derived = serializers.BooleanField(
        help_text=_("Derived from the values reported for clusters or quarters.")
    )
    percent_of_target = serializers.FloatField(allow_null=True)
    status = serializers.CharField(
        help_text=_("on_track, ahead, behind, no_data, no_target or not_started.")
    )
    hidden = serializers.BooleanField(
        help_text=_("Fewer than 5 PMEs outside those you follow are behind the value.")
    )
    stale = serializers.BooleanField(
        help_text=_("The data behind the reported value changed since it was reported.")
    )
    value = serializers.UUIDField(
        source="stored.code", allow_null=True, default=None, help_text=_("The stored value.")
    )
    value_status = choices_field(
        IndicatorValue.Status, source="stored.status", allow_null=True, default=None
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if instance.hidden:
            data["n"] = None
        return data


class TableSerializer(serializers.Serializer):
    period = serializers.CharField(source="table.period.code")
    scope = serializers.CharField(help_text=SCOPE_HELP)
    sector = serializers.CharField(source="table.sector")
    share_elapsed = serializers.FloatField(
        source="table.share", help_text=_("Share of the period gone, 0 to 1.")
    )
    locked = serializers.BooleanField(source="table.period.locked")
    can_enter = serializers.BooleanField()
    can_approve = serializers.BooleanField()
    rows = TableRowSerializer(many=True, source="table.rows")


# Values


class ValueChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ValueChange
        fields = [
            "at",
            "action",
            "by",
            "before",
            "after",
            "status_before",
            "status_after",
            "reason",
        ]


class ValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    period = serializers.CharField(source="period.code", read_only=True)
    scope = serializers.SerializerMethodField(help_text=SCOPE_HELP)
    hidden = serializers.SerializerMethodField(
        help_text=_("Too few PMEs outside those you follow: the figures are withheld.")
    )
    evidence_url = serializers.SerializerMethodField(
        help_text=_("Where to download the evidence file.")
    )
    status = choices_field(IndicatorValue.Status)
    entered_by = serializers.CharField(
        source="entered_by.username", read_only=True, allow_null=True, default=None
    )
    approved_by = serializers.CharField(
        source="approved_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "code",
            "indicator",
            "period",
            "scope",
            "value",
            "n",
            "status",
            "stale",
            "recomputed_value",
            "recomputed_n",
            "hidden",
            "comment",
            "evidence_name",
            "evidence_url",
            "evidence_link",
            "entered_by",
            "entered_at",
            "computed_at",
            "submitted_at",
            "approved_by",
            "approved_at",
        ]

    def get_scope(self, value: IndicatorValue) -> str:
        return scope_of(value.cluster)

    def get_hidden(self, value: IndicatorValue) -> bool:
        return self._hidden(value)

    def get_evidence_url(self, value: IndicatorValue) -> str | None:
        if not value.evidence:
            return None
        return reverse("api:indicator-value-evidence", kwargs={"code": value.code})

    def _hidden(self, value: IndicatorValue) -> bool:
        hides = self.context.get("hides")
        return bool(hides(value)) if hides is not None else False

    def to_representation(self, instance: IndicatorValue) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if data["hidden"]:
            data.update(value=None, n=None, recomputed_value=None, recomputed_n=None)
        return data


class BreakdownSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    category = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()


class SourceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class LiveSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()


class ValueDetailSerializer(ValueSerializer):
    """A value with what its page shows: the live figure, breakdown, sources and history.

    The view puts them on the value first (``api_live``, ``api_breakdown``...).
    """

    live = LiveSerializer(
        source="api_live",
        read_only=True,
        allow_null=True,
        help_text=_("Computed now from the data (computed indicators only)."),
    )
    breakdown = BreakdownSerializer(source="api_breakdown", many=True, read_only=True)
    sources = SourceSerializer(source="api_sources", many=True, read_only=True)
    history = ValueChangeSerializer(
        source="api_history", many=True, read_only=True, help_text=_("Latest first.")
    )

    class Meta(ValueSerializer.Meta):
        fields = [*ValueSerializer.Meta.fields, "live", "breakdown", "sources", "history"]

    def to_representation(self, instance: IndicatorValue) -> dict[str, Any]:
        data = super().to_representation(instance)
        if data["hidden"]:
            data.update(live=None, breakdown=[], sources=[])
            for change in data["history"]:
                change.update(before=None, after=None)
        return data


# Writes


class RefreshSerializer(serializers.Serializer):
    scope = serializers.SlugField(max_length=30, help_text=SCOPE_HELP)


class RefreshedSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text=SCOPE_HELP)
    values = ValueSerializer(
        many=True, help_text=_("The computed values saved (reported ones flagged if stale).")
    )


class ScopedSerializer(serializers.Serializer):
    indicator = serializers.SlugField(max_length=40)
    period = serializers.SlugField(max_length=20)
    scope = serializers.SlugField(max_length=30, help_text=SCOPE_HELP)


class ValueEntrySerializer(ScopedSerializer):
    """What the value form of the app accepts, with the same limits."""

    value = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    n = serializers.IntegerField(min_value=0, max_value=MAX_N, required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(
        required=False,
        allow_null=True,
        help_text=_("PDF, image or Office document (multipart/form-data)."),
    )
    evidence_link = serializers.URLField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required to change an approved value."),
    )


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, help_text=_("What needs changing."))


class ReapproveSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("Why the approved value changes."))


class BulkReviewSerializer(serializers.Serializer):
    values = serializers.ListField(
        child=serializers.UUIDField(),
        allow_empty=False,
        max_length=500,
        help_text=_("Public codes of submitted values."),
    )
    action = serializers.ChoiceField(choices=["approve", "return"])
    comment = serializers.CharField(
        allow_blank=True, required=False, default="", help_text=_("Required to return.")
    )


class SkippedSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    reason = serializers.CharField()


class BulkReviewedSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.UUIDField())
    skipped = SkippedSerializer(many=True)
