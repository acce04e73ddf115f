"""A whole programme in one archive: every record and every stored file.

The archive is a zip holding ``manifest.json``, ``data.json`` (Django's JSON
serialisation of accounts, the framework, PMEs, diagnostics, plans, reports,
indicators and their history) and ``files/`` (evidence and generated reports, as
stored under ``DATA_DIR``). Importing it into an empty instance gives back the
same records with the same keys, and the same files byte for byte.
"""

import datetime
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "maturite40-archive"
VERSION = 1
# Accounts and the programme's data. Sessions, login attempts and API tokens stay behind.
MODELS = ["auth.group", "auth.user"]
APPS = ["diagnostics", "assessments", "reports"]


def archive_models() -> list[str]:
    labels = list(MODELS)
    for app in APPS:
        labels += [m._meta.label_lower for m in apps.get_app_config(app).get_models()]
    return labels


def _roots() -> dict[str, Path]:
    """Where stored files live, by the name they take in the archive."""
    return {"media": Path(settings.MEDIA_ROOT), "reports": Path(settings.DATA_DIR) / "reports"}


def _stored_files() -> dict[str, Path]:
    files = {}
    for name, root in _roots().items():
        if root.exists():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    files[f"{name}/{path.relative_to(root).as_posix()}"] = path
    return files


def archive_export(*, target: Path | io.BytesIO) -> dict[str, Any]:
    """Write the archive; returns its manifest (counts and file checksums)."""
    data = json.dumps(programme_records(), cls=_Encoder)
    files = _stored_files()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "records": _count(json.loads(data)),
        "files": {key: _sha256(path.read_bytes()) for key, path in files.items()},
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("data.json", data)
        for key, path in files.items():
            archive.write(path, f"files/{key}")
    return manifest


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: the round trip loses nothing."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def programme_records() -> list[dict[str, Any]]:
    models = serializers.sort_dependencies(
        [(config, None) for config in _app_configs()], allow_cycles=True
    )
    wanted = {apps.get_model(label) for label in archive_models()}
    records: list[dict[str, Any]] = []
    for model in models:
        if model in wanted:
            queryset = model._default_manager.order_by(model._meta.pk.name)
            records += serializers.serialize(
                "python", queryset.iterator(), use_natural_foreign_keys=True
            )
    return records


def _app_configs() -> list[Any]:
    return [apps.get_app_config(label) for label in ("auth", *APPS)]


def _count(records: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in records:
        counts[record["model"]] = counts.get(record["model"], 0) + 1
    return counts


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _is_empty() -> bool:
    return not any(
        apps.get_model(label).objects.exists()
        for label in archive_models()
        if label not in ("auth.group",)
    )


def archive_import(*, source: Path | io.BytesIO) -> dict[str, Any]:
    """Load an archive into an empty instance, all or nothing."""
    if not _is_empty():
        raise ValidationError(_("This instance already holds data: import into an empty one."))
    try:
        archive = zipfile.ZipFile(source)
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("data.json")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(_("This file is not a Maturité 4.0 archive.")) from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ValidationError(_("This archive's format is not supported."))
    files = {key: archive.read(f"files/{key}") for key in manifest.get("files", {})}
    for key, content in files.items():
        unsafe = ".." in Path(key).parts or key.partition("/")[0] not in _roots()
        if unsafe or _sha256(content) != manifest["files"][key]:
            raise ValidationError(_("The archive is damaged: %(file)s.") % {"file": key})
    with transaction.atomic():
        # An empty instance may have its role groups already; the archive's own win.
        apps.get_model("auth.group").objects.all().delete()
        _load(json.loads(data))
        _write_files(files)
    return manifest


def _load(records: list[dict[str, Any]]) -> None:
    """What ``loaddata`` does: save in order, fill forward references, then check keys."""
    deferred = []
    loaded = set()
    with connection.constraint_checks_disabled():
        for item in serializers.deserialize("python", records, handle_forward_references=True):
            item.save()
            loaded.add(type(item.object))
            if item.deferred_fields:
                deferred.append(item)
        for item in deferred:
            item.save_deferred_fields()
    connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(sql)


def _write_files(files: dict[str, bytes]) -> None:
    roots = _roots()
    for key, content in files.items():
        name, _sep, relative = key.partition("/")
        target = roots[name] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
