"""Charts speak the page's language: months and decimals as French (or English) writes them."""

from dataclasses import dataclass

import pytest
from django.utils import translation

from assessments.charts import month, number, separators
from reports.monitoring.charts import days_figure, uplift_figure


@dataclass
class Bar:
    label: str
    value: float | None
    n: int


@dataclass
class Timeline:
    months: list[str]
    planned: list[float]
    delivered: list[float]


@pytest.mark.parametrize(
    ("language", "signed", "june", "decimal"),
    [("fr", "+19,4", "juin 2026", ","), ("en", "+19.4", "June 2026", ".")],
)
def test_figures_are_written_in_the_pages_language(language, signed, june, decimal) -> None:
    with translation.override(language):
        assert number(19.42, sign=True) == signed
        assert number(-3.0, sign=True).startswith("−3")
        assert month("2026-06") == june
        assert separators()[0] == decimal
        uplift = uplift_figure([Bar("Stratégie", 19.42, 5)])
        assert uplift.data[0].text[0] == f"{signed} (n=5)"
        assert uplift.layout.separators == separators()
        days = days_figure(Timeline(["2026-06", "2026-07"], [2, 4.5], [1, 3]))
        assert days.data[0].x[0] == june
        assert days.data[0].text[1] == f"4{decimal}5"
        assert days.layout.xaxis.type == "category"


@pytest.mark.parametrize(
    ("language", "first_face"), [("ar", "Noto Sans Arabic"), ("fr", "DejaVu Sans")]
)
def test_chart_labels_are_set_in_the_face_of_the_text_around_them(language, first_face) -> None:
    """An Arabic report's charts use its Arabic face, not DejaVu's, like its body text."""
    with translation.override(language):
        uplift = uplift_figure([Bar("Stratégie", 19.42, 5)])
        days = days_figure(Timeline(["2026-06"], [2], [1]))
    for figure in (uplift, days):
        assert figure.layout.font.family.split(",")[0].strip() == first_face
