"""Reading an uploaded table: CSV (``;`` or ``,``; UTF-8 or Windows-1252) or Excel .xlsx.

Whatever the bytes, the result is the table's text cells or a ``ValidationError`` whose
message says what to upload instead.
"""

import csv
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_LINES = 10 * MAX_ROWS  # blank lines included
MAX_COLUMNS = 50
MAX_UNPACKED_BYTES = 20 * 1024 * 1024

Table = list[tuple[int, list[str]]]  # (line in the file, cells), blank lines left out


def read_table(content: bytes, filename: str = "") -> Table:
    """The file's cells as text, CSV (``;`` or ``,``; UTF-8 or Windows-1252) or Excel .xlsx."""
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise too_large(len(content))
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0") or filename.lower().endswith(".xls"):
        raise ValidationError(
            _("Old Excel files (.xls) cannot be read: save the sheet as .xlsx or CSV.")
        )
    return _read_csv(content)


def too_large(size: int) -> ValidationError:
    return ValidationError(
        _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
        % {"size": round(size / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024}
    )


def _not_readable() -> ValidationError:
    return ValidationError(
        _(
            "This file cannot be read as a table. Upload a CSV file (separated by ; or ,) "
            "or an Excel .xlsx file, like the template."
        )
    )


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise _not_readable()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _not_readable()


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [
            (line, [cell.strip() for cell in row[:MAX_COLUMNS]]) for line, row in _limited(reader)
        ]
    except csv.Error as exc:
        logger.info("Unreadable CSV import: %s", exc)
        raise _not_readable() from exc


def _read_xlsx(content: bytes) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise too_large(unpacked)
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
            return [(line, [_cell_text(c) for c in row]) for line, row in _limited(rows)]
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception as exc:  # a corrupt workbook makes openpyxl raise almost anything
        logger.info("Unreadable Excel import: %r", exc)
        raise _not_readable() from exc


def _limited(rows: Iterable[Any]) -> Iterator[tuple[int, Any]]:
    """Non-blank rows with their line numbers, refusing files past ``MAX_ROWS`` PMEs."""
    count = 0
    for line, row in enumerate(rows, start=1):
        if line > MAX_LINES:
            raise too_many_rows()
        if not any(str(cell).strip() for cell in row if cell is not None):
            continue
        count += 1
        if count > MAX_ROWS + 1:
            raise too_many_rows()
        yield line, row


def too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)s PMEs: split it into several files.") % {"max": MAX_ROWS}
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Excel escapes (_x0000_) can smuggle NUL, which PostgreSQL refuses in text.
    return str(value).replace("\x00", "").strip()
