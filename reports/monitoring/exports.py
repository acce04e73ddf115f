"""The indicator table as the funder's logframe (Excel) and as tidy data (CSV)."""

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.monitoring.indicators.progress import MIN_PMES
from reports.monitoring.selectors.indicators import IndicatorRow, IndicatorTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(table: IndicatorTable) -> str:
    return table.cluster.name if table.cluster else _("Whole programme")


def logframe_headers() -> list[str]:
    return [
        _("Result"),
        _("Indicator"),
        _("Unit"),
        _("Baseline value"),
        _("Baseline year"),
        _("Target value"),
        _("Target year"),
        _("Current value"),
        _("Date"),
        _("Means of verification"),
        _("Status"),
    ]


def logframe_line(row: IndicatorRow, table: IndicatorTable) -> list[object]:
    """One indicator in the funder's layout; only an approved value is reported as current."""
    indicator, stored = row.indicator, row.stored
    approved = stored is not None and stored.status == "approved"
    baseline = indicator.baseline_value
    status = stored.get_status_display() if stored else _("Not reported")
    if row.hidden:
        status = _("not enough data")
    return [
        f"{indicator.result.get_level_display()} · {indicator.result.statement}",
        f"{indicator.code} · {indicator.name}",
        indicator.get_unit_display(),
        None if baseline is None else float(baseline),
        indicator.baseline_date.year if indicator.baseline_date else None,
        None if row.target is None else float(row.target),
        table.period.end.year if row.target is not None else None,
        float(stored.value) if approved and stored and stored.value is not None else None,
        stored.approved_at.date() if approved and stored and stored.approved_at else None,
        indicator.verification,
        status + (" · " + _("data changed since approval") if approved and row.stale else ""),
    ]


def logframe_workbook(table: IndicatorTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Logframe")[:31]
    title = _("Indicators")
    sheet.append([f"{title} · {_scope(table)} · {table.period.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(logframe_headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B3D66")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append(logframe_line(row, table))
    for index, width in enumerate([38, 44, 12, 10, 10, 10, 10, 12, 12, 44, 22], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.data_type == "f":  # openpyxl takes any text starting "=" for a formula
                cell.data_type = "s"  # text typed in the app stays text in the workbook
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TIDY = [
    "indicator",
    "period",
    "scope",
    "dimension",
    "category",
    "value",
    "n",
    "status",
    "stale",
    "unit",
]


def tidy_rows(table: IndicatorTable, *, insider: bool) -> Iterator[list[object]]:
    """One row per indicator × period × scope × disaggregation; "total" is the whole scope.

    Outside the scope's own cluster, PME aggregates under 5 are left empty.
    """
    scope = table.cluster.code if table.cluster else "programme"
    for row in table.rows:
        status = row.stored.status if row.stored else "not_reported"
        base = [row.indicator.code, table.period.code, scope]
        tail = [status, row.stale, row.indicator.unit]
        shown = None if row.hidden else row.actual
        yield [*base, "total", "", _number(shown), "" if row.hidden else _count(row.n), *tail]
        for cell in _cells(row):
            small = not insider and int(cell["n"] or 0) < MIN_PMES  # type: ignore[call-overload]
            hidden = row.indicator.counts_pmes and (row.hidden or small)
            yield [
                *base,
                cell["dimension"],
                cell["category"],
                "" if hidden else _number(cell["value"]),
                "" if hidden else cell["n"],
                *tail,
            ]


def _cells(row: IndicatorRow) -> list[dict[str, object]]:
    if row.stored is not None and row.stored.status in ("submitted", "approved"):
        return list(row.stored.breakdown)
    return [cell.as_json() for cell in row.live.breakdown] if row.live else []


def _number(value: object) -> Decimal | str:
    return "" if value is None else Decimal(f"{float(value):.2f}")  # type: ignore[arg-type]


def _count(value: int | None) -> int | str:
    return "" if value is None else value


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet would run starts with an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def tidy_csv(table: IndicatorTable, *, insider: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TIDY)
    for row in tidy_rows(table, insider=insider):
        writer.writerow([spreadsheet_safe(value) for value in row])
    return buffer.getvalue()
