from collections.abc import Callable
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.monitoring.demo import (
    demo_activities_load,
    demo_cohort_load,
    demo_measurements_load,
)
from reports.monitoring.models import Programme
from reports.monitoring.selectors.logframe import logframe_spec
from reports.monitoring.services.logframe import (
    DEFAULT_SLUG,
    LogframeError,
    emission_factors_load,
    logframe_load,
    parse_factors,
    parse_logframe,
)

FOLDER = Path(__file__).resolve().parents[2] / "monitoring" / "logframes"
DEFAULT = FOLDER / "default.yaml"
JAZARI = FOLDER / "jazari-decarbonation.yaml"
FACTORS = FOLDER / "emission_factors.yaml"
DEMO_CLUSTERS = ["ce3m", "agro", "aero"]


class Command(BaseCommand):
    help = (
        "Load the S&E logframe, periods, completion rules and emission factors from YAML "
        "(idempotent); --demo adds demo activities and PME measurements."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", default=DEFAULT)
        parser.add_argument("--factors", type=Path, default=FACTORS)
        parser.add_argument(
            "--export",
            type=Path,
            metavar="FILE",
            help="Write the loaded logframe (definitions, formulas, min n, thresholds, targets) "
            "to FILE as YAML instead of loading one.",
        )
        parser.add_argument(
            "--programme",
            metavar="SLUG",
            default="",
            help="The programme to load into (or to export); default: the file's "
            "programme.slug, else the install's own programme.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also record invented activities and measurements for the demo clusters.",
        )

    def handle(
        self,
        *args: object,
        file: Path,
        factors: Path,
        demo: bool,
        export: Path | None,
        programme: str,
        **options: object,
    ) -> None:
        if export is not None:
            found = Programme.objects.filter(slug=programme or DEFAULT_SLUG).first()
            if found is None:
                raise CommandError(
                    _("No programme has this short name: %(slug)s") % {"slug": programme}
                )
            text = yaml.safe_dump(
                logframe_spec(found), allow_unicode=True, sort_keys=False, width=100
            )
            export.write_text(text, encoding="utf-8")
            self.stdout.write(_("Logframe written to %(file)s.") % {"file": export})
            return
        spec = self._read(file, parse_logframe)
        factor_list = self._read(factors, parse_factors)
        try:
            indicators, targets = logframe_load(spec=spec, programme_slug=programme)
        except LogframeError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        self.stdout.write(
            _("Logframe loaded: %(indicators)s indicators, %(targets)s targets.")
            % {"indicators": indicators, "targets": targets}
        )
        count = emission_factors_load(factors=factor_list)
        self.stdout.write(_("Emission factors loaded: %(count)s.") % {"count": count})
        if demo:
            created = demo_activities_load(today=timezone.localdate(), clusters=DEMO_CLUSTERS)
            self.stdout.write(_("Demo activities created: %(count)s.") % {"count": created})
            created = demo_measurements_load(clusters=DEMO_CLUSTERS)
            self.stdout.write(_("Demo measurements created: %(count)s.") % {"count": created})
            self._second_demo_programme()

    def _second_demo_programme(self) -> None:
        """Jazari, the demo's second programme: two clusters and a handful of their PMEs."""
        indicators, targets = logframe_load(spec=self._read(JAZARI, parse_logframe))
        programme = Programme.objects.get(slug="jazari-decarbonation")
        joined = demo_cohort_load(programme=programme)
        self.stdout.write(
            _("Programme %(name)s: %(indicators)s indicators, %(pmes)s PMEs joined.")
            % {"name": programme.name, "indicators": indicators, "pmes": joined}
        )

    def _read[T](self, file: Path, parse: Callable[[bytes], T]) -> T:
        try:
            return parse(file.read_bytes())
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except LogframeError as exc:
            lines = "\n".join(f"  - {e}" for e in exc.errors)
            summary = _("nothing loaded:")
            raise CommandError(f"{file}: {summary}\n{lines}") from exc
