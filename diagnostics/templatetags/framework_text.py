"""Framework text in templates: a French fallback inside another language's page is marked."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from diagnostics.models import FallbackText

register = template.Library()


@register.filter
def fallback(text: object, quiet: str = "") -> object:
    """Mark framework text shown in French because the page's language has none yet.

    The text keeps its own language and direction (``lang="fr" dir="ltr"``), so that it
    reads left to right inside an Arabic page; a small "FR" badge says why, unless
    ``quiet`` (descriptors under a question already marked).
    """
    if not isinstance(text, FallbackText):
        return text
    span = format_html('<span lang="{}" dir="ltr" class="fallback">{}</span>', text.lang, text)
    if quiet:
        return span
    badge = format_html(
        '<abbr class="fallback-badge" lang="{}" title="{}">{}</abbr>',
        text.lang,
        _("Not translated yet: shown in French"),
        text.lang.upper(),
    )
    return SafeString(f"{span} {badge}")
