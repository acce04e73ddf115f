from typing import Any

from rest_framework import serializers

from assessments.accompaniment.models import RoadmapItem

MONEY: dict[str, Any] = {"max_digits": 15, "decimal_places": 2, "read_only": True}


class ProjectSerializer(serializers.ModelSerializer):
    """One project of the bank: a roadmap action and its business case."""

    pme = serializers.UUIDField(source="roadmap.assessment.company.code", read_only=True)
    pme_name = serializers.CharField(source="roadmap.assessment.company.name", read_only=True)
    cluster = serializers.CharField(
        source="roadmap.assessment.company.cluster.code", read_only=True
    )
    sector = serializers.CharField(source="roadmap.assessment.company.sector", read_only=True)
    region = serializers.CharField(source="roadmap.assessment.company.region", read_only=True)
    diagnostic = serializers.UUIDField(source="roadmap.assessment.code", read_only=True)
    diagnostic_kind = serializers.CharField(source="roadmap.assessment.kind", read_only=True)
    axis = serializers.CharField(source="axis.code", read_only=True, allow_null=True)
    action = serializers.CharField(source="action.code", read_only=True, allow_null=True)
    title = serializers.CharField(source="display_title", read_only=True)
    cost_low_mad = serializers.DecimalField(source="cost_low", allow_null=True, **MONEY)
    cost_high_mad = serializers.DecimalField(source="cost_high", allow_null=True, **MONEY)
    cost_source = serializers.SerializerMethodField()
    payback_months_min = serializers.IntegerField(
        source="action.payback_months_min", read_only=True, allow_null=True
    )
    payback_months_max = serializers.IntegerField(
        source="action.payback_months_max", read_only=True, allow_null=True
    )
    benefits = serializers.SerializerMethodField()
    funding = serializers.SerializerMethodField()

    class Meta:
        model = RoadmapItem
        fields = [
            "code",
            "pme",
            "pme_name",
            "cluster",
            "sector",
            "region",
            "diagnostic",
            "diagnostic_kind",
            "axis",
            "action",
            "title",
            "horizon",
            "status",
            "cost_low_mad",
            "cost_high_mad",
            "cost_source",
            "payback_months_min",
            "payback_months_max",
            "benefits",
            "funding",
            "owner_name",
            "due_on",
        ]
        read_only_fields = fields

    def get_cost_source(self, item: RoadmapItem) -> str:
        """ "budget" (set on the roadmap), "library" (the action's capex range) or ""."""
        if item.budget_mad is not None:
            return "budget"
        known = item.action is not None and item.action.capex_max_mad is not None
        return "library" if known else ""

    def get_benefits(self, item: RoadmapItem) -> list[dict[str, Any]]:
        """The action library's expected benefits: metric code, low, high, unit."""
        keep = ("metric", "low", "high", "unit")
        benefits = (item.action.benefits if item.action else None) or []
        return [{key: b.get(key) for key in keep} for b in benefits if isinstance(b, dict)]

    def get_funding(self, item: RoadmapItem) -> list[str]:
        """The funding routes' kinds (codes of ``diagnostics.codes.FundingKind``)."""
        routes = (item.action.funding if item.action else None) or []
        return [str(f.get("kind", "")) for f in routes if isinstance(f, dict)]


class TotalsSerializer(serializers.Serializer):
    projects = serializers.IntegerField()
    pmes = serializers.IntegerField()
    cost_low_mad = serializers.DecimalField(source="cost_low", max_digits=17, decimal_places=2)
    cost_high_mad = serializers.DecimalField(source="cost_high", max_digits=17, decimal_places=2)
    without_cost = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
