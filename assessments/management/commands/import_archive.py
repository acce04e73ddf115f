from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from assessments.archive import archive_import


class Command(BaseCommand):
    help = "Load an archive made by export_archive into an empty instance (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, file: Path, **options: object) -> None:
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file.") % {"file": file})
        try:
            manifest = archive_import(source=file)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _("%(file)s: %(records)s records and %(files)s files imported.")
            % {
                "file": file,
                "records": sum(manifest["records"].values()),
                "files": len(manifest["files"]),
            }
        )
