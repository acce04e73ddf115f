"""Clusters and PMEs, the errors every endpoint may answer, and importing PME lists."""

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments import imports
from assessments.models import MAX_KPIS, Cluster, Company, Region, Sector
from assessments.roles import Role
from assessments.selectors import clusters_visible_to
from config.api.serializers import CodeRelatedField, request_user
from diagnostics.codes import Exposure, Metric

# Clusters and PMEs


class ClusterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["code", "name", "sector", "region"]


def _users_in(role: str) -> Any:
    return get_user_model().objects.filter(is_active=True, groups__name=role)


# What the roadmap is weighed by: the PME's markets, its cost profile and the KPIs its managers
# chose. The same checks as the web form (codes from diagnostics.codes, shares 0–100); the model's
# clean() adds the sum rule when the service saves.

EXPOSURES_HELP = _("The demanding markets or customers the company answers to.")
KPIS_HELP = _("At most three: the roadmap favours the actions that move them.")


class CodeListField(serializers.ListField):
    """A list of distinct codes from ``choices``: enumerated in the schema, duplicates refused."""

    default_error_messages = {"duplicate": _("A code is listed twice.")}

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        super().__init__(child=serializers.ChoiceField(choices=choices), **kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        codes: list[str] = super().to_internal_value(data)
        if len(set(codes)) != len(codes):
            self.fail("duplicate")
        return codes


def _cost_share(label: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0, max_value=100, allow_null=True, required=False, help_text=label
    )


COST_SHARE_HELP = {
    # xgettext:no-python-format
    "cost_labour_pct": _("Labour, % of production cost (0–100; null: not known)."),
    # xgettext:no-python-format
    "cost_materials_pct": _("Materials, % of production cost (0–100; null: not known)."),
    # xgettext:no-python-format
    "cost_energy_pct": _("Energy and water, % of production cost (0–100; null: not known)."),
    # xgettext:no-python-format
    "cost_scrap_pct": _("Scrap and rework, % of production cost (0–100; null: not known)."),
}


class CompanySerializer(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="code", read_only=True)
    consultants = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    managers = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    exposures = CodeListField(Exposure.choices, read_only=True, help_text=EXPOSURES_HELP)
    kpis = CodeListField(Metric.choices, read_only=True, help_text=KPIS_HELP)

    class Meta:
        model = Company
        fields = [
            "code",
            "name",
            "ice",
            "cluster",
            "sector",
            "region",
            "city",
            "headcount",
            "exposures",
            "cost_labour_pct",
            "cost_materials_pct",
            "cost_energy_pct",
            "cost_scrap_pct",
            "kpis",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "women_led",
            "consultants",
            "managers",
            "created_at",
        ]


class CompanyWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    ice = serializers.CharField(max_length=30, help_text=_("15 digits; spaces are ignored."))
    cluster = CodeRelatedField(slug_field="code", queryset=Cluster.objects.none())
    sector = serializers.ChoiceField(choices=Sector.choices)
    region = serializers.ChoiceField(choices=Region.choices)
    city = serializers.CharField(max_length=100)
    headcount = serializers.ChoiceField(choices=Company.Headcount.choices)
    exposures = CodeListField(Exposure.choices, required=False, help_text=EXPOSURES_HELP)
    cost_labour_pct = _cost_share(COST_SHARE_HELP["cost_labour_pct"])
    cost_materials_pct = _cost_share(COST_SHARE_HELP["cost_materials_pct"])
    cost_energy_pct = _cost_share(COST_SHARE_HELP["cost_energy_pct"])
    cost_scrap_pct = _cost_share(COST_SHARE_HELP["cost_scrap_pct"])
    kpis = CodeListField(Metric.choices, required=False, max_length=MAX_KPIS, help_text=KPIS_HELP)
    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    contact_role = serializers.CharField(max_length=150, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    women_led = serializers.BooleanField(
        required=False, help_text=_("Led by a woman: majority owned or managed by women.")
    )
    consultants = CodeRelatedField(
        slug_field="username", many=True, required=False, queryset=_users_in(Role.CONSULTANT)
    )
    managers = CodeRelatedField(
        slug_field="username", many=True, required=False, queryset=_users_in(Role.PME_MANAGER)
    )
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_("Why the PME moves to another cluster (the coordinator only); recorded."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = request_user(self)
        clusters = clusters_visible_to(user) if user.is_authenticated else Cluster.objects.none()
        self.fields["cluster"].queryset = clusters

    def validate_ice(self, value: str) -> str:
        return imports.clean_ice(value)


# Importing a PME list


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("CSV (; or ,) or Excel .xlsx, like the template."))


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    name = serializers.CharField()
    ice = serializers.CharField()
    sector = serializers.CharField()
    region = serializers.CharField()
    city = serializers.CharField()
    headcount = serializers.CharField()
    contact_name = serializers.CharField()
    contact_role = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class ImportPreviewSerializer(serializers.Serializer):
    valid = serializers.BooleanField(source="is_valid")
    rows = ImportRowSerializer(many=True)
    errors = ImportErrorSerializer(many=True)
    ignored_columns = serializers.ListField(child=serializers.CharField())
    token = serializers.CharField(
        allow_null=True,
        help_text=_("Send it to the confirm endpoint to import; null while there are errors."),
    )


class ImportConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=2_000_000)


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    pmes = serializers.ListField(child=serializers.UUIDField())
