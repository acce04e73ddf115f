import datetime

import pytest

from backups.manifest import (
    archive_name,
    made_at,
    missing_migrations,
    unknown_migrations,
    unsafe_member,
)

NOON = datetime.datetime(2026, 12, 6, 12, 0, 5, tzinfo=datetime.UTC)


def test_an_archive_is_named_by_its_utc_time() -> None:
    casablanca = NOON.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert archive_name(casablanca) == "maturite40-backup-20261206T120005Z.zip"


def test_a_second_backup_in_the_same_second_gets_a_name_of_its_own() -> None:
    first = archive_name(NOON)
    second = archive_name(NOON, [first])
    assert second == "maturite40-backup-20261206T120005Z-2.zip"
    assert archive_name(NOON, [first, second]).endswith("Z-3.zip")
    first_at, second_at = made_at(first), made_at(second)
    assert first_at is not None
    assert second_at is not None
    assert first_at < second_at


@pytest.mark.parametrize(
    "name", ["notes.txt", "maturite40-backup-2026.zip", ".maturite40-backup-20261206T120005Z.zip"]
)
def test_other_files_are_not_backups(name: str) -> None:
    assert made_at(name) is None


@pytest.mark.parametrize(
    ("member", "unsafe"),
    [
        ("files/media/evidence/a.png", False),
        ("files/reports/2026/r.pdf", False),
        ("files/media/../../etc/passwd", True),
        ("/files/media/a.png", True),
        ("files/static/a.css", True),
        ("files/media", True),
        ("database.sqlite3", True),
    ],
)
def test_a_member_must_land_under_a_stored_file_root(member: str, unsafe: bool) -> None:
    assert unsafe_member(member, ["media", "reports"]) is unsafe


def test_it_names_the_migrations_a_newer_backup_has_and_an_older_one_lacks() -> None:
    known = [("assessments", "0001_initial"), ("assessments", "0002_more")]
    assert unknown_migrations({"assessments": ["0001_initial", "0003_new"]}, known) == [
        "assessments.0003_new"
    ]
    assert missing_migrations({"assessments": ["0001_initial"]}, known) == ["assessments.0002_more"]
