"""The backup archive's manifest and name: pure, no Django.

An archive is a zip named ``maturite40-backup-<UTC time>.zip`` holding the database
(``database.dump``, PostgreSQL's custom format, or ``database.sqlite3``), every stored file
under ``files/<root>/…`` and ``manifest.json``: the format, the app's version, when it was
made, the engine, the migrations applied per app, the rows per table and a SHA-256 per member.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

FORMAT = "maturite40-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PREFIX = "maturite40-backup-"
NAME_PATTERN = re.compile(r"^maturite40-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.zip$")
TIME_FORMAT = "%Y%m%dT%H%M%SZ"


def archive_name(now: datetime.datetime, taken: Iterable[str] = ()) -> str:
    """The name of a backup made at ``now`` (UTC), not one of ``taken``."""
    stamp = now.astimezone(datetime.UTC).strftime(TIME_FORMAT)
    taken = set(taken)
    name, seq = f"{PREFIX}{stamp}.zip", 1
    while name in taken:
        seq += 1
        name = f"{PREFIX}{stamp}-{seq}.zip"
    return name


def made_at(name: str) -> datetime.datetime | None:
    """When the backup called ``name`` was made, or None if it is not a backup's name."""
    match = NAME_PATTERN.match(name)
    if not match:
        return None
    stamp = datetime.datetime.strptime(match.group(1), TIME_FORMAT).replace(tzinfo=datetime.UTC)
    # A second backup in the same second sorts after the first.
    return stamp + datetime.timedelta(microseconds=int(match.group(2) or 1) - 1)


def unsafe_member(name: str, roots: Iterable[str]) -> bool:
    """A file member that would land outside the stored-file roots."""
    path = PurePosixPath(name)
    parts = path.parts
    return (
        path.is_absolute()
        or ".." in parts
        or len(parts) < 3
        or parts[0] != "files"
        or parts[1] not in set(roots)
    )


def unknown_migrations(
    archived: Mapping[str, Iterable[str]], known: Iterable[tuple[str, str]]
) -> list[str]:
    """Migrations the archive's database had that this code does not know (a newer version)."""
    known = set(known)
    return sorted(
        f"{app}.{name}"
        for app, names in archived.items()
        for name in names
        if (app, name) not in known
    )


def missing_migrations(
    archived: Mapping[str, Iterable[str]], known: Iterable[tuple[str, str]]
) -> list[str]:
    """Migrations this code has that the archive's database had not applied (an older one)."""
    applied = {(app, name) for app, names in archived.items() for name in names}
    return sorted(f"{app}.{name}" for app, name in set(known) - applied)


def checked_format(manifest: Any) -> bool:
    return (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and manifest.get("format_version") == FORMAT_VERSION
        and isinstance(manifest.get("members"), dict)
        and isinstance(manifest.get("schema"), dict)
        and isinstance(manifest.get("database"), dict)
    )
