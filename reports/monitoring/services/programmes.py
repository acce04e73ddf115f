"""Writes to programmes."""

from django.conf import settings

from reports.monitoring.models import Programme

DEFAULT_SLUG = "industrie-4-0"
"""The install's own programme: a logframe whose header names none loads into it."""


def programme_install() -> Programme:
    """The install's own programme, open to every cluster, PME and coordinator (what an
    install had before programmes), created the first time it is needed."""
    programme, _created = Programme.objects.get_or_create(
        slug=DEFAULT_SLUG,
        defaults={
            "name_fr": settings.SE_PROGRAMME,
            "name_en": settings.SE_PROGRAMME,
            "open_to_all": True,
        },
    )
    return programme
