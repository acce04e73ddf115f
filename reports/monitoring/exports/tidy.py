"""The indicator table as tidy data (CSV) that French Excel opens as columns.

Semicolon-separated, UTF-8 with a byte-order mark (Excel reads the encoding from it), a label
beside every code, numbers written as numbers in the reader's language: "1,5" in French
(French Excel reads it as a number in a semicolon file), "1.5" in English. Text a spreadsheet
would run as a formula starts with an apostrophe.
"""

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.monitoring import statuses
from reports.monitoring.indicators.computed import is_share
from reports.monitoring.indicators.progress import MIN_PMES, fraction, small
from reports.monitoring.models import IndicatorValue
from reports.monitoring.selectors.indicators import IndicatorRow, IndicatorTable

BOM = "\ufeff"
SEPARATOR = ";"

TIDY = [
    "indicator",
    "indicator_name",
    "period",
    "period_name",
    "scope",
    "scope_name",
    "dimension",
    "dimension_name",
    "category",
    "value",
    "n",
    "numerator",
    "min_n",
    "below_min_n",
    "target",
    "percent_of_target",
    "status",
    "status_name",
    "approval",
    "approval_name",
    "stale",
    "unit",
    "unit_name",
]


def dimension_names() -> dict[str, str]:
    return {
        "total": _("Total"),
        "cluster": _("Cluster"),
        "sector": _("Sector"),
        "region": _("Region"),
        "size": _("Company size"),
        "sex": _("Sex"),
        "role": _("Role"),
        "axis": _("Axis"),
    }


def tidy_rows(table: IndicatorTable, *, insider: bool) -> Iterator[list[object]]:
    """One row per indicator × period × scope × disaggregation; "total" is the whole scope.

    Outside the scope's own cluster, PME aggregates under 5 are left empty.
    """
    scope = table.cluster.code if table.cluster else "programme"
    scope_name = table.cluster.name if table.cluster else _("Whole programme")
    names = dimension_names()
    for row in table.rows:
        indicator = row.indicator
        approval = row.stored.status if row.stored else "not_reported"
        approval_name = row.stored.get_status_display() if row.stored else _("not reported")
        head = [indicator.code, indicator.name, table.period.code, table.period.name, scope]
        head.append(scope_name)
        tail = [approval, approval_name, row.stale, indicator.unit, indicator.get_unit_display()]
        shown = None if row.hidden else row.actual
        n = None if row.hidden else row.n
        judged = [_number(row.target), _number(row.percent_of_target), row.status]
        judged.append(statuses.status_label(row.status))
        total = ["total", names["total"], "", _number(shown), _count(n), *_parts(row, shown, n)]
        yield [*head, *total, *judged, *tail]
        for cell in _cells(row):
            few = not insider and int(cell["n"] or 0) < MIN_PMES  # type: ignore[call-overload]
            hidden = indicator.counts_pmes and (row.hidden or few)
            value = None if hidden else cell["value"]
            count = None if hidden else cell["n"]
            dimension = str(cell["dimension"])
            yield [
                *head,
                dimension,
                names.get(dimension, dimension),
                cell["category"],
                _number(value),
                _count(count),  # type: ignore[arg-type]
                *_parts(row, value, count),  # type: ignore[arg-type]
                "",
                "",
                "",
                "",
                *tail,
            ]


def _parts(row: IndicatorRow, value: object, n: int | None) -> list[object]:
    """numerator, min_n, below_min_n for one figure."""
    indicator = row.indicator
    number = None if value is None else float(value)  # type: ignore[arg-type]
    share = (
        fraction(number, n) if indicator.unit == "percent" and is_share(indicator.code) else None
    )
    flagged = number is not None and indicator.is_rate and small(n, indicator.min_n)
    return ["" if share is None else share[0], indicator.min_n, flagged]


def _cells(row: IndicatorRow) -> list[dict[str, object]]:
    if row.stored is not None and row.stored.status in (
        IndicatorValue.Status.SUBMITTED,
        IndicatorValue.Status.APPROVED,
    ):
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


def csv_cell(value: object, *, comma: bool) -> object:
    """A number in the reader's notation, a boolean as 0/1, text made safe."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal | float):
        text = f"{value:.2f}" if isinstance(value, Decimal) else repr(value)
        return text.replace(".", ",") if comma else text
    return spreadsheet_safe(value)


def tidy_csv(table: IndicatorTable, *, insider: bool) -> str:
    comma = (get_language() or "fr").startswith("fr")
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow(TIDY)
    for row in tidy_rows(table, insider=insider):
        writer.writerow([csv_cell(value, comma=comma) for value in row])
    return buffer.getvalue()
