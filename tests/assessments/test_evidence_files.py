import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence_files import check_upload, sniff


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n", "rapport.pdf", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "atelier.JPG", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00", "plan.png", "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "photo.webp", "image/webp"),
        (b"PK\x03\x04\x14\x00", "procedure.docx", "application/vnd.openxmlformats-officedocument"),
    ],
)
def test_it_recognises_accepted_files_by_their_content(head, name, expected) -> None:
    assert sniff(head, name) == expected


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"<html><script>", "photo.png"),  # a page dressed as an image
        (b"%PDF-1.7", "script.exe"),  # a PDF under a name the browser would run
        (b"MZ\x90\x00", "outil.exe"),
        (b"PK\x03\x04", "archive.zip"),
    ],
)
def test_it_refuses_anything_else(head, name) -> None:
    assert sniff(head, name) is None


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError, match="empty"):
        check_upload(SimpleUploadedFile("vide.pdf", b""))


def test_a_file_over_the_limit_is_refused(settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="too large"):
        check_upload(SimpleUploadedFile("gros.pdf", b"%PDF-" + b"x" * 20))
