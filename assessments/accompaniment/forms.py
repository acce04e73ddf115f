"""Forms of the roadmap and the eight-day plan: the shape of input (services check the rules)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from assessments.accompaniment import planning
from assessments.accompaniment.models import Horizon, Plan, PlanDay, RoadmapItem, Synthesis
from assessments.forms import (
    DecimalTextField,
    HoursField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    model_field,
)
from assessments.models import Assessment
from assessments.selectors import diagnostic_versions
from diagnostics.models import MAX_LEVEL, Action, Axis


class CustomActionForm(forms.Form):
    axis = ModelChoiceField(label=_("Axis"), queryset=Axis.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    effort_half_days = forms.IntegerField(label=_("Effort (half-days)"), min_value=1, max_value=16)
    impact = forms.TypedChoiceField(
        label=_("Expected impact"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices)

    def __init__(self, *args: object, assessment: Assessment, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        model_field(self, "axis").queryset = Axis.objects.filter(
            framework_version__in=diagnostic_versions(assessment)  # sector packs' axes too
        ).order_by("framework_version_id", "order")


class HorizonForm(forms.Form):
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices)


class ActionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Action) -> str:  # type: ignore[override]
        # "STRAT-A1" means nothing to a PME's manager in a meeting: the title, with its axis.
        return f"{obj.title} ({obj.axis.name} · {obj.code})"


class LibraryActionForm(forms.Form):
    action = ActionChoiceField(label=_("Action from the library"), queryset=Action.objects.none())

    def __init__(self, *args: object, actions: "QuerySet[Action]", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        model_field(self, "action").queryset = actions


DAY_CHOICES = [(n, str(n)) for n in range(1, Plan.DAYS + 1)]


class ScheduleForm(forms.Form):
    start = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    cadence = forms.ChoiceField(
        label=_("Then"),
        choices=[
            ("weekly", _("one day a week")),
            ("fortnightly", _("one day every two weeks")),
            ("daily", _("every working day")),
        ],
        initial="weekly",
    )
    working = forms.TypedMultipleChoiceField(
        label=_("The PME's working days"),
        coerce=int,
        choices=sorted(WEEKDAYS.items()),
        initial=sorted(planning.WORKING_WEEK),
        widget=forms.CheckboxSelectMultiple,
    )


class SlotMoveForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Move to day"), coerce=int, choices=DAY_CHOICES)


class SlotAddForm(forms.Form):
    item = ModelChoiceField(label=_("Roadmap action"), queryset=RoadmapItem.objects.none())
    day = forms.TypedChoiceField(label=_("Day"), coerce=int, choices=DAY_CHOICES)
    half_days = forms.TypedChoiceField(
        label=_("Half-days"), coerce=int, choices=[(1, "1"), (2, "2")]
    )

    def __init__(self, *args: object, plan: Plan, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        roadmap = getattr(plan.assessment, "roadmap", None)
        items = roadmap.items.filter(removed=False) if roadmap else RoadmapItem.objects.none()
        model_field(self, "item").queryset = items.select_related("action").order_by("position")


class DayForm(forms.ModelForm):
    class Meta:
        model = PlanDay
        fields = [
            "date",
            "objectives",
            "agenda_morning",
            "agenda_afternoon",
            "preparation",
            "deliverables",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objectives": forms.Textarea(attrs={"rows": 2}),
            "agenda_morning": forms.Textarea(attrs={"rows": 3}),
            "agenda_afternoon": forms.Textarea(attrs={"rows": 3}),
            "preparation": forms.Textarea(attrs={"rows": 2}),
            "deliverables": forms.Textarea(attrs={"rows": 2}),
        }


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Participant's name"), max_length=150)
    role = forms.CharField(label=_("Role at the PME"), max_length=150, required=False)


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present on the day"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Those left unticked are recorded as absent."),
    )

    def __init__(self, *args: Any, day: PlanDay, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participants = list(day.participants.all())
        field = self.fields["present"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(p.pk, f"{p.name} ({p.role})" if p.role else p.name) for p in participants]
        if not self.is_bound:
            self.initial["present"] = [p.pk for p in participants if p.present]


class SignOffForm(forms.Form):
    pme_signatory = forms.CharField(
        label=_("PME's representative who signs"),
        max_length=150,
        help_text=_("Your name is recorded as the consultant who signs, with the time."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen the plan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Recorded with your name and the time; sign the closing review again afterwards."
        ),
    )


class DayLogForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The day was"),
        choices=[c for c in PlanDay.Outcome.choices if c[0] != PlanDay.Outcome.PLANNED],
        widget=forms.RadioSelect,
    )
    achieved = forms.CharField(
        label=_("What was achieved"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attendees = forms.CharField(
        label=_("Attendees on the PME side"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names and roles, one per line."),
    )
    hours = HoursField(
        label=_("Hours spent"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=1,
        help_text=_("From 0 to 24, e.g. 7.5. Leave empty if the day was cancelled."),
    )
    completed = ModelMultipleChoiceField(
        label=_("Actions completed this day"),
        required=False,
        queryset=RoadmapItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, day: PlanDay, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        items = RoadmapItem.objects.filter(slots__day=day).distinct().select_related("action")
        model_field(self, "completed").queryset = items


class AmountField(DecimalTextField):
    """A budget, a KPI value or a target as people type it in their locale."""


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrackingForm(forms.ModelForm):
    """The action-plan fields of one action; a PME's manager gets only theirs."""

    class Meta:
        model = RoadmapItem
        fields = [
            "owner_name",
            "owner_role",
            "start_on",
            "due_on",
            "budget_mad",
            "status",
            "status_changed_on",
            "status_note",
            "kpi",
            "kpi_today",
            "kpi_target",
        ]
        widgets = {
            "start_on": _date_widget(),
            "due_on": _date_widget(),
            "status_changed_on": _date_widget(),
            "status_note": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {
            "budget_mad": AmountField,
            "kpi_today": AmountField,
            "kpi_target": AmountField,
        }

    def __init__(self, *args: Any, allowed: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        if "status_changed_on" in self.fields:
            self.fields["status_changed_on"].help_text = _(
                "Left empty: today, when the status changes."
            )

    def _post_clean(self) -> None:
        # The model's rules (dates after the diagnostic, due after start) are the service's to
        # enforce, with its messages; the form checks shape only.
        pass


class SynthesisForm(forms.ModelForm):
    class Meta:
        model = Synthesis
        fields = ["language", "strengths", "weaknesses", "key_messages", "next_steps"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("strengths", "weaknesses", "key_messages", "next_steps")
        }


class TargetLevelsForm(forms.Form):
    """One target level per axis, typed the user's way ("3,5" in French)."""

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for target in assessment.targets.select_related("axis").order_by("axis__order"):
            self.fields[f"axis_{target.axis_id}"] = AmountField(
                label=target.axis.name,
                min_value=Decimal(0),
                max_value=Decimal(MAX_LEVEL),
                max_digits=2,
                decimal_places=1,
                initial=target.level,
                required=False,
            )

    def levels(self) -> dict[int, Decimal]:
        """The levels given (an axis left empty keeps its target)."""
        return {
            int(name.split("_")[1]): value
            for name, value in self.cleaned_data.items()
            if value is not None
        }
