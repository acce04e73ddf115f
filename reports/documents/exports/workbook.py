"""The roadmap as an Excel action plan: one row per action, ready to track (openpyxl)."""

import io
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessments.accompaniment.models import RoadmapItem
from assessments.scoring import shown
from reports.documents.pdf.content import RoadmapContent

HEADER_FILL = PatternFill("solid", fgColor="0B3D66")
DATE_FORMATS = {"fr": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
AMOUNT_FORMAT = "#,##0"
SCORE_FORMAT = "0.0"
KPI_FORMAT = "#,##0.##"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _plan_columns() -> list[tuple[str, int, str | None]]:
    date = DATE_FORMATS.get((get_language() or "fr").split("-")[0], "yyyy-mm-dd")
    return [
        ("#", 5, None),
        (_("Action"), 46, None),
        (_("Axis"), 26, None),
        (_("Horizon"), 20, None),
        (_("Gap closed"), 10, SCORE_FORMAT),
        (_("Effort (half-days)"), 10, "0"),
        (_("Impact"), 8, "0"),
        (_("Why it is proposed"), 44, None),
        (_("Owner"), 22, None),
        (_("Owner's role"), 20, None),
        (_("Start date"), 12, date),
        (_("Due date"), 12, date),
        (_("Budget (MAD)"), 14, AMOUNT_FORMAT),
        (_("Status"), 14, None),
        (_("Status changed on"), 12, date),
        (_("Status note"), 34, None),
        (_("KPI it moves"), 28, None),
        (_("KPI today"), 11, KPI_FORMAT),
        (_("KPI target"), 11, KPI_FORMAT),
        (_("Reference"), 38, None),
    ]


def _plan_row(number: int, item: RoadmapItem) -> list[object]:
    return [
        number,
        item.display_title,
        item.axis.name,
        item.get_horizon_display(),
        _number(item.gap),
        item.effort_half_days,
        item.impact,
        " ".join(item.reason_lines),
        item.owner_name,
        item.owner_role,
        item.start_on,
        item.due_on,
        _number(item.budget_mad),
        item.get_status_display(),
        item.status_changed_on,
        item.status_note,
        item.kpi,
        _number(item.kpi_today),
        _number(item.kpi_target),
        str(item.code),
    ]


def _sheet(sheet: Worksheet, columns: list[tuple[str, int, str | None]], rows: list[list]) -> None:
    sheet.append([capfirst(title) for title, _width, _format in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for index, (_title, width, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if number_format:
                cell.number_format = number_format
            if cell.data_type == "f":  # openpyxl takes text starting "=" for a formula
                cell.data_type = "s"  # text typed in the app stays text in the workbook
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions


def action_plan_workbook(content: RoadmapContent) -> bytes:
    book = Workbook()
    plan = book.active
    assert plan is not None
    plan.title = _("Action plan")[:31]
    columns = _plan_columns()
    _sheet(plan, columns, [_plan_row(n, item) for n, item in enumerate(content.items, start=1)])
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(str(label) for _v, label in RoadmapItem.Status.choices) + '"',
        allow_blank=True,
    )
    status_column = get_column_letter(
        next(i for i, c in enumerate(columns, 1) if c[0] == _("Status"))
    )
    plan.add_data_validation(statuses)
    statuses.add(f"{status_column}2:{status_column}{max(2, len(content.items) + 200)}")
    scores = book.create_sheet(_("Scores")[:31])
    _sheet(
        scores,
        [
            (_("Axis"), 40, None),
            (_("Score /5"), 10, SCORE_FORMAT),
            ("/100", 8, "0"),
            (_("Target"), 10, SCORE_FORMAT),
            (_("Gap"), 10, SCORE_FORMAT),
        ],
        [
            [
                row.axis.name,
                _number(shown(row.score)),
                row.percent,
                _number(shown(row.target)),
                _number(row.shown_gap),
            ]
            for row in content.result.rows
        ]
        + [
            [
                _("Overall"),
                _number(shown(content.result.overall)),
                content.result.overall_percent,
                None,
                None,
            ]
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
