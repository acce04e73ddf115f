"""Evidence files through the API: streamed after the permission check, typed by content."""

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from assessments import evidence_files

OCTET_STREAM = "application/octet-stream"
EVIDENCE_TYPES = sorted(
    {content_type for _magic, content_type, _endings in evidence_files.SIGNATURES}
    | {evidence_files.WEBP[0], OCTET_STREAM}
)
EVIDENCE_RESPONSES = {(200, media): OpenApiTypes.BINARY for media in EVIDENCE_TYPES}


def evidence_response(stored: FieldFile, name: str) -> FileResponse:
    """The file as an attachment, its type read from its first bytes; 404 without a file."""
    if not stored:
        raise NotFound(_("There is no evidence file here; the evidence is a link."))
    return evidence_files.file_response(stored, name)


class FileDownloads:
    """For viewsets with file actions: a download answers whatever type the client accepts;
    refusals stay JSON."""

    file_actions: tuple[str, ...] = ()
    action: str | None

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        forced = force or self.action in self.file_actions
        return super().perform_content_negotiation(request, force=forced)  # type: ignore[misc]
