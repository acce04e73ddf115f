"""The funder's Excel workbook: a cover, the logframe with quarters and status, the
disaggregations. Printable: landscape, fitted to the page width, header rows repeated."""

import io
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.monitoring import statuses
from reports.monitoring.exports.dma import dma_sheet
from reports.monitoring.exports.tidy import dimension_names
from reports.monitoring.indicators.computed import is_share
from reports.monitoring.indicators.progress import MIN_PMES, fraction, small
from reports.monitoring.models import Indicator
from reports.monitoring.selectors.funder import FunderReport
from reports.monitoring.selectors.indicators import IndicatorRow, IndicatorTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="0B3D66")
FORMATS = {"percent": '0.0" %"', "points": "+0.0;-0.0;0", "score": "0.00", "hours": "0.0"}
WHOLE = "#,##0"
SHARE = '0.0" %"'


def logframe_workbook(report: FunderReport, *, insider: bool) -> bytes:
    """``insider``: the viewer works in the scope, so small disaggregated cells are shown."""
    book = Workbook()
    _cover(book.active, report)
    _logframe(book.create_sheet(_("Logframe")[:31]), report)
    _disaggregations(book.create_sheet(_("Disaggregations")[:31]), report.table, insider)
    dma_sheet(book.create_sheet(_("EU DMA")[:31]), report.dma)
    _keep_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _scope(table: IndicatorTable) -> str:
    return table.cluster.name if table.cluster else _("Whole programme")


