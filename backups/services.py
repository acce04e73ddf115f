"""Writes for backups: make one, restore one into an empty instance, prune old ones."""

import datetime
import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backups import manifest as spec
from backups.databases import MEMBERS, DatabaseError, database_dump, database_restore
from backups.retention import parse_keep, to_delete
from backups.selectors import backups_in, stored_files, stored_roots, tables_with_rows

CHUNK = 1024 * 1024
# Already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset({".dump", ".pdf", ".png", ".jpg", ".jpeg", ".zip", ".xlsx", ".docx"})


@dataclass(frozen=True)
class Backup:
    name: str
    size: int
    manifest: dict[str, Any]
    deleted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    files: int
    migrations_missing: list[str]


def backup_storage() -> Storage:
    """Where backups go: ``BACKUP_DIR``, or the bucket of ``BACKUP_STORAGE_*``."""
    return storages["backups"]


def backup_create(
    *, storage: Storage | None = None, now: datetime.datetime | None = None
) -> Backup:
    """Write one archive of the database and the stored files, then apply ``BACKUP_KEEP``."""
    storage = storage or backup_storage()
    now = now or timezone.now()
    name = spec.archive_name(now, backups_in(storage))
    manifest, size = _publish(storage, name, now)
    deleted = backups_prune(storage=storage, now=now)
    return Backup(name=name, size=size, manifest=manifest, deleted=deleted)


def backups_prune(*, storage: Storage, now: datetime.datetime | None = None) -> list[str]:
    """Delete the backups ``BACKUP_KEEP`` does not keep; returns their names."""
    doomed = to_delete(
        backups_in(storage), keep=parse_keep(settings.BACKUP_KEEP), now=now or timezone.now()
    )
    for name in doomed:
        storage.delete(name)
    return doomed


def _publish(storage: Storage, name: str, now: datetime.datetime) -> tuple[dict[str, Any], int]:
    """Write the archive under a temporary name, then give it its own (rename, or upload)."""
    try:
        directory: Path | None = Path(storage.path(""))
    except NotImplementedError:  # object storage: an upload appears whole when it completes
        directory = None
    work = directory or Path(settings.DATA_DIR)
    work.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".", suffix=".partial", dir=work)
    try:
        with os.fdopen(handle, "w+b") as target:
            manifest = _write_archive(target, now)
            target.flush()
            os.fsync(target.fileno())
            size = target.tell()
            if directory is None:
                target.seek(0)
                storage.save(name, File(target, name=name))
        if directory is not None:
            os.chmod(partial, 0o600)  # the archive holds every account's password hash
            os.replace(partial, storage.path(name))
    finally:
        Path(partial).unlink(missing_ok=True)
    return manifest, size


