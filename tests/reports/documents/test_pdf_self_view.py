"""The detailed report sets the managers' self-assessment beside the consultant's scores."""

import os

import pytest

from assessments.roles import Role
from assessments.selfassessment import services
from assessments.selfassessment.selectors import form_questions, self_view
from reports.documents.pdf.render import render_roadmap
from tests.factories import UserFactory
from tests.reports.documents.test_pdf import finished_diagnostic, pdf_text

pytestmark = pytest.mark.django_db


def test_the_detailed_report_shows_both_views_per_axis(company, default_version, groups) -> None:
    diagnostic = finished_diagnostic(company, default_version)
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    mine = services.self_assessment_start(company=company, by=manager)
    for question in form_questions(mine):
        services.self_answer_record(self_assessment=mine, question=question, by=manager, level=5)
    services.self_assessment_submit(self_assessment=mine, by=manager)

    rendered = render_roadmap(diagnostic, language="en", version=1, edition="detailed")
    if os.environ.get("KEEP_PDF"):
        with open(os.environ["KEEP_PDF"], "wb") as kept:
            kept.write(rendered.data)
    _pages, text = pdf_text(rendered.data)
    assert "The managers' view and the consultant's" in text
    view = self_view(diagnostic)
    assert view is not None
    for row in view.axes:  # the managers answered 5 everywhere: every axis reads 5.0
        assert f"{row.axis.name_en} {row.consultant_shown} 5.0" in text
    for row in view.divergences:
        assert row.question.code in text
