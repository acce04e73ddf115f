"""Display of S&E figures: values with their unit, progress statuses in words and symbols."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

register = template.Library()

STATUSES = {
    "on_track": ("●", _("On track")),
    "ahead": ("▲", _("Ahead")),
    "behind": ("▼", _("Behind")),
    "no_data": ("○", _("No data")),
    "no_target": ("", _("No target")),
    "not_started": ("…", _("Not started")),
}
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
def status_symbol(status: str) -> str:
    return STATUSES.get(status, ("", ""))[0]


@register.filter
def status_label(status: str) -> str:
    return str(STATUSES.get(status, ("", status))[1])


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
