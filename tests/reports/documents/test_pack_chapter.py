"""The detailed report gives a sector pack its own chapter, apart from the core axes."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from assessments import services
from diagnostics.packs import parse_pack
from diagnostics.services import pack_import
from reports.documents.pdf.content import roadmap_content
from tests.assessments.test_packs import CORE, SMALL_PACK, answer, start

pytestmark = pytest.mark.django_db


def test_the_report_shows_the_pack_score_and_observations_apart(
    company, consultant, small_version
) -> None:
    company.sector = "agrifood"
    company.save(update_fields=["sector"])
    pack_import(spec=parse_pack(SMALL_PACK))
    diagnostic = start(company, consultant, small_version)
    answer(diagnostic, consultant, {**CORE, "P1": 2, "P2": 4})
    services.assessment_submit(assessment=diagnostic, by=consultant)

    with translation.override("en"):
        report = roadmap_content(diagnostic)
        html = render_to_string(
            "reports/documents/pdf/roadmap.html", {"report": report, "charts": {}}
        )
    assert [row.axis.code for row in report.result.rows] == ["A", "B"]
    [pack] = report.packs
    assert pack.result.overall == pytest.approx((2 * 18 + 4 * 4) / 22)
    assert [obs.code for obs in pack.sections[0].observations] == ["P1", "P2"]
    assert "Sector pack: Test agri-food pack" in html
    assert "P1 l2" in html  # the level descriptor observed
    assert html.count('id="axes"') == 1  # one "Analysis by axis" chapter, the core's
