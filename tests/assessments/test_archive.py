import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from assessments import services
from assessments.archive import archive_export, archive_import, programme_records
from assessments.models import Answer, Evidence

# flush runs TRUNCATE, which PostgreSQL refuses inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def snapshot() -> list[dict]:
    """Every record, times to the microsecond."""
    records = programme_records()
    return sorted(records, key=lambda r: (r["model"], str(r["pk"])))


def stored(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def programme(default_version, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    answer = Answer.objects.filter(assessment__status="draft").first()
    services.evidence_add(
        answer=answer,
        upload=SimpleUploadedFile("ligne.png", PNG),
        by=answer.assessment.consultant,
    )
    return tmp_path


def test_the_round_trip_into_an_empty_instance_loses_nothing(programme: Path) -> None:
    records, files = snapshot(), stored(programme)
    archive = io.BytesIO()
    manifest = archive_export(target=archive)
    assert manifest["records"]["assessments.plan"] > 0
    assert any(key.startswith("media/evidence/") for key in manifest["files"])

    call_command("flush", interactive=False, verbosity=0)
    for path in programme.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Answer.objects.exists()

    archive.seek(0)
    archive_import(source=archive)
    assert snapshot() == records
    assert stored(programme) == files
    assert Evidence.objects.get().file.read() == PNG


def test_importing_into_an_instance_with_data_is_refused(programme: Path) -> None:
    archive = io.BytesIO()
    archive_export(target=archive)
    archive.seek(0)
    with pytest.raises(ValidationError, match="empty"):
        archive_import(source=archive)


def test_a_damaged_file_in_the_archive_is_refused_whole(programme: Path) -> None:
    archive = io.BytesIO()
    archive_export(target=archive)
    damaged = io.BytesIO()
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("files/media/"):
                content = content[:-1] + b"!"
            target.writestr(item, content)
    call_command("flush", interactive=False, verbosity=0)
    damaged.seek(0)
    with pytest.raises(ValidationError, match="damaged"):
        archive_import(source=damaged)
    assert not Answer.objects.exists()


def test_a_file_that_is_not_an_archive_is_refused(db) -> None:
    with pytest.raises(ValidationError, match="not a Maturité 4.0 archive"):
        archive_import(source=io.BytesIO(b"PK\x03\x04 nonsense"))
