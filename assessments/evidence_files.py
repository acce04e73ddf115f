"""What an evidence upload may be: checked by its content, not its name."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from assessments.models import Evidence

# (magic bytes at offset 0, content type, accepted name endings)
SIGNATURES: list[tuple[bytes, str, tuple[str, ...]]] = [
    (b"%PDF-", "application/pdf", ("pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", ("png",)),
    (b"\xff\xd8\xff", "image/jpeg", ("jpg", "jpeg")),
    (b"GIF87a", "image/gif", ("gif",)),
    (b"GIF89a", "image/gif", ("gif",)),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument",
        ("docx", "xlsx", "pptx", "odt", "ods", "odp"),
    ),
]
WEBP = ("image/webp", ("webp",))


def sniff(head: bytes, name: str) -> str | None:
    """The content type of a file from its first bytes, if it is one we accept."""
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and ending in WEBP[1]:
        return WEBP[0]
    for magic, content_type, endings in SIGNATURES:
        if head.startswith(magic) and ending in endings:
            return content_type
    return None


def check_upload(upload: UploadedFile) -> str:
    limit = settings.EVIDENCE_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if not size:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, upload.name or "")
    if content_type is None:
        raise ValidationError(
            _(
                "This type of file is not accepted. Send a photo (JPEG, PNG, WebP, GIF), "
                "a PDF or an Office document."
            )
        )
    return content_type


@contextmanager
def upload_stored(file: FieldFile, upload: UploadedFile | None) -> Iterator[str | None]:
    """Check ``upload`` and store it as ``file`` (a model's file field, not saved yet) for
    the writes in the block; yields its content type (None without an upload). The new file
    is removed again if the block fails, the one it replaces once the transaction commits:
    no orphan file either way."""
    if upload is None:
        yield None
        return
    content_type = check_upload(upload)
    replaced, storage = file.name, file.storage
    file.save(upload.name or "evidence", upload, save=False)
    stored = str(file.name)
    try:
        yield content_type
    except BaseException:
        storage.delete(stored)
        raise
    if replaced and replaced != stored:
        transaction.on_commit(lambda: storage.delete(replaced), robust=True)


def file_response(
    stored: FieldFile, name: str, *, content_type: str = "", inline_images: bool = False
) -> FileResponse:
    """A stored evidence file for its permitted reader. Its type is the one recorded at upload,
    else read from its first bytes; images are shown inline when asked, anything else is
    downloaded. No file, or a file gone from the disk, is a 404 (DRF answers it in JSON)."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if not content_type:
        content_type = sniff(handle.read(16), stored.name or "") or "application/octet-stream"
        handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=not (inline_images and content_type.startswith("image/")),
        filename=name or "evidence",
        content_type=content_type,
    )


def answer_evidence_response(evidence: "Evidence") -> FileResponse:
    """A diagnostic's evidence file: the type recorded at upload, photos shown inline."""
    return file_response(
        evidence.file,
        evidence.original_name,
        content_type=evidence.content_type,
        inline_images=True,
    )
