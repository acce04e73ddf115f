"""Garbage into every form: a clear refusal, never a server error, nothing stored by a refusal."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import services
from assessments.archive import programme_records
from assessments.selectors import applicable_questions

from .factories import VISIT

pytestmark = pytest.mark.django_db

EDGE = [
    "",
    " ",
    "0",
    "-1",
    "6",
    "na",
    "3.5",
    "1e309",
    "NaN",
    "99999999999999999999",
    "\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "é" * 5000,
    "2026-02-30",
    "31/12/2026",
]
garbage = st.one_of(st.sampled_from(EDGE), st.text(max_size=300))


def form_data(fields: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({}, optional={f: garbage for f in fields})


@pytest.fixture
def world(company, consultant, small_version, client):
    draft = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    submitted = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )
    for question in applicable_questions(submitted):
        services.answer_record(assessment=submitted, question=question, by=consultant, level=1)
    services.assessment_submit(assessment=submitted, by=consultant)
    plan = services.plan_propose(assessment=submitted)
    client.force_login(consultant)
    return {"draft": draft, "submitted": submitted, "plan": plan, "company": company}


def endpoints(w: dict) -> list[tuple[str, list[str]]]:
    d, s, p, c = w["draft"], w["submitted"], w["plan"], w["company"]
    return [
        (
            reverse("assessments:company_create"),
            [
                "name",
                "ice",
                "cluster",
                "sector",
                "region",
                "city",
                "headcount",
                "contact_email",
                "consultants",
                "managers",
            ],
        ),
        (reverse("assessments:company_edit", args=[c.code]), ["name", "ice", "city", "sector"]),
        (
            reverse("assessments:assessment_start", args=[c.code]),
            ["kind", "visit_date", "framework_version"],
        ),
        (
            reverse("assessments:answer_save", args=[d.code, "A1"]),
            ["A1-choice", "A1-comment", "A1-revision"],
        ),
        (
            reverse("assessments:axis_page", args=[d.code, "A"]),
            ["A1-choice", "A2-choice", "A1-revision", "next"],
        ),
        (reverse("assessments:targets_save", args=[d.code]), ["axis_1", "axis_2", "axis_3"]),
        (reverse("assessments:assessment_reopen", args=[s.code]), ["reason"]),
        (
            reverse("assessments:roadmap_add", args=[s.code]),
            ["action", "axis", "title", "description", "effort_half_days", "impact", "horizon"],
        ),
        (reverse("assessments:plan_slot_add", args=[p.code]), ["item", "day", "half_days"]),
        (
            reverse("assessments:plan_day_edit", args=[p.code, 2]),
            ["date", "objectives", "deliverables"],
        ),
    ]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_garbage_never_breaks_a_form(client, world, data) -> None:
    for url, fields in endpoints(world):
        payload = data.draw(form_data(fields), label=url)
        before = programme_records()
        response = client.post(url, payload)
        assert response.status_code < 500, (url, payload)
        if response.status_code in (400, 403, 404, 409) or (
            response.status_code == 200
            and "form" in (response.context or {})
            and response.context["form"].errors
        ):
            assert programme_records() == before, (url, payload)
