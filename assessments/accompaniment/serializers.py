"""Eight-day plans: their days, slots and logs, and the changes the API accepts."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.accompaniment.forms import CustomActionForm
from assessments.accompaniment.models import Plan, PlanDay, PlanSlot, Roadmap, RoadmapItem
from assessments.accompaniment.selectors import roadmap_library_left
from diagnostics.models import Action, Axis


class PlanSerializer(serializers.ModelSerializer):
    diagnostic = serializers.UUIDField(source="assessment.code", read_only=True)
    pme = serializers.UUIDField(source="assessment.company.code", read_only=True)
    pme_name = serializers.CharField(source="assessment.company.name", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "code",
            "diagnostic",
            "pme",
            "pme_name",
            "status",
            "created_at",
            "agreed_at",
            "completed_at",
        ]


class SlotSerializer(serializers.ModelSerializer):
    item = serializers.UUIDField(source="item.code", read_only=True, allow_null=True)
    title = serializers.SerializerMethodField()

    class Meta:
        model = PlanSlot
        fields = ["id", "kind", "item", "title", "half_days", "order"]

    def get_title(self, slot: PlanSlot) -> str:
        return slot.item.display_title if slot.item else str(slot.get_kind_display())


DAY_FIELDS = [
    "number",
    "date",
    "objectives",
    "agenda_morning",
    "agenda_afternoon",
    "preparation",
    "deliverables",
    "outcome",
    "achieved",
    "attendees",
    "hours",
    "logged_at",
    "logged_by",
    "revision",
    "signed_at",
    "signed_by",
    "pme_signatory",
]


class DaySerializer(serializers.ModelSerializer):
    logged_by = serializers.CharField(source="logged_by.username", read_only=True, allow_null=True)
    signed_by = serializers.CharField(source="signed_by.username", read_only=True, allow_null=True)
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, read_only=True, allow_null=True
    )

    class Meta:
        model = PlanDay
        fields = DAY_FIELDS


class DayViewSerializer(serializers.Serializer):
    """A day as ``selectors.plan_view`` sees it: its fields, slots and half-days used."""

    number = serializers.IntegerField(source="day.number")
    date = serializers.DateField(source="day.date", allow_null=True)
    objectives = serializers.CharField(source="day.objectives")
    agenda_morning = serializers.CharField(source="day.agenda_morning")
    agenda_afternoon = serializers.CharField(source="day.agenda_afternoon")
    preparation = serializers.CharField(source="day.preparation")
    deliverables = serializers.CharField(source="day.deliverables")
    outcome = serializers.ChoiceField(source="day.outcome", choices=PlanDay.Outcome.choices)
    achieved = serializers.CharField(source="day.achieved")
    attendees = serializers.CharField(source="day.attendees")
    hours = serializers.DecimalField(
        source="day.hours", max_digits=4, decimal_places=1, allow_null=True
    )
    logged_at = serializers.DateTimeField(source="day.logged_at", allow_null=True)
    logged_by = serializers.CharField(source="day.logged_by.username", allow_null=True)
    revision = serializers.IntegerField(source="day.revision")
    slots = SlotSerializer(many=True)
    used = serializers.IntegerField(help_text=_("Half-days planned on the day (2 at most)."))


class PlanDetailSerializer(serializers.Serializer):
    """A plan with its eight days, their slots and logs; built from ``selectors.plan_view``."""

    code = serializers.UUIDField(source="plan.code")
    diagnostic = serializers.UUIDField(source="plan.assessment.code")
    pme = serializers.UUIDField(source="plan.assessment.company.code")
    pme_name = serializers.CharField(source="plan.assessment.company.name")
    status = serializers.ChoiceField(source="plan.status", choices=Plan.Status.choices)
    created_at = serializers.DateTimeField(source="plan.created_at")
    agreed_at = serializers.DateTimeField(source="plan.agreed_at", allow_null=True)
    completed_at = serializers.DateTimeField(source="plan.completed_at", allow_null=True)
    days = DayViewSerializer(many=True)
    used = serializers.IntegerField(help_text=_("Half-days planned."))
    budget = serializers.IntegerField(help_text=_("Half-days available (16 = 8 days)."))
    days_delivered = serializers.IntegerField()
    actions_planned = serializers.IntegerField()
    actions_completed = serializers.IntegerField()


class SlotAddSerializer(serializers.Serializer):
    item = serializers.UUIDField(help_text=_("Code of a roadmap action of this diagnostic."))
    day = serializers.IntegerField(min_value=1, max_value=Plan.DAYS)
    half_days = serializers.IntegerField(min_value=1, max_value=2)


class SlotMoveSerializer(serializers.Serializer):
    day = serializers.IntegerField(min_value=1, max_value=Plan.DAYS)


class DayUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True)
    objectives = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    deliverables = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    agenda_morning = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    agenda_afternoon = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    preparation = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    expected_revision = serializers.IntegerField(required=False, min_value=0)


LOGGED_OUTCOMES = [c for c in PlanDay.Outcome.choices if c[0] != PlanDay.Outcome.PLANNED]


class DayLogSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=LOGGED_OUTCOMES)
    achieved = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    attendees = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(24),
        required=False,
        allow_null=True,
    )
    completed = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=100,
        help_text=_("Codes of the roadmap actions completed this day."),
    )
    expected_revision = serializers.IntegerField(required=False, min_value=0)


class DayConflictSerializer(serializers.Serializer):
    """409: the day as it is stored now, to reconcile with what you sent."""

    detail = serializers.CharField()
    current = DaySerializer()


# The limits of a custom action are the app form's, so that the API cannot drift from it.
CUSTOM: dict[str, Any] = dict(CustomActionForm.base_fields)


CUSTOM_FIELDS = ["axis", "title", "description", "effort_half_days", "impact", "horizon"]


class RoadmapItemSerializer(serializers.ModelSerializer):
    axis = serializers.CharField(source="axis.code", read_only=True)
    action = serializers.CharField(source="action.code", read_only=True, allow_null=True)
    title = serializers.CharField(source="display_title", read_only=True)
    description = serializers.CharField(source="display_description", read_only=True)
    gap = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = RoadmapItem
        fields = [
            "code",
            "axis",
            "action",
            "origin",
            "title",
            "description",
            "effort_half_days",
            "impact",
            "horizon",
            "position",
            "priority",
            "gap",
            "edited",
            "removed",
            "completed_at",
        ]


class RoadmapItemWriteSerializer(serializers.Serializer):
    horizon = serializers.ChoiceField(choices=RoadmapItem._meta.get_field("horizon").choices)
    removed = serializers.BooleanField()
    completed = serializers.BooleanField()


class RoadmapSerializer(serializers.ModelSerializer):
    diagnostic = serializers.UUIDField(source="assessment.code", read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Roadmap
        fields = ["diagnostic", "computed_at", "updated_at", "items"]

    @extend_schema_field(RoadmapItemSerializer(many=True))
    def get_items(self, roadmap: Roadmap) -> list[dict[str, Any]]:
        items = roadmap.items.select_related("action", "axis").order_by("position", "id")
        return RoadmapItemSerializer(items, many=True).data


class LibraryActionSerializer(serializers.ModelSerializer):
    axis = serializers.CharField(source="axis.code", read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "code",
            "axis",
            "title",
            "description",
            "requires_level",
            "target_level",
            "effort_half_days",
            "impact",
        ]


class RoadmapActionAddSerializer(serializers.Serializer):
    """Either "action" (a library action's code) or the fields of a custom action.

    A custom action is then checked by the app's own form, CustomActionForm.
    """

    action = serializers.CharField(
        required=False,
        max_length=Action._meta.get_field("code").max_length,
        help_text=_("Code of a library action not in the roadmap yet (see roadmap/library/)."),
    )
    axis = serializers.CharField(
        required=False,
        max_length=Axis._meta.get_field("code").max_length,
        help_text=_("Custom action: the code of its axis."),
    )
    title = serializers.CharField(required=False, max_length=CUSTOM["title"].max_length)
    description = serializers.CharField(required=False, allow_blank=True)
    effort_half_days = serializers.IntegerField(
        required=False,
        min_value=CUSTOM["effort_half_days"].min_value,
        max_value=CUSTOM["effort_half_days"].max_value,
    )
    impact = serializers.ChoiceField(required=False, choices=CUSTOM["impact"].choices)
    horizon = serializers.ChoiceField(required=False, choices=CUSTOM["horizon"].choices)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        roadmap: Roadmap = self.context["roadmap"]
        if "action" not in attrs:
            return {"custom": _custom_action(roadmap, attrs)}
        if set(attrs) & set(CUSTOM_FIELDS):
            message = _("Give a library action or the fields of a custom action, not both.")
            raise serializers.ValidationError(message)
        return {"action": _library_action(roadmap, attrs["action"])}


def _library_action(roadmap: Roadmap, code: str) -> Action:
    action = roadmap_library_left(roadmap).filter(code=code).first()
    if action is not None:
        return action
    known = Action.objects.filter(
        axis__framework_version=roadmap.assessment.framework_version, code=code
    ).exists()
    if known:
        message = _("This action is already in the roadmap.")
    else:
        message = _("No action of this diagnostic's framework has this code.")
    raise serializers.ValidationError({"action": [message]})


def _custom_action(roadmap: Roadmap, attrs: dict[str, Any]) -> dict[str, Any]:
    form = CustomActionForm(attrs, assessment=roadmap.assessment)
    form.fields["axis"].to_field_name = "code"  # type: ignore[attr-defined]
    if not form.is_valid():
        raise serializers.ValidationError({name: list(e) for name, e in form.errors.items()})
    return form.cleaned_data


class RoadmapMoveSerializer(serializers.Serializer):
    offset = serializers.ChoiceField(
        choices=[(-1, "-1"), (1, "1")],
        help_text=_(
            "-1 moves the action one place up (earlier), 1 one place down; "
            "at either end nothing moves."
        ),
    )
