import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from assessments.notifications.ics import Event, calendar, escape, fold

CASABLANCA = ZoneInfo("Africa/Casablanca")
STAMP = datetime.datetime(2026, 12, 6, 15, 0, tzinfo=datetime.UTC)


def event(**fields: object) -> Event:
    values: dict[str, object] = {
        "uid": "plan-1-day-3@maturite.example.org",
        "start": datetime.datetime(2026, 12, 7, 9, 0, tzinfo=CASABLANCA),
        "end": datetime.datetime(2026, 12, 7, 17, 0, tzinfo=CASABLANCA),
        "summary": "Journée 3, Atlas Circuits",
        "location": "Atlas Circuits, Tanger",
    }
    return Event(**(values | fields))  # type: ignore[arg-type]


def test_it_writes_an_event_a_calendar_library_reads_back() -> None:
    text = calendar(event(), stamp=STAMP, product="-//Maturité 4.0//Plan//FR")

    parsed = icalendar.Calendar.from_ical(text)
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["UID"]) == "plan-1-day-3@maturite.example.org"
    assert str(vevent["SUMMARY"]) == "Journée 3, Atlas Circuits"
    assert str(vevent["LOCATION"]) == "Atlas Circuits, Tanger"
    # 09:00 in Casablanca (UTC+1 in December) is 08:00 UTC.
    assert vevent.decoded("DTSTART") == datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)
    assert vevent.decoded("DTEND") == datetime.datetime(2026, 12, 7, 16, 0, tzinfo=datetime.UTC)


def test_ramadan_hours_in_casablanca_are_utc_plus_zero() -> None:
    during_ramadan = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=CASABLANCA)
    text = calendar(event(start=during_ramadan), stamp=STAMP, product="-//x//y//FR")

    assert "DTSTART:20260302T090000Z\r\n" in text


def test_every_line_ends_with_crlf_and_fits_in_75_octets() -> None:
    long = event(description="Objectifs : " + "é" * 200 + "\nLivrables ; rapport, plan")
    text = calendar(long, stamp=STAMP, product="-//x//y//FR")

    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (vevent,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == "Objectifs : " + "é" * 200 + "\nLivrables ; rapport, plan"


def test_it_escapes_text_values() -> None:
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_folding_never_cuts_a_character() -> None:
    folded = fold("X" * 74 + "é" + "Y")
    assert folded == "X" * 74 + "\r\n é" + "Y"


def test_it_refuses_a_naive_time() -> None:
    naive = datetime.datetime(2026, 12, 7, 9, 0)  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        calendar(event(start=naive), stamp=STAMP, product="-//x")
