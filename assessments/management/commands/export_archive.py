from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from assessments.archive import archive_export


class Command(BaseCommand):
    help = "Write the whole programme (records and stored files) to one zip archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, file: Path, **options: object) -> None:
        manifest = archive_export(target=file)
        self.stdout.write(
            _("%(file)s: %(records)s records, %(files)s files")
            % {
                "file": file,
                "records": sum(manifest["records"].values()),
                "files": len(manifest["files"]),
            }
        )
