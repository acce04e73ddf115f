"""Diagnostics through the API: start, answer, targets, submit, validate, read the scores."""

import pytest

from assessments.models import Answer, Assessment

pytestmark = pytest.mark.django_db

DIAGNOSTICS = "/api/v1/diagnostics/"


def url(assessment: Assessment, rest: str = "") -> str:
    return f"{DIAGNOSTICS}{assessment.code}/{rest}"


def answer_all(client, assessment: Assessment, level: int = 3) -> None:
    for question in ("A1", "A2", "B1"):
        response = client.put(url(assessment, f"answers/{question}/"), {"level": level})
        assert response.status_code == 200, response.content


def test_a_consultant_starts_a_diagnostic_on_their_pme(api, world) -> None:
    response = api("consultant").post(
        DIAGNOSTICS,
        {"pme": str(world.company.code), "visit_date": "2026-11-02", "framework": "small"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["kind"], body["framework"]) == ("draft", "T0", "small")
    assert [t["level"] for t in body["targets"]] == [3.0, 3.0]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"version": "9.9"}, "framework"),  # a version alone once fell back to the latest
        ({"kind": "T1", "framework": "small"}, "framework"),
        ({"kind": "T1", "version": "1.0"}, "version"),
    ],
)
def test_a_framework_choice_that_would_be_ignored_is_refused(api, world, extra, field) -> None:
    start = {"pme": str(world.company.code), "visit_date": "2026-11-02"} | extra
    response = api("consultant").post(DIAGNOSTICS, start, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Assessment.objects.filter(visit_date="2026-11-02").exists()


@pytest.mark.parametrize("typo", ["0001-01-01", "9999-12-31", "1926-11-02"])
def test_an_implausible_visit_date_is_refused(api, world, typo) -> None:
    client = api("consultant")
    client.cookies["django_language"] = "en"
    start = {"pme": str(world.company.code), "visit_date": typo}
    response = client.post(DIAGNOSTICS, start, format="json")
    assert response.status_code == 400
    assert "Check the date" in response.json()["visit_date"][0]
    assert not Assessment.objects.filter(visit_date=typo).exists()


def test_starting_a_diagnostic_on_another_pme_is_refused(api, world) -> None:
    response = api("consultant").post(
        DIAGNOSTICS,
        {"pme": str(world.other_company.code), "visit_date": "2026-11-02"},
        format="json",
    )
    assert response.status_code == 400
    assert "pme" in response.json()


def test_an_answer_is_a_level_or_not_applicable_with_a_comment(api, world) -> None:
    client = api("consultant")
    response = client.put(url(world.draft, "answers/A1/"), {"level": 4, "comment": "MES en place"})
    assert response.json() | {"updated_at": None} == {
        "question": "A1",
        "level": 4,
        "not_applicable": False,
        "comment": "MES en place",
        "note": "",
        "revision": 1,
        "updated_at": None,
        "updated_by": "consultant",
    }
    response = client.put(url(world.draft, "answers/A1/"), {"not_applicable": True})
    assert (response.json()["level"], response.json()["not_applicable"]) == (None, True)
    assert response.json()["comment"] == "MES en place"


def test_what_an_answer_leaves_out_is_kept(api, world) -> None:
    client = api("consultant")
    client.put(url(world.draft, "answers/A1/"), {"level": 3})
    response = client.put(url(world.draft, "answers/A1/"), {"comment": "Revu sur site"})
    assert (response.json()["level"], response.json()["comment"]) == (3, "Revu sur site")
    client.put(url(world.draft, "answers/A2/"), {"not_applicable": True})
    response = client.put(url(world.draft, "answers/A2/"), {"comment": "Pas de ligne"})
    assert (response.json()["level"], response.json()["not_applicable"]) == (None, True)
    response = client.put(url(world.draft, "answers/A2/"), {"level": 1})
    assert (response.json()["level"], response.json()["not_applicable"]) == (1, False)
    response = client.put(url(world.draft, "answers/A1/"), {"level": None})
    assert response.json()["level"] is None  # null clears it


def test_a_level_and_not_applicable_together_are_refused(api, world) -> None:
    response = api("consultant").put(
        url(world.draft, "answers/A1/"), {"level": 2, "not_applicable": True}
    )
    assert response.status_code == 400
    assert not Answer.objects.filter(assessment=world.draft).exists()


def test_an_answer_based_on_an_old_revision_is_a_conflict(api, world) -> None:
    client = api("consultant")
    client.put(url(world.draft, "answers/A1/"), {"level": 2})
    client.put(url(world.draft, "answers/A1/"), {"level": 3, "expected_revision": 1})
    response = client.put(url(world.draft, "answers/A1/"), {"level": 5, "expected_revision": 1})
    assert response.status_code == 409
    assert Answer.objects.get(assessment=world.draft).level == 3
    # what is stored now comes with the refusal, to reconcile without another request
    assert response.json()["current"]["level"] == 3
    assert response.json()["current"]["revision"] == 2


def test_an_unknown_question_is_a_404(api, world) -> None:
    response = api("consultant").put(url(world.draft, "answers/Z9/"), {"level": 2})
    assert response.status_code == 404


def test_submitting_an_incomplete_diagnostic_says_what_is_missing(api, world) -> None:
    client = api("consultant")
    client.cookies["django_language"] = "en"
    response = client.post(url(world.draft, "submit/"))
    assert response.status_code == 400
    assert response.json()["detail"] == "3 questions are not answered yet: A1, A2, B1"


def test_targets_then_submit_give_the_scores(api, world) -> None:
    client = api("consultant")
    answer_all(client, world.draft)
    response = client.put(
        url(world.draft, "targets/"), {"targets": [{"axis": "A", "level": "4.5"}]}, format="json"
    )
    assert response.status_code == 200
    response = client.post(url(world.draft, "submit/"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted"
    assert body["overall_score"] == 3.0
    assert body["scores"]["overall_percent"] == 60
    # A's target was typed and stays; B's, never set, is proposed one stage above its score.
    assert [(a["axis"], a["target"], a["gap"]) for a in body["scores"]["axes"]] == [
        ("A", 4.5, 1.5),
        ("B", 4.0, 1.0),
    ]
    assert body["progress"] == {"answered": 3, "total": 3, "percent": 100}


def test_an_unknown_axis_in_the_targets_is_refused(api, world) -> None:
    response = api("consultant").put(
        url(world.draft, "targets/"), {"targets": [{"axis": "Q", "level": 2}]}, format="json"
    )
    assert response.status_code == 400


def test_a_pme_manager_reads_submitted_diagnostics_but_not_drafts(api, world) -> None:
    client = api("manager")
    listed = [d["code"] for d in client.get(DIAGNOSTICS).json()["results"]]
    assert listed == [str(world.submitted.code)]
    assert client.get(url(world.draft)).status_code == 404
    body = client.get(url(world.submitted)).json()
    assert body["scores"]["overall"] == 1.0
    assert len(body["answers"]) == 3


def test_a_pme_manager_may_not_answer_or_reopen(api, world) -> None:
    client = api("manager")
    assert client.post(url(world.submitted, "reopen/"), {"reason": "x"}).status_code == 403


def test_cluster_staff_validate_and_the_consultant_may_not(api, world) -> None:
    assert api("consultant").post(url(world.submitted, "validate/")).status_code == 403
    response = api("staff").post(url(world.submitted, "validate/"))
    assert response.status_code == 200
    assert response.json()["status"] == "validated"


def test_a_validated_diagnostic_refuses_answers_with_the_services_message(api, world) -> None:
    api("staff").post(url(world.submitted, "validate/"))
    client = api("consultant")
    response = client.put(url(world.submitted, "answers/A1/"), {"level": 5})
    assert response.status_code == 400
    assert "Rouvrez-le d’abord" in response.json()["detail"]
    client.cookies["django_language"] = "en"
    response = client.put(url(world.submitted, "answers/A1/"), {"level": 5})
    assert "Reopen it first" in response.json()["detail"]


def test_lists_filter_by_pme_and_status(api, world) -> None:
    client = api("coordinator")
    codes = lambda **params: {d["code"] for d in client.get(DIAGNOSTICS, params).json()["results"]}  # noqa: E731
    assert codes(pme=str(world.company.code), status="draft") == {str(world.draft.code)}
    assert codes(pme="not-a-code") == set()
