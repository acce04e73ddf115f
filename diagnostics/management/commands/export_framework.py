from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from diagnostics.framework_io import dump_framework
from diagnostics.models import FrameworkVersion
from diagnostics.packs import dump_pack
from diagnostics.selectors import framework_version_latest, framework_version_spec, pack_spec


class Command(BaseCommand):
    help = "Write a framework version as YAML to standard output (the latest by default)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object) -> CommandParser:
        # Our --version names a framework version; it replaces Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--version", dest="number", help="Version number, e.g. 1.0")
        parser.add_argument(
            "--framework", help="Framework code, if several are loaded, or a sector pack's code"
        )

    def handle(self, *args: object, number: str | None, framework: str | None, **o: object) -> None:
        versions = FrameworkVersion.objects.select_related("framework")
        if framework:
            versions = versions.filter(framework__code=framework)
        else:
            versions = versions.filter(extends=None)  # a pack is exported by its code
        if number:
            version = versions.filter(version=number).order_by("-id").first()
        else:
            version = versions.order_by("-published_at", "-id").first() or (
                framework_version_latest()
            )
        if version is None:
            raise CommandError(_("No such framework version. Load one with load_framework FILE."))
        if version.is_pack:
            self.stdout.write(dump_pack(pack_spec(version)), ending="")
        else:
            self.stdout.write(dump_framework(framework_version_spec(version)), ending="")
