"""Pure: one event as an iCalendar file (RFC 5545), written by hand.

Times are written in UTC (``DTSTART:20261207T080000Z``, RFC 5545 §3.3.5 form #2): every
calendar shows them in its own zone, and no VTIMEZONE is needed. Africa/Casablanca's rules
(UTC+1, UTC+0 during Ramadan) change from year to year, so a hand-written VTIMEZONE would
be wrong sooner or later; the conversion to UTC uses the tz database instead.
"""

import datetime
from dataclasses import dataclass

LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime.datetime  # aware
    end: datetime.datetime  # aware
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0


def escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines escaped (§3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next, after a space (§3.1); a UTF-8
    character is never cut."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an event's times must be aware")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(event: Event, *, stamp: datetime.datetime, product: str) -> str:
    """A VCALENDAR holding the one VEVENT, lines ended by CRLF, ready to attach."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(event.start)}",
        f"DTEND:{utc(event.end)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
