import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Assessment, Company, Evidence
from assessments.roles import Role
from assessments.selectors import applicable_questions
from diagnostics.models import Question
from diagnostics.services import packs_import_shipped
from tests.factories import VISIT, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def draft(company, consultant, small_version):
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )


@pytest.fixture
def foreign_draft(other_company, other_consultant, small_version):
    return services.assessment_start(
        company=other_company,
        consultant=other_consultant,
        visit_date=VISIT,
        framework_version=small_version,
    )


def question(assessment: Assessment, code: str) -> Question:
    return Question.objects.get(code=code, axis__framework_version=assessment.framework_version)


def save_url(assessment: Assessment, code: str) -> str:
    return reverse("assessments:answer_save", args=[assessment.code, code])


def test_pages_need_a_login(client, draft) -> None:
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_the_interface_is_french_by_default_and_english_on_request(client, consultant) -> None:
    client.force_login(consultant)
    page = client.get(reverse("assessments:company_list"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert '<html lang="fr" dir="ltr">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/pme/"})
    page = client.get(reverse("assessments:company_list"))
    assert '<html lang="en" dir="ltr">' in page.content.decode()


def test_the_pme_list_shows_only_assigned_pmes(client, consultant, company, other_company):
    client.force_login(consultant)
    page = client.get(reverse("assessments:company_list")).content.decode()
    assert company.name in page
    assert other_company.name not in page


@pytest.mark.parametrize(
    "url_name",
    ["assessment_detail", "results", "assessment_resume"],
)
def test_direct_urls_to_another_consultants_diagnostic_give_404(
    client, consultant, foreign_draft, url_name
) -> None:
    client.force_login(consultant)
    response = client.get(reverse(f"assessments:{url_name}", args=[foreign_draft.code]))
    assert response.status_code == 404


def test_another_consultant_cannot_autosave_into_a_foreign_diagnostic(
    client, consultant, foreign_draft
) -> None:
    client.force_login(consultant)
    response = client.post(save_url(foreign_draft, "A1"), {"A1-choice": "3"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["assessment_submit", "assessment_validate", "assessment_reopen", "targets_save"]
)
def test_posts_to_a_foreign_diagnostic_give_404(client, consultant, foreign_draft, url_name):
    client.force_login(consultant)
    response = client.post(reverse(f"assessments:{url_name}", args=[foreign_draft.code]))
    assert response.status_code == 404


def test_a_foreign_company_page_gives_404(client, consultant, other_company) -> None:
    client.force_login(consultant)
    for name in ("company_detail", "company_edit", "assessment_start"):
        response = client.get(reverse(f"assessments:{name}", args=[other_company.code]))
        assert response.status_code == 404


def test_a_manager_reads_results_but_cannot_answer(client, draft, company, consultant, groups):
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    for code, level in (("A1", 1), ("A2", 2), ("B1", 3)):
        services.answer_record(
            assessment=draft, question=question(draft, code), by=consultant, level=level
        )
    services.assessment_submit(assessment=draft, by=consultant)
    client.force_login(manager)
    assert client.get(reverse("assessments:results", args=[draft.code])).status_code == 200
    assert client.post(save_url(draft, "A1"), {"A1-choice": "5"}).status_code == 403
    assert (
        client.get(reverse("assessments:assessment_start", args=[company.code])).status_code == 403
    )


def test_autosave_records_the_answer_and_returns_the_progress(client, consultant, draft):
    client.force_login(consultant)
    response = client.post(save_url(draft, "A1"), {"A1-choice": "3", "A1-comment": "Vu en atelier"})
    assert response.status_code == 200
    assert response.json() == {
        "saved": True,
        "answered": 1,
        "total": 3,
        "percent": 33,
        "axis_answered": 1,
        "axis_total": 2,
        "revision": 1,
    }
    saved = Answer.objects.get()
    assert (saved.level, saved.comment, saved.updated_by) == (3, "Vu en atelier", consultant)


def _saves(client, assessment: Assessment, code: str) -> list[int]:
    """The queries of a first save of ``code`` (it creates the answer), then of a second."""
    counts = []
    for choice in ("2", "4"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(save_url(assessment, code), {f"{code}-choice": choice})
        assert response.status_code == 200, response.content
        counts.append(len(queries))
    return counts


def test_an_autosave_costs_the_same_queries_whatever_the_diagnostics_size(
    client, consultant, draft, cluster, default_version, django_assert_max_num_queries
) -> None:
    """3 questions, or 60 and an agri-food sector pack: each save reads counts, not pages."""
    packs_import_shipped(version=default_version)
    food = CompanyFactory(cluster=cluster, sector="agrifood", consultants=[consultant])
    large = services.assessment_start(
        company=food, consultant=consultant, visit_date=VISIT, framework_version=default_version
    )
    assert len(applicable_questions(large)) > 20 * len(applicable_questions(draft))
    client.force_login(consultant)
    small_costs = _saves(client, draft, "A1")
    assert _saves(client, large, "STRAT-01") == small_costs
    # A pack's question: the packs are read to find it and to check it, twice more.
    assert _saves(client, large, "AGRO-01") == [n + 2 for n in small_costs]
    # Session, user, roles, diagnostic, may answer, question, answer locked with its
    # diagnostic, update, history, the sector packs, the counts; and the savepoint of the
    # service's transaction inside the test's (two statements).
    with django_assert_max_num_queries(11 + 2):
        client.post(save_url(large, "STRAT-01"), {"STRAT-01-choice": "5"})


def test_autosave_of_not_applicable(client, consultant, draft) -> None:
    client.force_login(consultant)
    client.post(save_url(draft, "A1"), {"A1-choice": "na"})
    assert Answer.objects.get().not_applicable


@pytest.mark.parametrize("choice", ["7", "-1", "abc", "3.5"])
def test_autosave_refuses_a_bad_level_with_a_message(client, consultant, draft, choice) -> None:
    client.force_login(consultant)
    response = client.post(save_url(draft, "A1"), {"A1-choice": choice})
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert not Answer.objects.exists()


def test_autosave_on_a_submitted_diagnostic_is_refused(client, consultant, draft) -> None:
    for code in ("A1", "A2", "B1"):
        services.answer_record(
            assessment=draft, question=question(draft, code), by=consultant, level=2
        )
    services.assessment_submit(assessment=draft, by=consultant)
    client.force_login(consultant)
    response = client.post(save_url(draft, "A1"), {"A1-choice": "5"})
    assert response.status_code == 409
    assert "Reopen" in response.json()["error"] or "Rouvrez" in response.json()["error"]


def test_a_question_of_another_sector_is_not_served(client, consultant, draft) -> None:
    client.force_login(consultant)
    assert client.post(save_url(draft, "B2"), {"B2-choice": "1"}).status_code == 404


def test_the_axis_page_saves_the_whole_page_without_javascript(client, consultant, draft):
    client.force_login(consultant)
    url = reverse("assessments:axis_page", args=[draft.code, "A"])
    response = client.post(
        url, {"A1-choice": "2", "A2-choice": "na", "A2-comment": "x", "next": "1"}
    )
    assert response.status_code == 302
    assert response.url.endswith("/axes/B/")
    assert {a.question.code: (a.level, a.not_applicable) for a in Answer.objects.all()} == {
        "A1": (2, False),
        "A2": (None, True),
    }


def test_resume_goes_to_the_first_axis_with_unanswered_questions(client, consultant, draft):
    for code in ("A1", "A2"):
        services.answer_record(
            assessment=draft, question=question(draft, code), by=consultant, level=1
        )
    client.force_login(consultant)
    response = client.get(reverse("assessments:assessment_resume", args=[draft.code]))
    assert response.url.endswith("/axes/B/")


def test_submitting_an_incomplete_diagnostic_shows_what_is_missing(client, consultant, draft):
    client.force_login(consultant)
    response = client.post(reverse("assessments:assessment_submit", args=[draft.code]))
    assert response.status_code == 400
    page = response.content.decode()
    assert all(code in page for code in ("A1", "A2", "B1"))
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


def test_submitting_a_complete_diagnostic_leads_to_the_results(client, consultant, draft):
    for code, level in (("A1", 1), ("A2", 5), ("B1", 2)):
        services.answer_record(
            assessment=draft, question=question(draft, code), by=consultant, level=level
        )
    client.force_login(consultant)
    response = client.post(reverse("assessments:assessment_submit", args=[draft.code]))
    assert response.url == reverse("assessments:results", args=[draft.code])
    page = client.get(response.url).content.decode()
    assert 'id="radar-data"' in page
    assert "vendor/plotly/plotly.min.js" in page


def test_reopening_needs_a_reason(client, consultant, draft) -> None:
    for code in ("A1", "A2", "B1"):
        services.answer_record(
            assessment=draft, question=question(draft, code), by=consultant, level=2
        )
    services.assessment_submit(assessment=draft, by=consultant)
    client.force_login(consultant)
    url = reverse("assessments:assessment_reopen", args=[draft.code])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Oubli d'une preuve"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


def test_a_consultant_cannot_validate(client, consultant, draft) -> None:
    client.force_login(consultant)
    url = reverse("assessments:assessment_validate", args=[draft.code])
    assert client.post(url).status_code == 403


def test_registering_a_pme_with_a_bad_ice_keeps_what_was_typed(client, consultant, cluster):
    client.force_login(consultant)
    data = {
        "name": "Usine du Nord",
        "ice": "12AB",
        "cluster": cluster.pk,
        "sector": "textile",
        "region": "TTA",
        "city": "Tétouan",
        "headcount": "10-49",
    }
    response = client.post(reverse("assessments:company_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Usine du Nord"' in page
    assert "15" in page  # the ICE message names its 15 digits
    assert not Company.objects.filter(name="Usine du Nord").exists()


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x";"Atlas")', "+212 Usine", "-1", "@SUM(A1)"])
def test_registering_a_pme_named_like_a_formula_is_refused_and_keeps_what_was_typed(
    client, consultant, cluster, name
) -> None:
    client.force_login(consultant)
    data = {
        "name": name,
        "ice": "001234567000089",
        "cluster": cluster.pk,
        "sector": "textile",
        "region": "TTA",
        "city": "Tétouan",
        "headcount": "10-49",
    }
    response = client.post(reverse("assessments:company_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "un tableur l’exécuterait comme une formule" in page
    assert 'value="Tétouan"' in page
    assert not Company.objects.filter(ice="001234567000089").exists()


def test_registering_a_pme_assigns_it_to_the_consultant(client, consultant, company) -> None:
    cluster = company.cluster  # a consultant registers PMEs where they already work
    client.force_login(consultant)
    data = {
        "name": "Usine du Nord",
        "ice": "001 234 567 000 099",
        "cluster": cluster.pk,
        "sector": "textile",
        "region": "TTA",
        "city": "Tétouan",
        "headcount": "10-49",
    }
    response = client.post(reverse("assessments:company_create"), data)
    company = Company.objects.get(name="Usine du Nord")
    assert response.url == company.get_absolute_url()
    assert company.ice == "001234567000099"
    assert list(company.consultants.all()) == [consultant]


def test_a_consultant_may_not_register_a_pme_in_a_cluster_they_do_not_work_in(
    client, consultant, company, other_cluster
) -> None:
    client.force_login(consultant)
    page = client.get(reverse("assessments:company_create"))
    assert list(page.context["form"].fields["cluster"].queryset) == [company.cluster]
    assert "consultants" not in page.context["form"].fields
    data = {
        "name": "Usine du Nord",
        "ice": "001 234 567 000 099",
        "cluster": other_cluster.pk,
        "sector": "textile",
        "region": "TTA",
        "city": "Tétouan",
        "headcount": "10-49",
    }
    response = client.post(reverse("assessments:company_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["cluster"]
    assert not Company.objects.filter(name="Usine du Nord").exists()


def test_a_consultant_edits_a_pme_but_neither_its_cluster_nor_its_people(
    client, consultant, other_consultant, company, other_cluster
) -> None:
    client.force_login(consultant)
    url = reverse("assessments:company_edit", args=[company.code])
    form = client.get(url).context["form"]
    assert form.fields["cluster"].disabled
    assert "managers" not in form.fields
    data = {name: form[name].value() for name in form.fields} | {
        "city": "Kénitra",
        "cluster": other_cluster.pk,
        "consultants": [other_consultant.pk],
    }
    data = {k: v for k, v in data.items() if v is not None}
    assert client.post(url, data).status_code == 302
    company.refresh_from_db()
    assert company.city == "Kénitra"
    assert company.cluster != other_cluster
    assert list(company.consultants.all()) == [consultant]


def test_the_coordinator_moves_a_pme_after_seeing_what_moves_and_saying_why(
    client, company, other_cluster, groups
) -> None:
    client.force_login(UserFactory(role=Role.COORDINATOR))
    url = reverse("assessments:company_edit", args=[company.code])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["cluster"] = other_cluster.pk
    unconfirmed = client.post(url, data)
    assert unconfirmed.context["form"].errors["confirm_move"]
    assert 'id="move"' in unconfirmed.content.decode()
    no_reason = client.post(url, data | {"confirm_move": "on"})
    assert no_reason.context["form"].errors["reason"]
    moved = client.post(url, data | {"confirm_move": "on", "reason": "Regional merger"})
    assert moved.status_code == 302
    company.refresh_from_db()
    assert company.cluster == other_cluster
    assert company.history.first().history_change_reason == "Regional merger"


def test_a_manager_cannot_register_a_pme(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))
    assert client.get(reverse("assessments:company_create")).status_code == 403


def test_evidence_is_uploaded_and_served_only_to_those_who_see_the_diagnostic(
    client, consultant, other_consultant, draft, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(consultant)
    url = reverse("assessments:evidence_upload", args=[draft.code, "A1"])
    client.post(url, {"file": SimpleUploadedFile("photo.png", PNG, content_type="image/png")})
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/png"
    download = reverse("assessments:evidence_download", args=[evidence.code])
    assert b"".join(client.get(download).streaming_content) == PNG
    client.force_login(other_consultant)
    assert client.get(download).status_code == 404


def test_a_disguised_file_is_refused(client, consultant, draft, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(consultant)
    url = reverse("assessments:evidence_upload", args=[draft.code, "A1"])
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(url, {"file": fake}, follow=True)
    assert not Evidence.objects.exists()
    assert response.status_code == 200


def test_an_oversized_file_is_refused(client, consultant, draft, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(consultant)
    url = reverse("assessments:evidence_upload", args=[draft.code, "A1"])
    client.post(url, {"file": SimpleUploadedFile("big.png", PNG + b"\x00" * 200)})
    assert not Evidence.objects.exists()


def test_a_save_based_on_an_old_revision_is_a_conflict_with_their_answer(
    client, consultant, draft
) -> None:
    client.force_login(consultant)
    first = client.post(save_url(draft, "A1"), {"A1-choice": "2", "A1-revision": "0"})
    assert first.json()["revision"] == 1
    colleague = UserFactory(role=Role.CONSULTANT, first_name="Driss", last_name="Ouafi")
    draft.company.consultants.add(colleague)
    other = client.__class__()
    other.force_login(colleague)
    other.post(save_url(draft, "A1"), {"A1-choice": "4", "A1-comment": "vu", "A1-revision": "1"})
    stale = client.post(save_url(draft, "A1"), {"A1-choice": "3", "A1-revision": "1"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["conflict"] is True
    assert "Driss Ouafi" in body["error"]
    assert body["theirs"] == {"choice": "4", "comment": "vu", "note": "", "revision": 2}
    assert Answer.objects.get().level == 4
    kept_mine = client.post(save_url(draft, "A1"), {"A1-choice": "3", "A1-revision": "2"})
    assert kept_mine.json()["revision"] == 3
    assert Answer.objects.get().level == 3


def test_resending_a_save_that_already_landed_is_not_a_conflict(client, consultant, draft):
    client.force_login(consultant)
    client.post(save_url(draft, "A1"), {"A1-choice": "2", "A1-revision": "0"})
    again = client.post(save_url(draft, "A1"), {"A1-choice": "2", "A1-revision": "0"})
    assert again.status_code == 200
    assert Answer.objects.get().revision == 1


def test_the_page_save_does_not_overwrite_a_colleagues_newer_answer(
    client, consultant, other_consultant, draft
) -> None:
    services.answer_record(
        assessment=draft, question=question(draft, "A1"), by=other_consultant, level=5
    )
    client.force_login(consultant)
    url = reverse("assessments:axis_page", args=[draft.code, "A"])
    response = client.post(
        url, {"A1-choice": "1", "A1-revision": "0", "A2-choice": "2"}, follow=True
    )
    assert Answer.objects.get(question__code="A1").level == 5
    assert Answer.objects.get(question__code="A2").level == 2
    assert "A1" in " ".join(str(m) for m in response.context["messages"])


def test_the_page_save_over_the_users_own_newer_autosave_is_no_conflict(
    client, consultant, draft
) -> None:
    client.force_login(consultant)
    client.post(save_url(draft, "A1"), {"A1-choice": "5", "A1-revision": "0"})
    url = reverse("assessments:axis_page", args=[draft.code, "A"])
    response = client.post(url, {"A1-choice": "1", "A1-revision": "0"}, follow=True)
    assert Answer.objects.get(question__code="A1").level == 1
    assert "A1" not in " ".join(str(m) for m in response.context["messages"])


def test_the_diagnostic_page_shows_who_changed_an_answer(client, consultant, draft) -> None:
    client.force_login(consultant)
    client.post(save_url(draft, "A1"), {"A1-choice": "2", "A1-revision": "0"})
    client.post(save_url(draft, "A1"), {"A1-choice": "4", "A1-revision": "1"})
    page = client.get(draft.get_absolute_url()).content.decode()
    history = page[page.index('id="change-history"') :]
    assert consultant.get_full_name() in history
    assert "A1" in history
    assert "<td>2</td><td>4</td>" in history.replace("\n", "")


def test_a_choice_past_the_integer_range_is_an_invalid_choice(client, consultant) -> None:
    client.force_login(consultant)
    data = {"name": "X", "ice": "123456789012345", "cluster": "99999999999999999999"}
    response = client.post(reverse("assessments:company_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["cluster"]


def test_a_pme_manager_does_not_read_what_was_changed_before_submission(
    client, consultant, draft, company, groups
) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    a1 = question(draft, "A1")
    services.answer_record(
        assessment=draft, question=a1, by=consultant, level=2, comment="Patron réticent"
    )
    services.answer_record(assessment=draft, question=a1, by=consultant, level=2, comment="")
    for q in applicable_questions(draft):
        if q.code != "A1":
            services.answer_record(assessment=draft, question=q, by=consultant, level=1)
    services.assessment_submit(assessment=draft, by=consultant)
    client.force_login(manager)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Patron réticent" not in page
    client.force_login(consultant)
    assert "Patron réticent" in client.get(draft.get_absolute_url()).content.decode()


def test_a_pme_manager_reads_the_changes_made_after_submission(
    client, consultant, draft, company, groups
) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    for q in applicable_questions(draft):
        services.answer_record(assessment=draft, question=q, by=consultant, level=1)
    services.assessment_submit(assessment=draft, by=consultant)
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    company.cluster.staff.add(staff)
    services.assessment_reopen(assessment=draft, by=staff, reason="Level of A1 to check")
    services.answer_record(assessment=draft, question=question(draft, "A1"), by=consultant, level=3)
    services.assessment_submit(assessment=draft, by=consultant)
    client.force_login(manager)
    history = client.get(draft.get_absolute_url()).content.decode()
    assert "<td>1</td><td>3</td>" in history[history.index('id="change-history"') :].replace(
        "\n", ""
    )


def test_an_autosave_whose_earlier_reply_was_lost_is_no_conflict(client, consultant, draft):
    client.force_login(consultant)
    client.post(save_url(draft, "A1"), {"A1-choice": "1", "A1-revision": "0"})  # reply lost
    resent = client.post(save_url(draft, "A1"), {"A1-choice": "4", "A1-revision": "0"})
    assert resent.status_code == 200
    assert resent.json()["revision"] == 2
    assert Answer.objects.get().level == 4


def test_the_page_save_attaches_the_evidence_file_chosen_on_an_answer(
    client, consultant, draft, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(consultant)
    url = reverse("assessments:axis_page", args=[draft.code, "A"])
    photo = SimpleUploadedFile("atelier.png", PNG, content_type="image/png")
    response = client.post(url, {"A1-choice": "2", "A1-file": photo, "next": "1"})
    assert response.status_code == 302
    assert response.url.endswith("/axes/B/")
    evidence = Evidence.objects.get()
    assert (evidence.answer.question.code, evidence.original_name) == ("A1", "atelier.png")
    assert evidence.answer.level == 2


def test_a_refused_evidence_file_keeps_the_user_on_the_axis_with_the_reason(
    client, consultant, draft, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(consultant)
    url = reverse("assessments:axis_page", args=[draft.code, "A"])
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(url, {"A1-choice": "2", "A2-file": fake, "next": "1"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/axes/A/#q-A2")
    assert "A2" in " ".join(str(m) for m in response.context["messages"])
    assert not Evidence.objects.exists()
    assert Answer.objects.get(question__code="A1").level == 2


def test_the_attach_button_saves_the_page_and_comes_back_to_the_question(
    client, consultant, draft, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(consultant)
    url = reverse("assessments:axis_page", args=[draft.code, "A"])
    photo = SimpleUploadedFile("atelier.png", PNG, content_type="image/png")
    response = client.post(url, {"A2-choice": "3", "A2-file": photo, "attach": "A2"})
    assert response.url.endswith("/axes/A/#q-A2")
    assert Evidence.objects.get().answer.level == 3


def test_the_attach_button_without_a_file_asks_for_one(client, consultant, draft) -> None:
    client.force_login(consultant)
    url = reverse("assessments:axis_page", args=[draft.code, "A"])
    response = client.post(url, {"A2-choice": "3", "attach": "A2"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/axes/A/#q-A2")
    assert "Choisissez un fichier" in " ".join(str(m) for m in response.context["messages"])
    assert not Evidence.objects.exists()


def test_the_axis_page_form_sends_files(client, consultant, draft) -> None:
    client.force_login(consultant)
    page = client.get(reverse("assessments:axis_page", args=[draft.code, "A"])).content.decode()
    form = page[page.index('id="axis-form"') - 100 : page.index('id="axis-form"') + 200]
    assert 'enctype="multipart/form-data"' in form
    assert 'name="A1-file"' in page
    assert 'form="ev-A1"' not in page


def test_the_api_token_page_is_for_the_roles_that_use_the_api(client, consultant, groups) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    client.force_login(manager)
    assert client.get(reverse("assessments:api_token")).status_code == 403
    assert reverse("assessments:api_token") not in client.get("/").content.decode()
    client.force_login(consultant)
    assert client.get(reverse("assessments:api_token")).status_code == 200


def test_a_consultant_records_the_pmes_markets_cost_profile_and_kpis(
    client, consultant, company
) -> None:
    client.force_login(consultant)
    url = reverse("assessments:company_edit", args=[company.code])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "cluster"}
    data.update(
        {
            "cluster": company.cluster.pk,
            "exposures": ["eu_exporter", "regulated_food"],
            "cost_labour_pct": "30",
            "cost_materials_pct": "55",
            "cost_energy_pct": "8",
            "cost_scrap_pct": "4",
            "kpis": ["scrap", "energy"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.exposures == ["eu_exporter", "regulated_food"]
    assert (company.cost_labour_pct, company.cost_energy_pct) == (30, 8)
    assert company.kpis == ["scrap", "energy"]
    page = client.get(company.get_absolute_url()).content.decode()
    assert "Union européenne" in page  # the exposure's French label


def test_a_cost_profile_past_the_whole_is_refused_and_nothing_typed_is_lost(
    client, consultant, company
) -> None:
    client.force_login(consultant)
    url = reverse("assessments:company_edit", args=[company.code])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "cluster"}
    data.update(
        {
            "cluster": company.cluster.pk,
            "cost_labour_pct": "60",
            "cost_materials_pct": "50",
            "kpis": ["scrap", "energy", "oee", "lead_time"],
            "exposures": ["eu_exporter"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "100" in str(errors["cost_energy_pct"])
    assert "3" in str(errors["kpis"])
    assert 'value="60"' in response.content.decode()
    company.refresh_from_db()
    assert company.exposures == []
    assert company.cost_labour_pct is None


def test_a_results_page_reads_the_framework_s_axes_once(client, consultant, draft) -> None:
    """The scores, the EU DMA reading and the sector packs all read the framework: a page
    that only reads reads each version's axes once (it read them seven times)."""
    for code, level in (("A1", 1), ("A2", 5), ("B1", 2)):
        services.answer_record(
            assessment=draft, question=question(draft, code), by=consultant, level=level
        )
    client.force_login(consultant)
    url = reverse("assessments:results", args=[draft.code])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    axes = [q["sql"] for q in queries.captured_queries if 'FROM "diagnostics_axis"' in q["sql"]]
    assert len(axes) == 1, axes


def test_the_results_radar_is_a_valid_plotly_figure_in_the_page_s_language(draft, consultant):
    import plotly.graph_objects as go
    from django.utils import translation

    from assessments.charts import radar_data
    from assessments.selectors import assessment_result

    for code, level in (("A1", 1), ("A2", 5), ("B1", 2)):
        services.answer_record(
            assessment=draft, question=question(draft, code), by=consultant, level=level
        )
    result = assessment_result(draft)
    with translation.override("ar"):
        figure = radar_data(result, margin=120)
    go.Figure(figure)  # plotly validates every property: raises on a wrong one
    layout = figure["layout"]
    assert layout["polar"]["angularaxis"]["direction"] == "counterclockwise"
    assert layout["margin"]["l"] == 120
    assert layout["template"]["layout"]["polar"]  # plotly's look, as go.Figure gives it
    current = figure["data"][1]
    assert current["r"][:2] == [row.score for row in result.rows][:2]
    assert current["r"][0] == current["r"][-1]  # the line closes
