import datetime
import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import connection

from assessments.models import Answer, Company, Evidence
from backups import services
from backups.databases import MEMBERS
from tests.backups.conftest import PDF, PNG, empty_the_instance, file_checksums, table_rows

# flush runs TRUNCATE (refused by PostgreSQL in a test transaction), and a restore replaces
# the whole database: each test has the database to itself.
pytestmark = pytest.mark.django_db(transaction=True)

NOON = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)


def archive_path(storage: FileSystemStorage, name: str) -> Path:
    return Path(storage.path(name))


def test_a_backup_of_the_demo_restored_into_an_empty_instance_gives_the_same_rows_and_files(
    demo: Path, backup_storage: FileSystemStorage
) -> None:
    rows, files = table_rows(), file_checksums(demo)
    assert rows["assessments_company"][0] == 15
    assert any(name.startswith("media/evidence/") for name in files)

    backup = services.backup_create()
    empty_the_instance(demo)
    assert not Company.objects.exists()
    assert file_checksums(demo) == {}

    restored = services.backup_restore(archive=archive_path(backup_storage, backup.name))

    assert table_rows() == rows
    assert file_checksums(demo) == files
    assert Evidence.objects.get().file.read() == PNG
    assert (demo / "reports" / "2026" / "roadmap.pdf").read_bytes() == PDF
    assert restored.files == 2
    assert restored.migrations_missing == []


def test_the_archive_holds_a_manifest_with_the_schema_and_a_checksum_per_member(
    programme: Path, backup_storage: FileSystemStorage
) -> None:
    backup = services.backup_create(now=NOON)

    assert backup.name == "maturite40-backup-20261206T120000Z.zip"
    with zipfile.ZipFile(archive_path(backup_storage, backup.name)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert names == {"manifest.json", *manifest["members"]}
    assert manifest["database"] == {
        "vendor": connection.vendor,
        "member": MEMBERS[connection.vendor],
    }
    assert "0001_initial" in manifest["schema"]["assessments"]
    assert manifest["rows"]["assessments_company"] == 1
    assert manifest["created_at"] == "2026-12-06T12:00:00+00:00"
    assert manifest["app_version"]
    evidence = next(name for name in names if name.startswith("files/media/evidence/"))
    assert manifest["members"][evidence]["size"] == len(PNG)
    assert all(len(member["sha256"]) == 64 for member in manifest["members"].values())


def test_no_partial_archive_is_left_beside_the_backups(
    programme: Path, backup_storage: FileSystemStorage
) -> None:
    backup = services.backup_create()
    assert sorted(Path(backup_storage.location).iterdir()) == [
        archive_path(backup_storage, backup.name)
    ]


def test_a_backup_that_fails_leaves_no_archive_and_deletes_none(
    programme: Path, backup_storage: FileSystemStorage, settings, monkeypatch
) -> None:
    settings.BACKUP_KEEP = "1"
    kept = services.backup_create(now=NOON)
    listed = services.stored_files()
    # A file listed, then deleted before it was read (the database is already in the zip).
    monkeypatch.setattr(
        services, "stored_files", lambda: listed | {"files/media/gone.png": programme / "gone"}
    )

    with pytest.raises(FileNotFoundError):
        services.backup_create(now=NOON + datetime.timedelta(days=1))

    assert backup_storage.listdir("")[1] == [kept.name]


def test_a_restore_into_an_instance_with_data_is_refused_and_changes_nothing(
    programme: Path, backup_storage: FileSystemStorage
) -> None:
    backup = services.backup_create()
    Answer.objects.filter(assessment__status="draft").update(comment="changed after the backup")
    rows, files = table_rows(), file_checksums(programme)

    with pytest.raises(ValidationError, match="not empty") as refused:
        services.backup_restore(archive=archive_path(backup_storage, backup.name))

    assert "Nothing was changed" in refused.value.messages[0]
    assert table_rows() == rows
    assert file_checksums(programme) == files
    assert not list(programme.glob(".*restore-*"))


def test_stored_files_alone_make_an_instance_not_empty(
    programme: Path, backup_storage: FileSystemStorage
) -> None:
    backup = services.backup_create()
    empty_the_instance(programme)
    (programme / "media" / "left-over.txt").write_text("from an earlier life")

    with pytest.raises(ValidationError, match="1 stored file"):
        services.backup_restore(archive=archive_path(backup_storage, backup.name))
    assert not Company.objects.exists()


@pytest.mark.parametrize("member_prefix", ["files/media/evidence/", "database."])
def test_an_archive_with_one_byte_changed_is_refused_naming_the_member(
    programme: Path, backup_storage: FileSystemStorage, member_prefix: str
) -> None:
    backup = services.backup_create()
    path = archive_path(backup_storage, backup.name)
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if i.filename.startswith(member_prefix))
    # The member's data follow its local header (30 bytes, its name and an extra field).
    with path.open("r+b") as raw:
        raw.seek(info.header_offset + 26)
        name_length, extra_length = (int.from_bytes(raw.read(2), "little") for _ in range(2))
        middle = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
        raw.seek(middle)
        byte = raw.read(1)
        raw.seek(middle)
        raw.write(bytes([byte[0] ^ 0xFF]))
    empty_the_instance(programme)

    with pytest.raises(ValidationError, match="damaged") as refused:
        services.backup_restore(archive=path)

    assert info.filename in refused.value.messages[0]
    assert not Company.objects.exists()
    assert file_checksums(programme) == {}


