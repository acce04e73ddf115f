"""The pieces of the PDF pipeline: typography, the URL fetcher, the chart server."""

import io

import pytest
from pypdf import PdfReader

from reports.documents.pdf.fetcher import ReportFetcher
from reports.documents.pdf.render import RenderError, layout
from reports.documents.pdf.typography import NBSP, NNBSP, french_html, french_text
from reports.templatetags.report_pdf import (
    and_join,
    direction,
    marker,
    pct5,
    scale_end,
    score,
    signed,
)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_french_punctuation_gets_no_break_spaces() -> None:
    assert french_text("Objectifs : former ; mesurer ? oui ! « Numérisé »") == (
        f"Objectifs{NBSP}: former{NNBSP}; mesurer{NNBSP}? oui{NNBSP}! «{NNBSP}Numérisé{NNBSP}»"
    )


def test_french_typography_adds_spaces_inside_guillemets_and_before_percent() -> None:
    assert french_text("«Structuré» à 45%") == f"«{NNBSP}Structuré{NNBSP}» à 45{NNBSP}%"


def test_french_typography_uses_the_typographic_apostrophe() -> None:
    assert french_text("l&#x27;atelier d'usinage") == "l\u2019atelier d\u2019usinage"


def test_french_typography_leaves_tags_styles_and_times_alone() -> None:
    html = (
        "<style>@page :first { margin: 0 }</style>"
        '<a href="https://x.invalid/?a=1" title="Note : x">Note : 10:30</a>'
    )

    assert french_html(html) == (
        "<style>@page :first { margin: 0 }</style>"
        f'<a href="https://x.invalid/?a=1" title="Note : x">Note{NBSP}: 10:30</a>'
    )


def test_scores_are_written_in_the_active_language(settings) -> None:
    from django.utils import translation

    with translation.override("fr"):
        assert [score(2.25), score(None)] == ["2,3", "—"]
        assert [signed(0.64), signed(-0.3), signed(0.01)] == ["+0,6", "−0,3", "0,0"]
    with translation.override("ar"):  # the sign before the digits, right to left too
        assert [signed(0.64), signed(-0.3), signed(0.01)] == [
            "\u2066+0,6\u2069",
            "\u2066−0,3\u2069",
            "0,0",
        ]
    with translation.override("en"):
        assert score(3.0) == "3.0"
        assert and_join(["A", "B", "C"]) == "A, B and C"
    with translation.override("fr"):
        assert and_join(["A", "B"]) == "A et B"


def test_css_widths_always_use_a_dot() -> None:
    assert (pct5(2.5), pct5(None), pct5(7)) == ("50.0", "0", "100.0")


def test_in_arabic_scales_grow_from_the_right() -> None:
    from django.utils import translation

    with translation.override("ar"):
        assert scale_end() == "left"
        assert marker(2.5, "#e69138").startswith("linear-gradient(to left, transparent 49.5%")
    with translation.override("fr"):
        assert scale_end() == "right"
        assert marker(2.5, "#e69138").startswith("linear-gradient(to right,")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Observé en atelier : fiches papier.", "ltr"),
        ("لوحظ في الورشة: بطاقات ورقية.", "rtl"),
        ("« 5 » لوحظ في الورشة", "rtl"),  # the first letter decides, not the digits
        ("3 / 5", "rtl"),  # no letter: the page's direction
    ],
)
def test_free_text_takes_the_direction_of_its_first_letter(text: str, expected: str) -> None:
    from django.utils import translation

    with translation.override("ar"):
        assert direction(text) == expected


def test_a_right_to_left_report_numbers_its_pages_without_the_french_word() -> None:
    html = '<html lang="ar" dir="rtl"><body><p class="doctitle">عنوان</p><p>نص</p></body></html>'

    ltr_text = pdf_text(layout(html)[0])
    rtl_text = pdf_text(layout(html, rtl=True)[0])

    assert "Page 1 / 1" in ltr_text
    assert "Page" not in rtl_text
    assert "1 / 1" in rtl_text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.com/static/css/report.css",
        "http://report.invalid/static/css/report.css",
        "https://report.invalid/static/../../settings.py",
        "https://report.invalid/media-not-served/evidence/x.pdf",
    ],
)
def test_a_report_may_not_load_anything_but_static_files(url: str) -> None:
    with pytest.raises(ValueError, match="may not load"):
        ReportFetcher().fetch(url)


def test_the_fetcher_serves_static_files() -> None:
    css = ReportFetcher().fetch("https://report.invalid/static/css/report.css")

    assert b"@page" in css.read()
    with pytest.raises(FileNotFoundError):
        ReportFetcher().fetch("https://report.invalid/static/css/missing.css")


def test_a_blocked_image_stops_the_rendering() -> None:
    html = '<html><body><img src="https://example.com/tracker.png"></body></html>'

    with pytest.raises(RenderError, match="may not load"):
        layout(html)
