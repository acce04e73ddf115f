from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backups.databases import DatabaseError, supported
from backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Write one archive of the database and every stored file (evidence, reports) to "
        "BACKUP_DIR or the configured bucket, then delete the backups BACKUP_KEEP lets go."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to", type=Path, help="a directory instead of BACKUP_DIR (retention applies there)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not supported():
            raise CommandError(_("Backups need PostgreSQL or SQLite."))
        storage = FileSystemStorage(location=options["to"]) if options["to"] else None
        try:
            backup = backup_create(storage=storage)
        except (DatabaseError, OSError) as exc:
            raise CommandError(_("The backup failed: %(error)s") % {"error": exc}) from exc
        files = sum(1 for name in backup.manifest["members"] if name.startswith("files/"))
        self.stdout.write(
            _("Backup written: %(name)s (%(size)s, %(files)s).")
            % {
                "name": backup.name,
                "size": filesizeformat(backup.size),
                "files": ngettext("%(count)d file", "%(count)d files", files) % {"count": files},
            }
        )
        if backup.deleted:
            self.stdout.write(
                _("Older backups deleted (BACKUP_KEEP): %(names)s")
                % {"names": ", ".join(backup.deleted)}
            )