def test_a_backup_of_a_newer_version_is_refused(
    programme: Path, backup_storage: FileSystemStorage
) -> None:
    path = archive_path(backup_storage, services.backup_create().name)
    rewrite_manifest(path, lambda m: m["schema"]["assessments"].append("9999_from_the_future"))
    empty_the_instance(programme)

    with pytest.raises(ValidationError, match="assessments.9999_from_the_future"):
        services.backup_restore(archive=path)
    assert not Company.objects.exists()


def test_a_backup_of_an_older_version_is_restored_and_says_what_to_migrate(
    programme: Path, backup_storage: FileSystemStorage
) -> None:
    path = archive_path(backup_storage, services.backup_create().name)
    rewrite_manifest(path, lambda m: m["schema"]["assessments"].remove("0006_answer_internal_note"))
    empty_the_instance(programme)

    restored = services.backup_restore(archive=path)

    assert restored.migrations_missing == ["assessments.0006_answer_internal_note"]
    assert Company.objects.count() == 1


def test_a_backup_of_another_engine_is_refused(
    programme: Path, backup_storage: FileSystemStorage
) -> None:
    path = archive_path(backup_storage, services.backup_create().name)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    rewrite_manifest(path, lambda m: m["database"].update(vendor=other))
    empty_the_instance(programme)

    with pytest.raises(ValidationError, match="export_archive"):
        services.backup_restore(archive=path)


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path: Path) -> None:
    path = tmp_path / "notes.zip"
    path.write_bytes(b"PK\x03\x04 nonsense")
    with pytest.raises(ValidationError, match="not a Maturité 4.0 backup"):
        services.backup_restore(archive=path)


def test_retention_keeps_the_newest_n(
    programme: Path, backup_storage: FileSystemStorage, settings
) -> None:
    settings.BACKUP_KEEP = "2"
    made = [services.backup_create(now=NOON + datetime.timedelta(days=day)) for day in range(4)]

    assert sorted(backup_storage.listdir("")[1]) == [made[2].name, made[3].name]
    assert made[3].deleted == [made[1].name]


def test_retention_by_days_keeps_the_recent_ones(
    programme: Path, backup_storage: FileSystemStorage, settings
) -> None:
    settings.BACKUP_KEEP = "2d"
    made = [services.backup_create(now=NOON + datetime.timedelta(days=day)) for day in range(4)]

    assert sorted(backup_storage.listdir("")[1]) == [made[1].name, made[2].name, made[3].name]


def test_retention_leaves_other_files_alone(
    programme: Path, backup_storage: FileSystemStorage, settings
) -> None:
    settings.BACKUP_KEEP = "1"
    Path(backup_storage.location).mkdir(parents=True)
    (Path(backup_storage.location) / "notes.txt").write_text("mine")
    services.backup_create(now=NOON)
    services.backup_create(now=NOON)

    assert sorted(backup_storage.listdir("")[1]) == [
        "maturite40-backup-20261206T120000Z-2.zip",
        "notes.txt",
    ]


def rewrite_manifest(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as archive:
        members = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for info, content in members.items():
            if info.filename == "manifest.json":
                manifest = json.loads(content)
                change(manifest)
                content = json.dumps(manifest).encode()
            archive.writestr(info, content)