def _write_archive(target: IO[bytes], now: datetime.datetime) -> dict[str, Any]:
    members: dict[str, dict[str, Any]] = {}
    with (
        tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".backup-") as workdir,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        dump_path = Path(workdir) / "database"
        dump = database_dump(target=dump_path)
        members[dump.member] = _add(archive, dump.member, dump_path)
        for member, path in stored_files().items():
            members[member] = _add(archive, member, path)
        manifest = {
            "format": spec.FORMAT,
            "format_version": spec.FORMAT_VERSION,
            "app_version": _app_version(),
            "created_at": now.astimezone(datetime.UTC).isoformat(),
            "database": {"vendor": connection.vendor, "member": dump.member},
            "schema": dump.schema,
            "rows": dump.rows,
            "members": members,
        }
        archive.writestr(spec.MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _add(archive: zipfile.ZipFile, member: str, path: Path) -> dict[str, Any]:
    info = zipfile.ZipInfo.from_file(path, member)
    stored = path.suffix.lower() in STORED_SUFFIXES or member == MEMBERS["postgresql"]
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _app_version() -> str:
    try:
        return importlib.metadata.version("maturite40")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def backup_restore(*, archive: Path) -> Restored:
    """Restore an archive into an empty instance: the database and the files, or nothing.

    Every member's checksum, the engine and the schema are checked, and the instance is
    found empty, before anything changes. The files are unpacked next to their place and
    moved in; if the database then fails, they are moved out again.
    """
    with _opened(archive) as zipped, ExitStack() as cleanup:
        manifest = _read_manifest(zipped)
        _check_engine(manifest)
        workdir = Path(cleanup.enter_context(_staging(Path(settings.DATA_DIR), ".restore-")))
        staged_roots = _extract(zipped, manifest, workdir, cleanup)
        missing = _check_schema(manifest)
        _check_empty()
        moved = _move_in(staged_roots)
        try:
            database_restore(source=workdir / manifest["database"]["member"])
        except (DatabaseError, OSError) as exc:
            _move_out(moved)
            raise ValidationError(
                _("The database could not be restored; nothing was changed. %(error)s")
                % {"error": exc}
            ) from exc
    files = sum(1 for member in manifest["members"] if member.startswith("files/"))
    return Restored(manifest=manifest, files=files, migrations_missing=missing)


@contextmanager
def _opened(archive: Path) -> Iterator[zipfile.ZipFile]:
    try:
        zipped = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ValidationError(
            _("%(file)s is not a Maturité 4.0 backup.") % {"file": archive.name}
        ) from exc
    with zipped:
        yield zipped


@contextmanager
def _staging(parent: Path, prefix: str) -> Iterator[str]:
    parent.mkdir(parents=True, exist_ok=True)
    path = tempfile.mkdtemp(dir=parent, prefix=prefix)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _read_manifest(zipped: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zipped.read(spec.MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _damaged(spec.MANIFEST) from exc
    if not spec.checked_format(manifest):
        raise ValidationError(_("This backup's format is not supported by this version."))
    return manifest


def _damaged(member: str) -> ValidationError:
    return ValidationError(
        _("The backup is damaged: %(member)s does not match its manifest. Nothing was changed.")
        % {"member": member}
    )


def _check_engine(manifest: dict[str, Any]) -> None:
    vendor = manifest["database"].get("vendor")
    if vendor != connection.vendor or manifest["database"].get("member") != MEMBERS.get(vendor):
        raise ValidationError(
            _(
                "This backup holds a %(archived)s database and this instance uses %(current)s. "
                "To move a programme between engines, use export_archive and import_archive."
            )
            % {"archived": vendor, "current": connection.vendor}
        )


def _extract(
    zipped: zipfile.ZipFile, manifest: dict[str, Any], workdir: Path, cleanup: ExitStack
) -> dict[Path, Path]:
    """Unpack every member, checking its checksum; returns each root's staged copy."""
    members = manifest["members"]
    roots = stored_roots()
    for member in zipped.namelist():
        if member != spec.MANIFEST and member not in members:
            raise _damaged(member)
    staged: dict[Path, Path] = {}
    for member, expected in members.items():
        if member == manifest["database"]["member"]:
            target = workdir / member
        elif spec.unsafe_member(member, roots):
            raise _damaged(member)
        else:
            _files, root_name, relative = member.split("/", 2)
            root = roots[root_name]
            if root not in staged:
                stage = cleanup.enter_context(_staging(root.parent, f".{root.name}.restore-"))
                staged[root] = Path(stage)
            target = staged[root] / relative
        _unpack(zipped, member, target, expected)
    return staged


def _unpack(zipped: zipfile.ZipFile, member: str, target: Path, expected: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with zipped.open(member) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        # zipfile's own CRC check, or a member the manifest names but the zip lacks
        raise _damaged(member) from exc
    if digest.hexdigest() != expected.get("sha256"):
        raise _damaged(member)


def _check_schema(manifest: dict[str, Any]) -> list[str]:
    """Refuse a backup of a newer version; returns the migrations an older one lacks."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations.keys()
    unknown = spec.unknown_migrations(manifest["schema"], known)
    if unknown:
        raise ValidationError(
            _(
                "This backup was made by a newer version of Maturité 4.0 (%(version)s); its "
                "database has migrations this one does not know: %(migrations)s. Install that "
                "version or a later one, then restore. Nothing was changed."
            )
            % {"version": manifest.get("app_version"), "migrations": ", ".join(unknown[:5])}
        )
    return spec.missing_migrations(manifest["schema"], known)


def _check_empty() -> None:
    tables, files = tables_with_rows(), stored_files()
    held = []
    if tables:
        listed = ", ".join(tables[:5]) + ("…" if len(tables) > 5 else "")
        held.append(_("rows in %(tables)s") % {"tables": listed})
    if files:
        count = len(files)
        held.append(
            ngettext("%(count)d stored file", "%(count)d stored files", count) % {"count": count}
        )
    if held:
        raise ValidationError(
            _(
                "This instance is not empty (%(held)s): a backup is restored only into a new, "
                "empty instance. Nothing was changed."
            )
            % {"held": "; ".join(held)}
        )


def _move_in(staged: dict[Path, Path]) -> dict[Path, Path]:
    """Put each staged root in place of its (file-less) root."""
    moved = {}
    for root, stage in staged.items():
        if root.exists():
            shutil.rmtree(root)  # only empty folders: the instance holds no file
        os.rename(stage, root)
        moved[root] = stage
    return moved


def _move_out(moved: dict[Path, Path]) -> None:
    for root, stage in moved.items():
        os.rename(root, stage)
        root.mkdir(parents=True, exist_ok=True)
