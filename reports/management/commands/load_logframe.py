from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.monitoring.selectors.logframe import logframe_spec
from reports.monitoring.services.logframe import (
    LogframeError,
    demo_activities_load,
    logframe_load,
    parse_logframe,
)

DEFAULT = Path(__file__).resolve().parents[2] / "monitoring" / "logframes" / "default.yaml"
DEMO_CLUSTERS = ["ce3m", "agro", "aero"]


class Command(BaseCommand):
    help = "Load the S&E logframe and periods from YAML (idempotent); --demo adds demo activities."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", default=DEFAULT)
        parser.add_argument(
            "--export",
            type=Path,
            metavar="FILE",
            help="Write the loaded logframe (definitions, formulas, min n, thresholds, targets) "
            "to FILE as YAML instead of loading one.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also record a few invented activities for the demo clusters, if they exist.",
        )

    def handle(
        self, *args: object, file: Path, demo: bool, export: Path | None, **options: object
    ) -> None:
        if export is not None:
            text = yaml.safe_dump(logframe_spec(), allow_unicode=True, sort_keys=False, width=100)
            export.write_text(text, encoding="utf-8")
            self.stdout.write(_("Logframe written to %(file)s.") % {"file": export})
            return
        try:
            spec = parse_logframe(file.read_bytes())
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except LogframeError as exc:
            lines = "\n".join(f"  - {e}" for e in exc.errors)
            summary = _("nothing loaded:")
            raise CommandError(f"{file}: {summary}\n{lines}") from exc
        indicators, targets = logframe_load(spec=spec)
        self.stdout.write(
            _("Logframe loaded: %(indicators)s indicators, %(targets)s targets.")
            % {"indicators": indicators, "targets": targets}
        )
        if demo:
            created = demo_activities_load(today=timezone.localdate(), clusters=DEMO_CLUSTERS)
            self.stdout.write(_("Demo activities created: %(count)s.") % {"count": created})
