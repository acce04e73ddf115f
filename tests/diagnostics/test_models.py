"""Framework text in the page's language, with French as the marked fallback."""

import pytest
from django.utils import translation

from diagnostics.models import Axis, FallbackText

pytestmark = pytest.mark.django_db


def axis(small_version, **fields: str) -> Axis:
    found = small_version.axes.first()
    for name, value in fields.items():
        setattr(found, name, value)
    return found


def test_arabic_text_is_shown_when_provided(small_version) -> None:
    shown = axis(small_version, name_ar="المحور")
    with translation.override("ar"):
        assert shown.name == "المحور"
        assert not isinstance(shown.name, FallbackText)


def test_missing_arabic_falls_back_to_french_marked_as_french(small_version) -> None:
    shown = axis(small_version, name_ar="")
    with translation.override("ar"):
        name = shown.name
    assert name == shown.name_fr
    assert isinstance(name, FallbackText)
    assert name.lang == "fr"


def test_french_and_english_pages_show_their_own_text_unmarked(small_version) -> None:
    shown = axis(small_version)
    with translation.override("fr"):
        assert not isinstance(shown.name, FallbackText)
    with translation.override("en"):
        assert shown.name == shown.name_en
        assert not isinstance(shown.name, FallbackText)


def test_an_empty_french_text_stays_empty_and_unmarked(small_version) -> None:
    shown = axis(small_version, description_fr="", description_ar="")
    with translation.override("ar"):
        assert shown.description == ""
        assert not isinstance(shown.description, FallbackText)
