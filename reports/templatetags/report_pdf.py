"""Filters of the PDF templates: scores the French way, widths for CSS, lists in words."""

import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats, translation
from django.utils.translation import gettext as _

from assessments.scoring import shown

register = template.Library()

MAX_LEVEL = 5


@register.filter
def score(value: float | Decimal | None, digits: int = 1) -> str:
    """A score with one decimal in the active language (``2,4`` in French), ``—`` if none;
    rounded by the one display rule, ``assessments.scoring.shown`` (half up)."""
    if value is None:
        return "—"
    return str(floatformat(shown(value, digits), digits))


@register.filter
def number(value: float | Decimal | None) -> str:
    """A measured value (a KPI, a benefit): up to two decimals, only those it has, localised."""
    if value is None:
        return "—"
    rounded = shown(value, 2)
    assert rounded is not None
    places = max(0, -int(rounded.normalize().as_tuple().exponent))
    return formats.number_format(rounded, places, use_l10n=True, force_grouping=True)


@register.filter
def thousands(value: int | Decimal | None) -> str:
    """A whole amount with the locale's thousands grouping: 150 000 in French."""
    if value is None:
        return "—"
    rounded = shown(value, 0)
    assert rounded is not None
    return formats.number_format(rounded, 0, use_l10n=True, force_grouping=True)


@register.filter
def mad(value: int | Decimal | None) -> str:
    return "—" if value is None else f"{thousands(value)} MAD"


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return "—"
    text = score(abs(value))
    if shown(value, 1) == 0:
        return text
    signed = ("+" if value > 0 else "−") + text
    # Right to left, the sign would be set after the digits ("0,6+"): the figure is isolated
    # as a left-to-right run (LRI … PDI), as Arabic print writes a signed number.
    return f"\u2066{signed}\u2069" if translation.get_language_bidi() else signed


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
