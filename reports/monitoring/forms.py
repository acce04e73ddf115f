import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assessments.forms import DecimalTextField, HoursField, ModelChoiceField
from assessments.models import Cluster, Company, Sector
from reports.monitoring.models import (
    Activity,
    BriefNarrative,
    IndicatorValue,
    Measurement,
    Participant,
    Period,
)
from reports.monitoring.models.results import Carrier

PROGRAMME = "programme"


class DashboardFilterForm(forms.Form):
    period = ModelChoiceField(
        widget=forms.Select(attrs={"class": "form-select"}),
        label=_("Period"),
        queryset=Period.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=None,
    )
    scope = forms.ChoiceField(
        label=_("Scope"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All sectors")), *Sector.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(
        self,
        *args: object,
        clusters: QuerySet[Cluster],
        programme: bool,
        periods: QuerySet[Period],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        choices = [(PROGRAMME, _("Whole programme"))] if programme else []
        self.fields["scope"].choices = choices + [(c.code, c.name) for c in clusters]  # type: ignore[attr-defined]


class ValueEntryForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2, required=False)
    n = forms.IntegerField(
        label=_("n (PMEs or people behind the value)"), min_value=0, required=False
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.FileField(label=_("Evidence file"), required=False)
    evidence_link = forms.URLField(
        label=_("or a link to the evidence"), required=False, assume_scheme="https"
    )
    reason = forms.CharField(
        label=_("Reason for the change (required for an approved value)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason or comment"), widget=forms.Textarea(attrs={"rows": 2}))


class CodesField(forms.Field):
    """Several public codes (checkboxes of one name); a malformed one is refused."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[uuid.UUID]:
        try:
            return [uuid.UUID(str(code)) for code in value or []]  # type: ignore[attr-defined]
        except ValueError as exc:
            raise forms.ValidationError(_("Choose values from the list."), code="invalid") from exc


class BulkReviewForm(forms.Form):
    values = CodesField(
        label=_("Values"), error_messages={"required": _("Choose at least one value.")}
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("approve", _("Approve")), ("return", _("Return"))]
    )
    comment = forms.CharField(
        label=_("Comment (required to return)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") == "return" and not str(data.get("comment", "")).strip():
            self.add_error("comment", _("Say what needs changing when returning values."))
        return data


class QueueFilterForm(forms.Form):
    period = ModelChoiceField(
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        label=_("Period"),
        queryset=Period.objects.filter(locked=False),
        to_field_name="code",
        required=False,
        empty_label=_("All open periods"),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(
        self,
        *args: object,
        clusters: QuerySet[Cluster],
        periods: QuerySet[Period],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].queryset = periods.filter(locked=False)  # type: ignore[attr-defined]
        choices = [("", _("All scopes")), (PROGRAMME, _("Whole programme"))]
        self.fields["scope"].choices = choices + [(c.code, c.name) for c in clusters]  # type: ignore[attr-defined]

    def narrow(self, values: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
        if period := self.cleaned_data.get("period"):
            values = values.filter(period=period)
        scope = self.cleaned_data.get("scope")
        if scope == PROGRAMME:
            values = values.filter(cluster__isnull=True)
        elif scope:
            values = values.filter(cluster__code=scope)
        return values


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = BriefNarrative
        fields = ["progress", "risks", "next_steps"]
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 5}),
            "risks": forms.Textarea(attrs={"rows": 5}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }


class LockForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked what it freezes: lock the period"),
        error_messages={"required": _("Tick the box to lock the period.")},
    )


class ActivityForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label=_("Evidence file (attendance list, photo, report)"), required=False
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "date",
            "cluster",
            "series",
            "hours",
            "description",
            "evidence_link",
        ]
        field_classes = {"hours": HoursField}  # "1,5" typed the French way is 1.5 h
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: object,
        clusters: QuerySet[Cluster],
        programme: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["cluster"]
        field.queryset = clusters  # type: ignore[attr-defined]
        # The programme's activities (no cluster) are the coordinator's to record.
        field.required = not programme
        field.empty_label = _("Whole programme (shared by the clusters)") if programme else None  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            not data.get("evidence_file")
            and not data.get("evidence_link")
            and not (self.instance.pk and (self.instance.evidence or self.instance.evidence_link))
        ):
            raise forms.ValidationError(_("Attach the evidence: a file or a link."))
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "email", "sex", "role", "organisation", "cluster", "count"]
        labels = {"cluster": _("Own cluster")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else ("form-control form-control-sm")
            )


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=4, can_delete=False)


def participant_rows(formset: forms.BaseFormSet) -> list[dict[str, object]]:
    """The filled rows of a participant formset, as service arguments."""
    return [
        {key: form.cleaned_data[key] for key in ParticipantForm.Meta.fields}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


class QuantityField(DecimalTextField):
    """A quantity measured at a PME (MAD, m³, kWh): never below zero."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)


class MeasurementForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label=_("Evidence file (bills, staff register, accounts)"), required=False
    )

    class Meta:
        model = Measurement
        fields = [
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
            "comment",
            "evidence_link",
        ]
        field_classes = {
            "turnover_mad": QuantityField,
            "exports_mad": QuantityField,
            "investment_mad": QuantityField,
            "water_m3": QuantityField,
        }
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "comment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = company.assessments.order_by("visit_date")  # type: ignore[attr-defined]
        for carrier in Carrier:
            self.fields[f"kwh_{carrier.value}"] = QuantityField(
                label=_("%(carrier)s (kWh)") % {"carrier": carrier.label},
                required=False,
                max_digits=14,
                decimal_places=2,
            )
        if self.instance.pk:
            for line in self.instance.energy.all():
                self.initial[f"kwh_{line.carrier}"] = line.kwh

    def energy_fields(self) -> list[forms.BoundField]:
        return [self[f"kwh_{carrier.value}"] for carrier in Carrier]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        stored = self.instance.pk and (self.instance.evidence or self.instance.evidence_link)
        if not data.get("evidence_file") and not data.get("evidence_link") and not stored:
            raise forms.ValidationError(_("Attach the evidence: a file or a link."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        """The figures, the energy per carrier and the evidence file, as the services take them."""
        data = dict(self.cleaned_data)
        energy = {carrier.value: data.pop(f"kwh_{carrier.value}", None) for carrier in Carrier}
        evidence = data.pop("evidence_file", None)
        return {**data, "energy": energy, "evidence": evidence}
