from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from diagnostics.framework_io import FrameworkFileError, FrameworkSpec, parse_framework
from diagnostics.packs import PackSpec, is_pack_source, parse_pack
from diagnostics.services import framework_import, pack_import


class Command(BaseCommand):
    help = (
        "Load a maturity framework version, or a sector pack, from a YAML file "
        "(refused whole if invalid)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--draft", action="store_true", help="Load as a draft instead of publishing it."
        )

    def handle(self, *args: object, file: Path, draft: bool, **options: object) -> None:
        try:
            source = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        try:
            spec: FrameworkSpec | PackSpec
            if is_pack_source(source):
                spec = parse_pack(source)
                version, created = pack_import(spec=spec, publish=not draft)
            else:
                spec = parse_framework(source)
                version, created = framework_import(spec=spec, publish=not draft)
        except FrameworkFileError as exc:
            lines = "\n".join(f"  - {e}" for e in exc.errors)
            summary = _("%(count)s error(s), nothing loaded:") % {"count": len(exc.errors)}
            raise CommandError(f"{file}: {summary}\n{lines}") from exc
        except ValidationError as exc:
            raise CommandError(f"{file}: {' '.join(exc.messages)}") from exc
        state = _("loaded") if created else _("already loaded, unchanged")
        counts = _("%(axes)s axes, %(questions)s questions, %(actions)s actions") % {
            "axes": len(spec.axes),
            "questions": sum(len(a.questions) for a in spec.axes),
            "actions": sum(len(a.actions) for a in spec.axes),
        }
        self.stdout.write(f"{version}: {state} ({counts})")
