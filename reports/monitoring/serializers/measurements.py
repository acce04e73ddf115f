"""A PME's measurements as the API shows and accepts them."""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import Assessment, Company
from config.api.serializers import CodeRelatedField
from reports.monitoring.models import Measurement
from reports.monitoring.models.results import Carrier
from reports.monitoring.serializers.activities import named_choices

StageField = named_choices("MeasurementStageEnum", Measurement.Stage)
StatusField = named_choices("MeasurementStatusEnum", Measurement.Status)
AMOUNT = {"max_digits": 15, "decimal_places": 2, "min_value": Decimal(0)}


class EnergySerializer(serializers.Serializer):
    """kWh per carrier over the months covered; a carrier left out was not used."""

    electricity = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    natural_gas = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    lpg = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    diesel = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    fuel_oil = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)


class MeasurementSerializer(serializers.ModelSerializer):
    company = serializers.UUIDField(source="company.code", read_only=True)
    assessment = serializers.UUIDField(source="assessment.code", read_only=True, allow_null=True)
    stage = StageField(read_only=True)
    status = StatusField(read_only=True)
    energy = serializers.SerializerMethodField(help_text=_("kWh per carrier."))
    entered_by = serializers.CharField(
        source="entered_by.username", read_only=True, allow_null=True
    )
    validated_by = serializers.CharField(
        source="validated_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = Measurement
        fields = [
            "code",
            "company",
            "stage",
            "assessment",
            "period_start",
            "period_end",
            "jobs_women",
            "jobs_men",
            "turnover_mad",
            "exports_mad",
            "investment_mad",
            "water_m3",
            "energy",
            "comment",
            "evidence_link",
            "evidence_name",
            "status",
            "entered_by",
            "entered_at",
            "validated_by",
            "validated_at",
        ]

    def get_energy(self, measurement: Measurement) -> dict[str, str]:
        return {line.carrier: str(line.kwh) for line in measurement.energy.all()}


class MeasurementWriteSerializer(serializers.Serializer):
    company = CodeRelatedField(
        slug_field="code", queryset=Company.objects.none(), help_text=_("The PME's code.")
    )
    stage = StageField()
    assessment = CodeRelatedField(
        slug_field="code",
        queryset=Assessment.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("The diagnostic of the same visit, if any (T0 or T1 code)."),
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    jobs_women = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    jobs_men = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    turnover_mad = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    exports_mad = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    investment_mad = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    water_m3 = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    energy = EnergySerializer(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    evidence_link = serializers.URLField(required=False, allow_blank=True, max_length=500)

    def __init__(
        self, *args: Any, companies: QuerySet[Company] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"].queryset = companies
            self.fields["assessment"].queryset = Assessment.objects.filter(company__in=companies)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        stored: Measurement | None = self.instance
        link = attrs.get("evidence_link", stored.evidence_link if stored else "")
        if not link and not (stored and stored.evidence):
            raise serializers.ValidationError(_("Attach the evidence: a file or a link."))
        if "energy" in attrs:
            attrs["energy"] = {c.value: attrs["energy"].get(c.value) for c in Carrier}
        return attrs
