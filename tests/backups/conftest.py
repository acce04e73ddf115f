import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from assessments import services
from assessments.models import Answer

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
PDF = b"%PDF-1.7\n" + b"roadmap " * 400


def table_rows() -> dict[str, tuple[int, str]]:
    """Every table: its number of rows and a hash of them all, in a stable order."""
    quote = connection.ops.quote_name
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            snapshot[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return snapshot


def file_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and "backups" not in path.relative_to(root).parts
    }


def empty_the_instance(data_dir: Path) -> None:
    """What a new instance is: migrated, no rows of its own, no stored file."""
    call_command("flush", interactive=False, verbosity=0)
    for root in (data_dir / "media", data_dir / "reports"):
        for path in root.rglob("*"):
            if path.is_file():
                path.unlink()


@pytest.fixture
def backup_storage(settings, tmp_path: Path) -> FileSystemStorage:
    settings.STORAGES = settings.STORAGES | {
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "data" / "backups"},
        }
    }
    settings.BACKUP_KEEP = "14"
    return FileSystemStorage(location=tmp_path / "data" / "backups")


@pytest.fixture
def demo(default_version, settings, tmp_path: Path, backup_storage) -> Path:
    """The demo cohort, an evidence file and a generated report; returns DATA_DIR."""
    data_dir = tmp_path / "data"
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = data_dir / "media"
    call_command("load_demo", stdout=io.StringIO())
    answer = Answer.objects.filter(assessment__status="draft").first()
    services.evidence_add(
        answer=answer, upload=SimpleUploadedFile("ligne.png", PNG), by=answer.assessment.consultant
    )
    report = data_dir / "reports" / "2026" / "roadmap.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(PDF)
    return data_dir


@pytest.fixture
def programme(small_version, company, settings, tmp_path: Path, backup_storage) -> Path:
    """A small programme: one PME, a diagnostic begun, an evidence file, a report; DATA_DIR."""
    data_dir = tmp_path / "data"
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = data_dir / "media"
    consultant = company.consultants.get()
    assessment = services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=datetime.date(2026, 11, 2),
        framework_version=small_version,
    )
    question = small_version.axes.get(code="A").questions.get(code="A1")
    answer = services.answer_record(
        assessment=assessment, question=question, by=consultant, level=2
    )
    services.evidence_add(answer=answer, upload=SimpleUploadedFile("ligne.png", PNG), by=consultant)
    report = data_dir / "reports" / "2026" / "roadmap.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(PDF)
    return data_dir
