"""A consultant's internal note is the consulting team's: never shown to the PME, never printed."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Assessment
from assessments.roles import Role
from assessments.selectors import applicable_questions, assessment_history
from reports.documents.pdf.render import render_roadmap
from tests.api.conftest import client_for
from tests.factories import VISIT, UserFactory
from tests.reports.documents.test_pdf import pdf_text

pytestmark = pytest.mark.django_db

NOTE = "Le patron hésite, voir son associé"


@pytest.fixture
def manager(company, groups):
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    return manager


@pytest.fixture
def submitted(company, consultant, small_version) -> Assessment:
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    for question in applicable_questions(assessment):
        services.answer_record(
            assessment=assessment,
            question=question,
            by=consultant,
            level=2,
            comment="Bon niveau de rangement",
            note=NOTE if question.code == "A1" else None,
        )
    return services.assessment_submit(assessment=assessment, by=consultant)


def test_a_note_is_kept_apart_from_the_comment_and_kept_when_not_sent(
    submitted, consultant
) -> None:
    answer = Answer.objects.get(assessment=submitted, question__code="A1")
    assert (answer.comment, answer.note) == ("Bon niveau de rangement", NOTE)
    services.assessment_reopen(assessment=submitted, by=consultant, reason="Vérifier A1")
    services.answer_record(
        assessment=submitted, question=answer.question, by=consultant, level=3, comment="x"
    )
    answer.refresh_from_db()
    assert (answer.level, answer.note) == (3, NOTE)


def test_the_autosave_records_the_note(client, consultant, company, small_version) -> None:
    draft = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    client.force_login(consultant)
    url = reverse("assessments:answer_save", args=[draft.code, "A1"])
    saved = client.post(url, {"A1-choice": "2", "A1-note": NOTE, "A1-revision": "0"})
    assert saved.status_code == 200
    page = client.get(reverse("assessments:axis_page", args=[draft.code, "A"]))
    assert NOTE in page.content.decode()
    client.post(url, {"A1-choice": "3", "A1-revision": "1"})  # an old page without the note
    assert Answer.objects.get(assessment=draft, question__code="A1").note == NOTE


def test_the_pme_manager_never_reads_the_note(submitted, manager, consultant) -> None:
    client = Client()
    client.force_login(manager)
    for name in ("assessment_detail", "results", "roadmap"):
        page = client.get(reverse(f"assessments:{name}", args=[submitted.code]))
        assert page.status_code == 200
        assert NOTE not in page.content.decode(), name
    answers = client_for(manager).get(f"/api/v1/diagnostics/{submitted.code}/").json()["answers"]
    assert {a["note"] for a in answers} == {None}
    mine = client_for(consultant).get(f"/api/v1/diagnostics/{submitted.code}/").json()["answers"]
    assert NOTE in {a["note"] for a in mine}


def test_the_notes_changes_are_in_the_teams_history_only(
    submitted, manager, consultant, company, groups
) -> None:
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    company.cluster.staff.add(staff)
    services.assessment_reopen(assessment=submitted, by=staff, reason="Compléter")
    a1 = Answer.objects.get(assessment=submitted, question__code="A1")
    services.answer_record(
        assessment=submitted, question=a1.question, by=consultant, level=2, note="Relancer"
    )
    services.assessment_submit(assessment=submitted, by=consultant)
    team = [c.after for c in assessment_history(submitted, consultant)]
    pme = [c.after for c in assessment_history(submitted, manager)]
    assert "Relancer" in team
    assert "Relancer" not in pme


def test_the_pdf_report_never_prints_the_note(submitted) -> None:
    _pages, text = pdf_text(render_roadmap(submitted, language="fr").data)
    assert "Bon niveau de rangement" in text
    assert "hésite" not in text
