"""The EU DMA table in the roadmap PDF (templates/reports/documents/pdf/_dma.html), read back."""

import os

import pytest

from assessments.selectors import assessment_dma
from reports.documents.pdf.render import render_roadmap
from tests.reports.documents.test_pdf import finished_diagnostic, pdf_text

pytestmark = pytest.mark.django_db


def test_the_detailed_report_gives_each_dma_dimension_and_the_overall(
    company, default_version
) -> None:
    diagnostic = finished_diagnostic(company, default_version, plan=False)
    rendered = render_roadmap(diagnostic, language="en", edition="detailed")
    if path := os.environ.get("DMA_PDF_OUT"):  # to look at it: pdftoppm -png
        with open(f"{path}-detailed.pdf", "wb") as out:
            out.write(rendered.data)
    _pages, text = pdf_text(rendered.data)
    reading = assessment_dma(diagnostic)
    assert "EU Digital Maturity Assessment (DMA)" in text
    for row in reading.rows:
        assert f"{row.label} {row.score} {row.answered} of {row.mapped}" in text
    assert f"DMA overall {reading.overall}" in text
    assert reading.complete


def test_the_manager_edition_leaves_the_dma_to_the_detailed_one(company, default_version) -> None:
    diagnostic = finished_diagnostic(company, default_version, plan=False)
    rendered = render_roadmap(diagnostic, language="en", edition="manager")
    assert "Digital Maturity Assessment" not in pdf_text(rendered.data)[1]


def test_the_arabic_report_names_the_dimensions_in_arabic(company, default_version) -> None:
    diagnostic = finished_diagnostic(company, default_version, plan=False)
    rendered = render_roadmap(diagnostic, language="ar", edition="detailed")
    if path := os.environ.get("DMA_PDF_OUT"):
        with open(f"{path}-ar.pdf", "wb") as out:
            out.write(rendered.data)
    assert "الأتمتة والذكاء الاصطناعي" in rendered.html
