"""A cluster's PME list read from CSV or Excel and checked row by row before anything is saved.

Reading (``files``) and checking (``rows``) are separate from saving
(``services.companies_import``): the preview shows every problem of the file at once, and
the confirmation re-checks the same rows inside one transaction. Garbage in gives a
``ValidationError`` with a message the user can act on, never another exception.
"""

import csv
import io
from typing import Any

from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.imports.files import MAX_BYTES, MAX_ROWS, read_table, too_large
from assessments.imports.rows import (
    FIELDS,
    REQUIRED,
    Preview,
    RowError,
    check_rows,
    clean_ice,
    field_label,
    map_columns,
    normalize_row,
    rows_from_table,
)
from assessments.models import Cluster

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "REQUIRED",
    "Preview",
    "RowError",
    "check_rows",
    "clean_ice",
    "field_label",
    "map_columns",
    "normalize_row",
    "preview",
    "read_table",
    "rows_from_table",
    "sign",
    "template_csv",
    "too_large",
    "unsign",
]

TOKEN_MAX_AGE = 60 * 60
TOKEN_SALT = "assessments.imports"


# Who may import


def preview(*, cluster: Cluster, content: bytes, filename: str = "") -> Preview:
    """Everything that importing this file would do, and every reason it cannot yet."""
    raw_rows, ignored = rows_from_table(read_table(content, filename))
    rows, errors = check_rows(cluster=cluster, rows=raw_rows)
    return Preview(rows=rows, errors=errors, ignored_columns=ignored)


# The confirmation token: the checked rows, signed, so that confirming needs no new upload.


def sign(*, preview: Preview, cluster: Cluster, user: User) -> str:
    payload = {"cluster": cluster.pk, "user": user.pk, "rows": preview.rows}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def unsign(token: str, *, cluster: Cluster, user: User) -> list[dict[str, Any]]:
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValidationError(
            _("This preview has expired or is not valid: upload the file again.")
        ) from exc
    if (
        not isinstance(payload, dict)
        or payload.get("cluster") != cluster.pk
        or payload.get("user") != user.pk
        or not isinstance(payload.get("rows"), list)
    ):
        raise ValidationError(_("This preview has expired or is not valid: upload the file again."))
    return payload["rows"]


def template_csv() -> str:
    """A file to fill in: the column codes, then one fictitious example row."""
    example = [
        "Atlas Mécanique SARL",
        "001 234 567 000 089",
        "metalworking",
        "CSE",
        "Casablanca",
        "10-49",
        "Salma Bennani",
        "Directrice industrielle",
        "s.bennani@example.ma",
        "+212 522 00 00 00",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(FIELDS)
    writer.writerow(example)
    return "\ufeff" + buffer.getvalue()
