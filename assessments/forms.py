import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Cluster, Company, normalize_ice
from assessments.roles import Role
from diagnostics.codes import Exposure, Metric
from diagnostics.models import MAX_LEVEL, Question
from diagnostics.selectors import framework_versions_published

# A choice posted as a number past the database's integer range must be an invalid
# choice, not an OverflowError from the database driver (a 500).
MAX_ID = 2**63 - 1


def _id_in_range(value: object) -> bool:
    try:
        return abs(int(str(value).strip())) <= MAX_ID
    except ValueError:
        return True  # not a number: the field's own checks refuse it


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _id_in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value:
            if not _id_in_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:50]},
                )
        return super()._check_values(value)  # type: ignore[misc]


def model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's model choice field, typed so that its queryset can be narrowed."""
    return cast(forms.ModelChoiceField, form.fields[name])


class CompanyForm(forms.ModelForm):
    # Wider than 15 so that an ICE typed in groups ("001 234 567 000 089") can be cleaned.
    ice = forms.CharField(
        label=_("ICE"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("15 digits, as on the company's tax documents."),
    )

    exposures = forms.MultipleChoiceField(
        label=_("Markets and customers"),
        choices=Exposure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The demanding markets or customers the company answers to."),
    )
    kpis = forms.MultipleChoiceField(
        label=_("Indicators the managers watch"),
        choices=Metric.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At most three: the roadmap favours the actions that move them."),
    )

    class Meta:
        model = Company
        fields = [
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
        ]
        field_classes = {
            "cluster": ModelChoiceField,
            "consultants": ModelMultipleChoiceField,
            "managers": ModelMultipleChoiceField,
        }
        widgets = {
            "consultants": forms.CheckboxSelectMultiple,
            "managers": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args: object,
        clusters: QuerySet[Cluster] | None = None,
        may_assign: bool = True,
        may_move: bool = True,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        users = get_user_model().objects.filter(is_active=True).order_by("last_name", "username")
        model_field(self, "consultants").queryset = users.filter(groups__name=Role.CONSULTANT)
        model_field(self, "managers").queryset = users.filter(groups__name=Role.PME_MANAGER)
        self.fields["consultants"].required = False
        self.fields["managers"].required = False
        if clusters is not None:
            model_field(self, "cluster").queryset = clusters
        if not may_assign:  # who follows and reads a PME: the cluster's staff decide
            del self.fields["consultants"], self.fields["managers"]
        if self.instance.pk and not may_move:
            self.fields["cluster"].disabled = True
        elif self.instance.pk:
            self.fields["reason"] = forms.CharField(
                label=_("Why it moves to another cluster"),
                required=False,
                max_length=500,
                help_text=_("Only if you change the cluster; recorded in the PME's history."),
            )
            self.fields["confirm_move"] = forms.BooleanField(
                label=_("I have checked what moves with it"), required=False
            )

    def moves(self) -> bool:
        cluster = self.cleaned_data.get("cluster")
        return bool(self.instance.pk and cluster and cluster.pk != self.instance.cluster_id)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.moves() and not cleaned.get("confirm_move"):
            self.add_error(
                "confirm_move",
                _("Its diagnostics and plans move too: check them, then tick to confirm."),
            )
        return cleaned

    def clean_ice(self) -> str:
        return normalize_ice(self.cleaned_data["ice"])


class AssessmentStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.Kind.choices)
    visit_date = forms.DateField(
        label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    framework_version = ModelChoiceField(
        label=_("Framework version"),
        queryset=framework_versions_published(),
        required=False,
        help_text=_("The latest published version by default; a follow-up reuses its baseline's."),
    )


class AnswerForm(forms.Form):
    """One question's answer, posted on its own by the autosave or with the whole page."""

    choice = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[(str(level), str(level)) for level in range(MAX_LEVEL + 1)] + [("na", _("N/A"))],
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000)
    note = forms.CharField(label=_("Internal note"), required=False, max_length=4000)
    # The revision the user's page was showing; absent from old clients and scripts.
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: object, question: Question, **kwargs: object) -> None:
        kwargs.setdefault("prefix", question.code)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.question = question

    @property
    def level(self) -> int | None:
        choice = self.cleaned_data.get("choice")
        return int(choice) if choice not in (None, "", "na") else None

    @property
    def not_applicable(self) -> bool:
        return self.cleaned_data.get("choice") == "na"


class TargetsForm(forms.Form):
    def __init__(self, *args: object, assessment: Assessment, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for target in assessment.targets.select_related("axis").order_by(
            "axis__framework_version_id", "axis__order"
        ):
            self.fields[f"axis_{target.axis_id}"] = forms.DecimalField(
                label=target.axis.name,
                min_value=Decimal(0),
                max_value=Decimal(MAX_LEVEL),
                decimal_places=1,
                initial=target.level,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )

    def levels(self) -> dict[int, Decimal]:
        return {int(name.split("_")[1]): value for name, value in self.cleaned_data.items()}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


class ClusterFilterForm(forms.Form):
    cluster = ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none(), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class DecimalTextField(forms.DecimalField):
    """A number as people type it: "1,5", "1.5", "150 000", "1 250 000,50" or "1,250,000.50".

    A text input with ``inputmode="decimal"`` (a number input drops the French comma and
    sends "15"), shown back in the user's locale. Spaces (also the non-breaking ones French
    writes thousands with) are dropped; of a comma and a point, the last one is the decimal
    mark; a mark repeated is a thousands separator; a single comma is the decimal mark, in
    English too. The one parser of typed numbers: hours, amounts, quantities, targets.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("localize", None)
        super().__init__(localize=True, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = normalise_number(value)
        return super().to_python(value)


def normalise_number(text: str) -> str:
    """ "1 250 000,50" → "1250000.50"; see ``DecimalTextField``."""
    text = re.sub(r"[\s\u00a0\u202f']", "", text)
    for mark in (",", "."):
        if text.count(mark) > 1:
            text = text.replace(mark, "")
    if "," in text and "." in text:
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    return text.replace(",", ".")


class HoursField(DecimalTextField):
    """Hours of a half-day or an activity: "1,5" is 1.5 h, in French and in English."""
