"""The project bank's filters, from the query string (page, exports and API alike)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from assessments.accompaniment.models import Horizon
from assessments.models import Cluster
from diagnostics.codes import FundingKind, Sector
from reports.bank.selectors import STATUSES, BankFilters, bank_axes
from reports.monitoring.forms import QuantityField

ALL = [("", _("All"))]
SORT_CHOICES = [
    ("priority", _("PME, then roadmap order")),
    ("cost_desc", _("Cost, highest first")),
    ("cost_asc", _("Cost, lowest first")),
    ("payback", _("Payback, shortest first")),
    ("due", _("Due date, soonest first")),
    ("company", _("PME name")),
]


class BankFilterForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=ALL + Sector.choices)
    axis = forms.ChoiceField(label=_("Theme (axis)"), required=False)
    horizon = forms.ChoiceField(label=_("Horizon"), required=False, choices=ALL + Horizon.choices)
    status = forms.ChoiceField(label=_("Status"), required=False)
    funding = forms.ChoiceField(
        label=_("Funding route"), required=False, choices=ALL + FundingKind.choices
    )
    cost_min = QuantityField(label=_("Cost from (MAD)"), required=False)
    cost_max = QuantityField(label=_("Cost up to (MAD)"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, clusters: list[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields
        field["cluster"].choices = ALL + [(c.code, c.name) for c in clusters]  # type: ignore[attr-defined]
        field["axis"].choices = ALL + bank_axes()  # type: ignore[attr-defined]
        field["status"].choices = ALL + [(s.value, s.label) for s in STATUSES]  # type: ignore[attr-defined]
        for each in field.values():
            css = "form-select" if isinstance(each, forms.ChoiceField) else "form-control"
            each.widget.attrs["class"] = css

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("cost_min"), data.get("cost_max")
        if low is not None and high is not None and low > high:
            self.add_error("cost_max", _("The upper cost cannot be below the lower cost."))
        return data

    def filters(self) -> BankFilters:
        data = self.cleaned_data

        def chosen(name: str) -> tuple[str, ...]:
            return (data[name],) if data.get(name) else ()

        return BankFilters(
            clusters=chosen("cluster"),
            sectors=chosen("sector"),
            axes=chosen("axis"),
            horizons=chosen("horizon"),
            statuses=chosen("status"),
            funding=chosen("funding"),
            cost_min=data.get("cost_min"),
            cost_max=data.get("cost_max"),
            sort=data.get("sort") or "priority",
        )

    def described(self) -> list[tuple[str, str]]:
        """The filters in force, as label and shown value (the exports' cover row)."""
        shown = []
        for name, value in self.cleaned_data.items():
            if value in (None, "") or name == "sort":
                continue
            field = self.fields[name]
            if isinstance(value, Decimal):
                value = formats.number_format(value, 0, force_grouping=True)
            choices = dict(getattr(field, "choices", []))
            shown.append((str(field.label), str(choices.get(value, value))))
        return shown