def _cover(sheet: Worksheet, report: FunderReport) -> None:
    sheet.title = _("Cover")[:31]
    period = report.table.period
    dates = f"{formats.date_format(period.start)} – {formats.date_format(period.end)}"
    facts = [
        (_("Programme"), report.programme),
        (_("Funder"), report.funder or "—"),
        (_("Scope"), _scope(report.table)),
        (_("Period"), f"{period.name} ({dates})"),
        (_("Quarters reported"), ", ".join(t.period.name for t in report.quarters) or "—"),
        (_("Produced on"), formats.date_format(report.produced_at, "DATETIME_FORMAT")),
        (_("Produced by"), report.produced_by or "—"),
        (_("Data version"), report.data_version),
        (_("Period locked"), _("yes") if period.locked else _("no")),
    ]
    sheet.append([_("Monitoring and evaluation report")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in facts:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    for note in _notes():
        sheet.append([note])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2
        )
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[sheet.max_row].height = 45
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90
    _print_setup(sheet, rows=None)


def _notes() -> list[str]:
    return [
        _(
            # xgettext:no-python-format
            "Status compares progress from the baseline with the target, using each "
            "indicator's thresholds (columns 'On track from' and 'At risk from', in % of "
            "target): on track, at risk, off track. A count in a period under way is judged "
            "against the share of its target due by the production date; a rate or a mean "
            "against the target itself."
        ),
        _(
            "n is the number of units (PMEs, people, activities) behind a figure; a "
            "percentage also gives its numerator. A rate or mean on fewer units than the "
            "indicator's minimum n is flagged: to interpret with care."
        ),
        _(
            "The 'Approval' column says whether a figure was approved (four eyes) or is "
            "computed from the data and not yet approved. 'No data' is not zero."
        ),
    ]


def _headers(quarters: Sequence[IndicatorTable]) -> list[str]:
    per_quarter = []
    for table in quarters:
        per_quarter += [
            _("Target %(period)s") % {"period": table.period.name},
            _("Actual %(period)s") % {"period": table.period.name},
        ]
    return [
        _("Level"),
        _("Result"),
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Definition"),
        _("Formula"),
        _("Baseline"),
        _("Baseline date"),
        *per_quarter,
        _("Cumulative target"),
        _("Cumulative actual"),
        "n",
        _("Numerator"),
        _("Minimum n"),
        _("Below minimum n"),
        # xgettext:no-python-format
        _("% of target"),
        _("Status"),
        # xgettext:no-python-format
        _("On track from (% of target)"),
        # xgettext:no-python-format
        _("At risk from (% of target)"),
        _("Approval"),
        _("Approved on"),
        _("Means of verification"),
    ]


def _logframe(sheet: Worksheet, report: FunderReport) -> None:
    table = report.table
    title = f"{_('Logframe')} · {_scope(table)} · {table.period.name}"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = _headers(report.quarters)
    sheet.append(headers)
    _style_header(sheet, 2)
    quarters = [{row.indicator.code: row for row in t.rows} for t in report.quarters]
    first_quarter = 10  # column of the first quarterly target
    for row in table.rows:
        sheet.append(_line(row, [q.get(row.indicator.code) for q in quarters]))
        _number_formats(sheet, row, first_quarter, len(quarters))
    widths = [10, 30, 18, 36, 10, 48, 36, 10, 12] + [11] * (2 * len(quarters))
    widths += [11, 11, 7, 10, 9, 10, 10, 14, 10, 10, 14, 12, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "E3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{sheet.max_row}"
    _print_setup(sheet, rows="1:2")


def _line(row: IndicatorRow, quarters: list[IndicatorRow | None]) -> list[object]:
    indicator, stored = row.indicator, row.stored
    per_quarter: list[object] = []
    for quarter in quarters:
        per_quarter += [_float(quarter.target), _actual(quarter)] if quarter else [None, None]
    actual = _actual(row)
    n = None if row.hidden else row.n
    share = fraction(actual, n) if _share(indicator) else None
    approved = stored is not None and stored.status == "approved"
    approval = stored.get_status_display() if stored else _("computed, not reported")
    if approved and row.stale:
        approval += " · " + _("data changed since approval")
    return [
        indicator.result.get_level_display(),
        (indicator.result.statement),
        indicator.code,
        (indicator.name),
        indicator.get_unit_display(),
        (indicator.definition),
        (indicator.formula),
        _float(indicator.baseline_value),
        indicator.baseline_date,
        *per_quarter,
        _float(row.target),
        actual,
        n,
        share[0] if share else None,
        indicator.min_n,
        _("yes") if actual is not None and indicator.is_rate and small(n, indicator.min_n) else "",
        row.percent_of_target,
        statuses.status_label(row.status) if not row.hidden else _("not enough data"),
        float(indicator.on_track_from),
        float(indicator.at_risk_from),
        approval,
        stored.approved_at.date() if approved and stored and stored.approved_at else None,
        (indicator.verification),
    ]


def _actual(row: IndicatorRow) -> float | None:
    return None if row.hidden or row.actual is None else round(row.actual, 4)


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _number_formats(sheet: Worksheet, row: IndicatorRow, first: int, quarters: int) -> None:
    line = sheet.max_row
    value_format = FORMATS.get(row.indicator.unit, "#,##0.##")
    value_columns = [8, *range(first, first + 2 * quarters), first + 2 * quarters]
    value_columns.append(first + 2 * quarters + 1)
    for column in value_columns:
        sheet.cell(line, column).number_format = value_format
    cumulative = first + 2 * quarters
    for offset in (2, 3, 4):  # n, numerator, minimum n
        sheet.cell(line, cumulative + offset).number_format = WHOLE
    sheet.cell(line, cumulative + 6).number_format = SHARE
    sheet.cell(line, 9).number_format = "DD/MM/YYYY"
    sheet.cell(line, cumulative + 12).number_format = "DD/MM/YYYY"


def _disaggregations(sheet: Worksheet, table: IndicatorTable, insider: bool) -> None:
    headers = [
        _("Code"),
        _("Indicator"),
        _("Dimension"),
        _("Category"),
        _("Value"),
        "n",
        _("Numerator"),
        _("Below minimum n"),
    ]
    sheet.append([f"{_('Disaggregations')} · {_scope(table)} · {table.period.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(headers)
    _style_header(sheet, 2)
    names = dimension_names()
    line = 2  # counted: ``sheet.max_row`` reads every cell of the sheet
    for row in table.rows:
        for cell in _breakdown(row):
            line += 1
            indicator = row.indicator
            few = int(cell["n"] or 0) < MIN_PMES  # type: ignore[call-overload]
            hidden = indicator.counts_pmes and (row.hidden or (few and not insider))
            value = None if hidden or cell["value"] is None else float(cell["value"])  # type: ignore[arg-type]
            n = None if hidden else cell["n"]
            share = fraction(value, n) if _share(indicator) else None  # type: ignore[arg-type]
            flagged = value is not None and indicator.is_rate and small(n, indicator.min_n)  # type: ignore[arg-type]
            dimension = str(cell["dimension"])
            sheet.append(
                [
                    indicator.code,
                    (indicator.name),
                    names.get(dimension, dimension),
                    (str(cell["category"]) or "—"),
                    value,
                    n,
                    share[0] if share else None,
                    _("yes") if flagged else "",
                ]
            )
            sheet.cell(line, 5).number_format = FORMATS.get(indicator.unit, "#,##0.##")
    for index, width in enumerate([18, 40, 16, 30, 12, 8, 10, 10], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    _print_setup(sheet, rows="1:2")


def _breakdown(row: IndicatorRow) -> list[dict[str, object]]:
    if row.stored is not None and row.stored.status in ("submitted", "approved"):
        return list(row.stored.breakdown)
    return [cell.as_json() for cell in row.live.breakdown] if row.live else []


def _style_header(sheet: Worksheet, line: int) -> None:
    for cell in sheet[line]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _print_setup(sheet: Worksheet, *, rows: str | None) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if rows:
        sheet.print_title_rows = rows


def _keep_text(book: Workbook) -> None:
    """Text typed in the app stays text: openpyxl takes any text starting "=" for a formula."""
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _share(indicator: Indicator) -> bool:
    """A percentage of whole units, given with its numerator; a mean % has none."""
    return indicator.unit == "percent" and is_share(indicator.code)
