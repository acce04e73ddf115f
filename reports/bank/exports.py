"""The project bank as an Excel workbook and as a CSV that French Excel opens as columns.

Both carry the labels (never the codes) and, first, a line saying what was filtered and when.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from assessments.accompaniment.models import RoadmapItem
from diagnostics.codes import FundingKind, Metric
from reports.monitoring.exports import XLSX, spreadsheet_safe
from reports.monitoring.exports.tidy import BOM, SEPARATOR, csv_cell

__all__ = ["XLSX", "bank_csv", "bank_workbook"]
HEADER_FILL = PatternFill("solid", fgColor="0B3D66")
WHOLE = "#,##0"
MONEY_COLUMNS = (9, 10)  # cost, low and high (1-based)


def headers() -> list[str]:
    return [
        _("PME"),
        _("Cluster"),
        _("Sector"),
        _("Region"),
        _("Diagnostic"),
        _("Theme (axis)"),
        _("Action"),
        _("Horizon"),
        _("Cost, low (MAD)"),
        _("Cost, high (MAD)"),
        _("Cost from"),
        _("Payback (months)"),
        _("Expected benefits"),
        _("Funding routes"),
        _("Status"),
        _("Owner at the PME"),
        _("Due on"),
    ]


def project_row(item: RoadmapItem) -> list[object]:
    company = item.roadmap.assessment.company
    action = item.action
    return [
        company.name,
        company.cluster.name,
        company.get_sector_display(),
        company.get_region_display(),
        item.roadmap.assessment.get_kind_display(),
        str(item.axis.tr("name")) if item.axis_id else "",
        item.display_title,
        item.get_horizon_display(),
        _money(item.cost_low),  # type: ignore[attr-defined]
        _money(item.cost_high),  # type: ignore[attr-defined]
        cost_source(item),
        _range(action.payback_months_min, action.payback_months_max) if action else "",
        benefits_text(item),
        funding_text(item),
        item.get_status_display(),
        item.owner_name,
        formats.date_format(item.due_on, "SHORT_DATE_FORMAT") if item.due_on else "",
    ]


def cost_source(item: RoadmapItem) -> str:
    if item.budget_mad is not None:
        return _("roadmap budget")
    if item.action is not None and item.action.capex_max_mad is not None:
        return _("action library")
    return ""


def benefits_text(item: RoadmapItem) -> str:
    metrics = dict(Metric.choices)
    parts = []
    for benefit in (item.action.benefits if item.action else None) or []:
        name = str(metrics.get(benefit.get("metric", ""), benefit.get("metric", "")))
        span = _range(benefit.get("low"), benefit.get("high"))
        parts.append(f"{name} {span} {benefit.get('unit', '')}".strip())
    return "; ".join(parts)


def funding_text(item: RoadmapItem) -> str:
    kinds = dict(FundingKind.choices)
    routes = (item.action.funding if item.action else None) or []
    return "; ".join(str(kinds.get(f.get("kind", ""), f.get("kind", ""))) for f in routes)


def _range(low: Decimal | float | None, high: Decimal | float | None) -> str:
    shown = [formats.number_format(v) for v in (low, high) if v is not None]
    return "–".join(dict.fromkeys(shown))


def _money(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def cover_line(filters: list[tuple[str, str]]) -> str:
    produced = formats.date_format(timezone.localtime(), "DATETIME_FORMAT")
    chosen = "; ".join(f"{label}: {value}" for label, value in filters) or _("none")
    return _("Project bank, produced on %(date)s. Filters: %(filters)s.") % {
        "date": produced,
        "filters": chosen,
    }


def bank_workbook(items: Iterable[RoadmapItem], filters: list[tuple[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Project bank")[:31]
    sheet.append([cover_line(filters)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in items:
        sheet.append([spreadsheet_safe(value) for value in project_row(item)])
    for column in MONEY_COLUMNS:
        for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
            cell.number_format = WHOLE
    sheet.freeze_panes = "B3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for letter, width in zip("ABCDEFGHIJKLMNOPQ", (28, 18, 16, 18, 10, 22, 40), strict=False):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_rows(items: Iterable[RoadmapItem], filters: list[tuple[str, str]]) -> Iterator[list]:
    yield [cover_line(filters)]
    yield headers()
    for item in items:
        yield project_row(item)


def bank_csv(items: Iterable[RoadmapItem], filters: list[tuple[str, str]]) -> str:
    comma = (get_language() or "fr").startswith("fr")
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    for row in _csv_rows(items, filters):
        writer.writerow(["" if v is None else csv_cell(v, comma=comma) for v in row])
    return buffer.getvalue()
