from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from diagnostics.models import MAX_LEVEL, Question
from diagnostics.selectors import framework_versions_published

from .models import Assessment, Cluster, Company
from .roles import Role


class CompanyForm(forms.ModelForm):
    # Wider than 15 so that an ICE typed in groups ("001 234 567 000 089") can be cleaned.
    ice = forms.CharField(
        label=_("ICE"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("15 digits, as on the company's tax documents."),
    )

    class Meta:
        model = Company
        fields = [
            "name", "ice", "cluster", "sector", "region", "city", "headcount",
            "contact_name", "contact_role", "contact_email", "contact_phone",
            "consultants", "managers",
        ]
        widgets = {
            "consultants": forms.CheckboxSelectMultiple,
            "managers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: object, clusters: "forms.Field | None" = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        users = get_user_model().objects.filter(is_active=True).order_by("last_name", "username")
        self.fields["consultants"].queryset = users.filter(groups__name=Role.CONSULTANT)
        self.fields["managers"].queryset = users.filter(groups__name=Role.PME_MANAGER)
        self.fields["consultants"].required = False
        self.fields["managers"].required = False
        if clusters is not None:
            self.fields["cluster"].queryset = clusters

    def clean_ice(self) -> str:
        return "".join(self.cleaned_data["ice"].split())


class AssessmentStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.Kind.choices)
    visit_date = forms.DateField(
        label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    framework_version = forms.ModelChoiceField(
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
        for target in assessment.targets.select_related("axis").order_by("axis__order"):
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
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.none(), required=False
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
