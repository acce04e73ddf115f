"""The self-assessment pages: the manager answers, the PME's consultant reads, nobody else."""

import pytest
from django.urls import reverse

from assessments.selfassessment.models import DivergenceNote, SelfAssessment

pytestmark = pytest.mark.django_db


def page(company) -> str:  # type: ignore[no-untyped-def]
    return reverse("assessments:self_assessment", args=[company.code])


def test_the_manager_starts_answers_and_submits(client, company, manager, small_version) -> None:
    client.force_login(manager)
    assert client.post(page(company), {"start": "1"}).status_code == 302
    mine = SelfAssessment.objects.get(company=company)
    url = reverse("assessments:self_answer_save", args=[company.code, "A1"])
    assert client.post(url, {"A1": "4"}).json() == {"saved": True}
    assert client.post(url, {"A1": "9"}).status_code == 400
    response = client.post(page(company), {"A2": "na", "B1": "1", "submit": "1"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == SelfAssessment.Status.SUBMITTED
    levels = {a.question.code: (a.level, a.not_applicable) for a in mine.answers.all()}
    assert levels == {"A1": (4, False), "A2": (None, True), "B1": (1, False)}


def test_an_incomplete_submission_keeps_what_was_answered(
    client, company, manager, small_version
) -> None:
    client.force_login(manager)
    client.post(page(company), {"start": "1"})
    response = client.post(page(company), {"A1": "3", "submit": "1"}, follow=True)
    assert "A2, B1" in response.content.decode()
    mine = SelfAssessment.objects.get(company=company)
    assert mine.is_editable
    assert mine.answers.get().level == 3


def test_another_pmes_manager_gets_404_reading_and_writing(
    client, company, manager, other_manager, small_version
) -> None:
    client.force_login(manager)
    client.post(page(company), {"start": "1"})
    client.force_login(other_manager)
    assert client.get(page(company)).status_code == 404
    assert client.post(page(company), {"A1": "5", "save": "1"}).status_code == 404
    url = reverse("assessments:self_answer_save", args=[company.code, "A1"])
    assert client.post(url, {"A1": "5"}).status_code == 404
    assert not SelfAssessment.objects.get(company=company).answers.exists()


def test_the_consultant_reads_the_submitted_one_and_cannot_write_it(
    client, company, consultant, submitted_self
) -> None:
    client.force_login(consultant)
    response = client.get(page(company))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert 'name="A1"' in response.content.decode()
    assert client.post(page(company), {"start": "1"}).status_code == 403
    assert SelfAssessment.objects.count() == 1


def test_the_consultant_notes_the_divergences_on_their_page(
    client, consultant, submitted_self, diagnostic
) -> None:
    client.force_login(consultant)
    url = reverse("assessments:divergences", args=[diagnostic.code])
    html = client.get(url).content.decode()
    assert 'id="A1-note"' in html
    assert 'id="B1-note"' in html
    assert 'id="A2-note"' not in html
    assert "Consultant : <strong>1</strong> · Dirigeant : <strong>4</strong>" in html
    response = client.post(url, {"A1-note": "Vu avec le gérant", "B1-note": ""})
    assert response.status_code == 302
    assert list(DivergenceNote.objects.values_list("question__code", "note")) == [
        ("A1", "Vu avec le gérant")
    ]
    refused = client.post(reverse("assessments:assessment_submit", args=[diagnostic.code]))
    assert refused.status_code == 400
    assert "B1" in refused.context["submit_error"]
    assert reverse("assessments:divergences", args=[diagnostic.code]) in refused.content.decode()


def test_the_manager_reads_the_divergences_but_cannot_write_them(
    client, manager, submitted_self, diagnostic
) -> None:
    client.force_login(manager)
    url = reverse("assessments:divergences", args=[diagnostic.code])
    # The manager sees the diagnostic once submitted only: a draft is not theirs to read.
    assert client.get(url).status_code == 404
    assert client.post(url, {"A1-note": "Non"}).status_code == 404
    assert not DivergenceNote.objects.exists()


def test_the_results_show_both_views_per_axis(client, consultant, submitted_self, diagnostic):  # type: ignore[no-untyped-def]
    client.force_login(consultant)
    html = client.get(reverse("assessments:results", args=[diagnostic.code])).content.decode()
    assert 'id="self-side-by-side"' in html


def test_the_managers_home_page_leads_to_the_self_assessment(
    client, company, manager, consultant, small_version
) -> None:
    client.force_login(manager)
    html = client.get(reverse("assessments:home")).content.decode()
    assert 'id="todo-self"' in html
    assert page(company) in html
    client.force_login(consultant)
    assert 'id="todo-self"' not in client.get(reverse("assessments:home")).content.decode()


def test_the_managers_home_says_the_self_assessment_is_soumise(
    client, company, manager, small_version
) -> None:
    """French agrees with « auto-évaluation »: « Soumise », not the diagnostic's « Soumis »."""
    client.force_login(manager)
    client.post(page(company), {"start": "1"})
    client.post(page(company), {"A1": "3", "A2": "na", "B1": "1", "submit": "1"})
    assert SelfAssessment.objects.get(company=company).status == "submitted"
    html = client.get(reverse("assessments:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    todo = html[html.index('id="todo-self"') :]
    assert "· Soumise" in todo[: todo.index("</ul>")]
