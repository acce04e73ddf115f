"""The roadmap as files a consultant and a PME edit: an Excel action plan, a Word document.

Same content (``pdf.content.roadmap_content``) and same rounding (``assessments.scoring.shown``)
as the PDF, built inside the report's language.
"""

import datetime

from django.utils import translation

from assessments.models import Assessment
from reports.documents.exports.word import roadmap_document
from reports.documents.exports.workbook import action_plan_workbook
from reports.documents.pdf.content import Edition, roadmap_content

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def roadmap_export(
    assessment: Assessment,
    *,
    language: str,
    fmt: str,
    edition: str = Edition.MANAGER,
    today: datetime.date | None = None,
) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with translation.override(language):
        content = roadmap_content(assessment, today=today, edition=edition)
        if fmt == "xlsx":
            return action_plan_workbook(content)
        return roadmap_document(content)
