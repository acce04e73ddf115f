"""Filters of the PDF templates: scores the French way, widths for CSS, lists in words."""

import unicodedata
from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import gettext as _

register = template.Library()

MAX_LEVEL = 5


@register.filter
def score(value: float | None, digits: int = 1) -> str:
    """A score with one decimal in the active language (``2,4`` in French), ``—`` if none."""
    if value is None:
        return "—"
    return str(floatformat(value, digits))


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return "—"
    text = score(abs(value))
    if round(value, 1) == 0:
        return text
    return ("+" if value > 0 else "−") + text


@register.filter
def pct5(value: float | None) -> str:
    """A 0–5 value as a CSS percentage of the scale (always with a dot)."""
    if value is None:
        return "0"
    return f"{max(0.0, min(float(value), MAX_LEVEL)) * 100 / MAX_LEVEL:.1f}"


@register.filter
def and_join(values: Iterable[object]) -> str:
    items = [str(v) for v in values]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@register.filter
def axis_names(rows: Iterable[Any]) -> list[str]:
    """Axis names of result rows or of priorities (which hold a row)."""
    return [getattr(r, "row", r).axis.name for r in rows]


@register.simple_tag
def scale_end() -> str:
    """The side a 0–5 scale grows towards: right, or left in a right-to-left language."""
    return "left" if translation.get_language_bidi() else "right"


@register.filter
def marker(value: float | None, colour: str) -> str:
    """A CSS gradient drawing a thin vertical line at ``value`` on the 0–5 scale."""
    at = float(pct5(value))
    low, high = max(0.0, at - 0.5), min(100.0, at + 0.5)
    return (
        f"linear-gradient(to {scale_end()}, transparent {low:.1f}%, {colour} {low:.1f}%, "
        f"{colour} {high:.1f}%, transparent {high:.1f}%)"
    )


@register.filter
def direction(text: object) -> str:
    """ "rtl" or "ltr" from the first strong character of free text (a comment typed in
    French inside an Arabic report): what HTML's ``dir="auto"`` does, which WeasyPrint
    does not. Text with no letter takes the page's direction."""
    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "rtl" if translation.get_language_bidi() else "ltr"
