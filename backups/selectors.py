"""Reads for backups: the stored files, what an instance holds, the backups kept."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage
from django.db import connection

from backups.manifest import made_at

# Rows that `migrate` itself writes: an instance holding only these is empty.
SEEDED_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
    }
)


def stored_roots() -> dict[str, Path]:
    """Where stored files live (uploaded evidence, generated reports), by their archive name."""
    return {"media": Path(settings.MEDIA_ROOT), "reports": Path(settings.DATA_DIR) / "reports"}


def stored_files() -> dict[str, Path]:
    """Every stored file, by its member name in an archive (``files/media/evidence/…``)."""
    files = {}
    for name, root in stored_roots().items():
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    files[f"files/{name}/{path.relative_to(root).as_posix()}"] = path
    return files


def tables_with_rows() -> list[str]:
    """The tables holding rows other than those `migrate` writes."""
    quote = connection.ops.quote_name
    held = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table not in SEEDED_TABLES:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    held.append(table)
    return held


def backups_in(storage: Storage) -> dict[str, datetime.datetime]:
    """The backups in ``storage``, by name, with when each was made."""
    try:
        _dirs, names = storage.listdir("")
    except FileNotFoundError:
        return {}
    return {name: when for name in names if (when := made_at(name)) is not None}
