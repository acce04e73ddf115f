"""The PDF's charts from a report's data: in the page's language, laid out by WeasyPrint."""

import io
import re
from types import SimpleNamespace
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from reports.documents.pdf.figures import (
    days_figure,
    mean_uplift_figure,
    roadmap_radar,
    uplift_figure,
)
from reports.documents.pdf.render import layout
from reports.monitoring.indicators.dashboard import Bar, Timeline

NAMES = {
    "fr": ["Stratégie et gouvernance numérique", "Cybersécurité", "Maintenance 4.0"],
    "ar": ["الاستراتيجية والحكامة الرقمية", "الأمن السيبراني", "الصيانة 4.0"],
}


def result(language: str) -> Any:
    rows = [
        SimpleNamespace(axis=SimpleNamespace(id=n, name=name), score=1.5 + n, target=4.0)
        for n, name in enumerate(NAMES[language])
    ]
    return SimpleNamespace(rows=rows)


def pdf_text(html: str, *, rtl: bool) -> str:
    data, _pages = layout(html, rtl=rtl)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(re.split(r"[\s\u00a0\u202f]+", text))


def page(drawing: Any, language: str) -> str:
    chart = render_to_string(
        "reports/documents/pdf/_chart.html", {"drawing": drawing, "alt": "chart"}
    )
    direction = "rtl" if language == "ar" else "ltr"
    return f'<html lang="{language}" dir="{direction}"><body><figure>{chart}</figure></body></html>'


def test_the_radar_names_its_lines_in_the_page_language_with_the_sector_median() -> None:
    with translation.override("fr"):
        drawing = roadmap_radar(result("fr"), {0: 2.0, 1: 3.0, 2: 2.5})

    assert [key.text for key in drawing.legend] == ["Cible", "Niveau actuel", "Médiane du secteur"]
    assert [label.text for label in drawing.labels if label.kind == "axis"] == NAMES["fr"]


def test_without_peers_the_radar_has_two_lines() -> None:
    with translation.override("en"):
        drawing = roadmap_radar(result("fr"), None)

    assert [key.text for key in drawing.legend] == ["Target", "Current level"]


def test_the_arabic_radar_words_are_shaped_and_read_in_the_pdf() -> None:
    with translation.override("ar"):
        drawing = roadmap_radar(result("ar"), None)
        html = page(drawing, "ar")

    text = pdf_text(html, rtl=True)

    for name in NAMES["ar"][:2]:  # pypdf reads "الصيانة 4.0" in visual order: left out
        assert name in text
    assert "الهدف" in text  # the legend: "Target"
    assert "<text" not in drawing.svg  # no word left to WeasyPrint's SVG text


def test_the_french_radar_words_are_text_in_the_pdf() -> None:
    with translation.override("fr"):
        html = page(roadmap_radar(result("fr"), {0: 2.0, 1: 3.0, 2: 2.5}), "fr")

    text = pdf_text(html, rtl=False)

    assert "Cybersécurité" in text
    assert "Médiane du secteur" in text
    assert "0 1 2 3 4 5" in text


def test_the_uplift_bars_name_t0_and_t1_in_the_page_language() -> None:
    rows = [
        SimpleNamespace(axis=SimpleNamespace(name=name), before=1.0, after=2.5)
        for name in NAMES["fr"]
    ]
    with translation.override("fr"):
        drawing = uplift_figure(rows)  # type: ignore[arg-type]

    assert [key.text for key in drawing.legend] == [
        "Diagnostic initial (T0)",
        "Diagnostic de suivi (T1)",
    ]
    assert [label.text for label in drawing.labels if label.kind == "name"] == NAMES["fr"]


def test_the_brief_charts_write_numbers_as_the_language_does() -> None:
    bars = [Bar("Qualité", 12.5, 3), Bar("Énergie", -2.4, 2), Bar("Données", None, 1)]
    timeline = Timeline(months=["2026-06", "2026-07"], planned=[4, 10], delivered=[2, 6])
    with translation.override("fr"):
        uplift = mean_uplift_figure(bars)
        days = days_figure(timeline, 16)

    values = [label.text for label in uplift.labels if label.kind == "value"]
    assert values == ["+12,5 (n=3)", "−2,4 (n=2)", "données insuffisantes"]
    texts = {label.text for label in days.labels}
    assert {"juin 2026", "juillet 2026", "Cible", "Jours (cumul)", "10", "6"} <= texts
