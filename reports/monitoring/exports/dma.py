"""The funder workbook's EU DMA sheet: each validated diagnostic on the DMA's six
dimensions (0–100), then the mean of the baselines and of the follow-ups (docs/dma.md)."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from assessments.models import Assessment
from diagnostics.crosswalk import DIMENSION_LABELS
from diagnostics.dma import DIMENSIONS
from reports.monitoring.selectors.dma import DmaLine

HEADER_FILL = PatternFill("solid", fgColor="0B3D66")


def dma_sheet(sheet: Worksheet, lines: list[DmaLine]) -> None:
    sheet.append([_("EU Digital Maturity Assessment (DMA): scores out of 100")])
    sheet["A1"].font = Font(bold=True, size=13)
    labels = [str(DIMENSION_LABELS[d]) for d in DIMENSIONS]
    sheet.append(
        [_("PME"), _("Cluster"), _("Diagnostic"), _("Visit date"), *labels, _("DMA overall")]
        + [_("Dimensions covered")]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
    # Rows counted: ``sheet.max_row`` reads every cell of the sheet. Words looked up once:
    # a programme's sheet has thousands of rows.
    kinds = {kind.value: str(kind.label) for kind in Assessment.Kind}
    not_covered = _("not covered")
    for row_number, line in enumerate(lines, start=3):
        a, reading = line.assessment, line.reading
        sheet.append(
            [a.company.name, a.company.cluster.name, kinds[a.kind], a.visit_date]
            + [not_covered if row.score is None else row.score for row in reading.rows]
            + [not_covered if reading.overall is None else reading.overall, reading.covered]
        )
        sheet.cell(row_number, 4).number_format = "dd/mm/yyyy"
    sheet.append([])
    for kind in Assessment.Kind:
        chosen = [line.reading for line in lines if line.assessment.kind == kind]
        means = [_mean([r.rows[i].score for r in chosen]) for i in range(len(DIMENSIONS))]
        overall = _mean([r.overall for r in chosen])
        label = _("Mean, %(kind)s (n = %(n)s)") % {"kind": kind.label, "n": len(chosen)}
        sheet.append([label, "", "", "", *means, overall])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for column in range(5, 6 + len(DIMENSIONS)):
            sheet.cell(sheet.max_row, column).number_format = "0.0"
    sheet.append([])
    sheet.append([_("Not covered: no question feeding the dimension was answered (not 0).")])
    for letter, width in zip("ABCDEFGHIJKL", [28, 18, 16, 12, *[14] * 7, 12], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "E3"


def _mean(values: list[int | None]) -> float | None:
    """Over the diagnostics that cover the dimension."""
    covered = [v for v in values if v is not None]
    return sum(covered) / len(covered) if covered else None
