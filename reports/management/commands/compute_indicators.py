import csv

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Cluster
from reports.monitoring.models import Period, Programme
from reports.monitoring.selectors.indicators import IndicatorRow, indicator_table
from reports.monitoring.selectors.programmes import programme_default
from reports.monitoring.services.indicators import indicator_values_refresh

COLUMNS = ["code", "baseline", "target", "actual", "n", "percent_of_target", "status", "reported"]


def _current_period(programme: Programme) -> Period | None:
    today = timezone.localdate()
    return programme.periods.filter(
        kind=Period.Kind.QUARTER, start__lte=today, end__gte=today
    ).first()


class Command(BaseCommand):
    help = "Print the indicator table of a scope and period; --save stores the computed values."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--programme",
            default="",
            help="Programme short name (default: the install's own programme).",
        )
        parser.add_argument("--cluster", default="", help="Cluster code (default: the programme).")
        parser.add_argument("--period", default="", help="Period code (default: this quarter).")
        parser.add_argument("--format", choices=["table", "csv"], default="table")
        parser.add_argument(
            "--save",
            action="store_true",
            help="Store computed values as drafts and flag changed approved values as stale.",
        )

    def handle(self, *args: object, **options: str) -> None:
        cluster = self._cluster(options["cluster"])
        programme = self._programme(options["programme"])
        period = (
            programme.periods.filter(code=options["period"]).first()
            if options["period"]
            else (_current_period(programme))
        )
        if period is None:
            raise CommandError(_("Unknown period; load the logframe or pass --period."))
        if options["save"]:
            indicator_values_refresh(period=period, cluster=cluster)
        table = indicator_table(period=period, cluster=cluster, viewer=None)
        rows = [_values(row) for row in table.rows]
        if options["format"] == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
            return
        scope = cluster.code if cluster else _("programme")
        self.stdout.write(f"{period.code} · {scope}")
        lines: list[list[object]] = [list(COLUMNS), *rows]
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(COLUMNS))]
        for line in lines:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)))

    def _programme(self, slug: str) -> Programme:
        try:
            return Programme.objects.get(slug=slug) if slug else programme_default()
        except Programme.DoesNotExist as exc:
            raise CommandError(_("Unknown programme; pass --programme.")) from exc

    def _cluster(self, code: str) -> Cluster | None:
        if not code:
            return None
        cluster = Cluster.objects.filter(code=code).first()
        if cluster is None:
            raise CommandError(_("Unknown cluster: %(code)s") % {"code": code})
        return cluster


def _show(value: object) -> object:
    return "" if value is None else value


def _values(row: IndicatorRow) -> list[object]:
    actual = None if row.actual is None else round(row.actual, 2)
    return [
        row.indicator.code,
        _show(row.indicator.baseline_value),
        _show(row.target),
        _show(actual),
        _show(row.n),
        _show(row.percent_of_target),
        row.status,
        row.stored.status if row.stored else "",
    ]
