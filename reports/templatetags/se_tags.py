"""Display of S&E figures: values with their unit, progress statuses in words and symbols."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.monitoring import statuses
from reports.monitoring.indicators.computed import is_share
from reports.monitoring.indicators.progress import fraction, small

register = template.Library()

DECIMALS = {"percent": 1, "points": 1, "score": 2, "hours": 1, "tco2e": 1}
GROUPED = {"mad", "kwh", "m3", "tco2e"}  # large figures: thousands separated as the locale does


@register.filter
def se_value(value: float | Decimal | None, unit: str = "") -> str:
    if value is None:
        return "—"
    decimals = DECIMALS.get(unit, 0) if unit not in ("days",) else -1
    shown = floatformat(value, f"{decimals}g" if unit in GROUPED else decimals)
    if unit == "percent":
        return f"{shown} %"
    if unit == "points":
        return f"{'+' if float(value) > 0 else ''}{shown}"
    return str(shown)


@register.filter
def se_figure(row: object) -> str:
    """An indicator row's actual value, a percentage with its numerator and denominator:
    "62,5 % (5/8)"."""
    indicator = row.indicator  # type: ignore[attr-defined]
    shown = se_value(row.actual, indicator.unit)  # type: ignore[attr-defined]
    parts = row.fraction  # type: ignore[attr-defined]
    return f"{shown} ({parts[0]}/{parts[1]})" if parts else shown


@register.simple_tag
def se_amount(value: float | Decimal | None, indicator: object, n: int | None) -> str:
    """A value with, for a percentage, its numerator and denominator, flagged below min n."""
    unit = indicator.unit  # type: ignore[attr-defined]
    shown = se_value(value, unit)
    share = unit == "percent" and is_share(indicator.code)  # type: ignore[attr-defined]
    parts = fraction(None if value is None else float(value), n) if share else None
    if parts:
        shown = f"{shown} ({parts[0]}/{parts[1]})"
    if value is not None and indicator.is_rate and small(n, indicator.min_n):  # type: ignore[attr-defined]
        flag = gettext("n < %(min)s: to interpret with care") % {"min": indicator.min_n}  # type: ignore[attr-defined]
        return format_html('{} <span class="badge small-n">{}</span>', shown, flag)
    return shown


@register.filter
def status_symbol(status: str) -> str:
    return statuses.status_symbol(status)


@register.filter
def status_label(status: str) -> str:
    return statuses.status_label(status)


@register.filter
def dimension_label(dimension: str) -> str:
    labels = {
        "cluster": _("Cluster"),
        "sector": _("Sector"),
        "region": _("Region"),
        "size": _("Company size"),
        "sex": _("Sex"),
        "role": _("Role"),
        "axis": _("Axis"),
    }
    return str(labels.get(dimension, dimension))


ACTIONS = {
    "computed": _("computed"),
    "entered": _("entered"),
    "changed": _("changed"),
    "submitted": _("submitted"),
    "approved": _("approved"),
    "returned": _("returned"),
    "stale": _("data changed: flagged stale"),
    "reapproved": _("re-approved"),
}


@register.filter
def change_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


SOURCES = {
    "assessment": _("diagnostic"),
    "roadmap": _("roadmap"),
    "plan": _("accompaniment plan"),
    "activity": _("activity"),
    "measurement": _("PME measurement"),
}


@register.filter
def source_label(kind: str) -> str:
    return str(SOURCES.get(kind, kind))
