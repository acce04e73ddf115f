"""Numbers and dates per language: Arabic as written in Morocco (Western digits, day first)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import formats, translation


def test_arabic_is_offered_and_right_to_left() -> None:
    assert ("ar", "Arabic") in [(code, str(name)) for code, name in settings.LANGUAGES]
    assert translation.get_language_info("ar")["bidi"]


def test_arabic_dates_are_day_first_with_western_digits_and_a_24_hour_clock() -> None:
    moment = datetime.datetime(2026, 12, 7, 14, 5)  # noqa: DTZ001 (formatting only)
    with translation.override("ar"):
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "07/12/2026"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "07/12/2026 14:05"
        assert formats.date_format(moment.date(), "DATE_FORMAT") == "7 ديسمبر 2026"
        assert formats.get_format("DATE_INPUT_FORMATS")[1] == "%d/%m/%Y"


def test_arabic_numbers_use_a_decimal_comma_and_no_dot_for_thousands() -> None:
    with translation.override("ar"):
        assert formats.number_format(Decimal("1234.5"), 1, force_grouping=True) == "1\xa0234,5"
        assert formats.sanitize_separators("1.5") == "1.5"
        assert formats.sanitize_separators("1,5") == "1.5"
