import datetime
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backups.services import backup_restore, backup_storage


class Command(BaseCommand):
    help = (
        "Restore a backup (a file, or the name of one in BACKUP_DIR or the bucket) into this "
        "empty instance: the database and the stored files, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="path of the archive, or its name among the backups")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        with tempfile.TemporaryDirectory() as workdir:
            if not path.is_file():
                path = self._fetch(options["archive"], Path(workdir))
            try:
                restored = backup_restore(archive=path)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        manifest = restored.manifest
        self.stdout.write(
            _(
                "Restored the backup made at %(created)s: %(rows)s rows in %(tables)s tables, "
                "%(files)s."
            )
            % {
                "created": date_format(
                    timezone.localtime(datetime.datetime.fromisoformat(manifest["created_at"])),
                    "SHORT_DATETIME_FORMAT",
                ),
                "rows": number_format(sum(manifest["rows"].values()), force_grouping=True),
                "tables": len(manifest["rows"]),
                "files": ngettext("%(count)d file", "%(count)d files", restored.files)
                % {"count": restored.files},
            }
        )
        if restored.migrations_missing:
            self.stdout.write(
                _(
                    "This backup predates %(count)d migrations of this version: run "
                    "manage.py migrate."
                )
                % {"count": len(restored.migrations_missing)}
            )

    def _fetch(self, name: str, workdir: Path) -> Path:
        """A backup named in the backup storage (a bucket, say), copied here first."""
        storage = backup_storage()
        if "/" in name or not storage.exists(name):
            raise CommandError(_("No backup found at %(archive)s.") % {"archive": name})
        local = workdir / name
        with storage.open(name, "rb") as source, local.open("wb") as target:
            while chunk := source.read(1024 * 1024):
                target.write(chunk)
        return local
