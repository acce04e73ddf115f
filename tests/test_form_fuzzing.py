"""Garbage into every form: a clear refusal, never a server error, nothing stored by a refusal."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.contrib.messages import ERROR, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.archive import programme_records
from assessments.models import Cluster
from assessments.roles import Role
from assessments.selectors import applicable_questions
from reports.monitoring.forms import (
    ActivityForm,
    DashboardFilterForm,
    ParticipantFormSet,
    ReasonForm,
    ValueEntryForm,
    participant_rows,
)
from reports.monitoring.models import Activity, Indicator, IndicatorValue, Participant, Period
from reports.monitoring.services import activities as services_activities
from reports.monitoring.services import indicators as services_indicators
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import VISIT, UserFactory
from tests.reports.monitoring.test_logframe import LOGFRAME

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
    plan = accompaniment_services.plan_propose(assessment=submitted)
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


# The S&E forms (reports): the same promise, at form level and through their views.
# Each payload is a valid one with up to three fields spoiled or left out, so that
# accepted input reaches the services as often as refused input reaches the templates.

PDF = b"%PDF-1.4\n%%EOF"
SE_PERIOD = "2026-Q4"
SATISFACTION = "pme-satisfaction"  # a collected indicator: typed in, not computed


def maybe(*valid: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(valid), garbage)


def uploads() -> st.SearchStrategy[SimpleUploadedFile]:
    return st.builds(
        SimpleUploadedFile,
        st.sampled_from(["preuve.pdf", "photo.png", "preuve", "virus.exe", "x.pdf.exe"]),
        st.sampled_from([PDF, b"\x89PNG\r\n\x1a\n", b"", b"MZ\x90\x00", "é".encode() * 50]),
    )


def spoilers(w: dict) -> dict[str, st.SearchStrategy[object]]:
    clusters = w["clusters"]
    people: dict[str, st.SearchStrategy[object]] = {}
    for row in range(2):
        people |= {
            f"people-{row}-name": maybe("Nadia", ""),
            f"people-{row}-email": maybe("", "nadia@example.ma", "nadia@"),
            f"people-{row}-sex": maybe(*Participant.Sex.values),
            f"people-{row}-role": maybe(*Participant.Role.values),
            f"people-{row}-organisation": garbage,
            f"people-{row}-count": maybe("1", "12", "0"),
        }
    return {
        "period": maybe("2026-Q4", "TOTAL", "2099-Q1"),
        "scope": maybe("programme", *clusters),
        "sector": maybe("", "electronics", "agrifood"),
        "value": maybe("4.2", "12", "", "1234567890.12", "12345678901"),
        "n": maybe("", "3", "0"),
        "comment": garbage,
        "evidence": uploads(),
        "evidence_link": maybe("", "https://example.org/liste", "javascript:alert(1)"),
        "reason": maybe("Corrected after the survey.", ""),
        "kind": maybe(*Activity.Kind.values),
        "title": maybe("Webinaire IoT", "x" * 201),
        "date": maybe("2026-10-02", "2027-03-31", "1900-01-01"),
        "cluster": maybe(*clusters),
        "hours": maybe("", "2", "1.5", "9999", "-1", "0.05"),
        "description": garbage,
        "evidence_file": uploads(),
        "people-TOTAL_FORMS": maybe("0", "1", "2", "1000"),
        "people-INITIAL_FORMS": maybe("0", "1"),
        **people,
    }


def valid_payloads(w: dict) -> dict[str, dict[str, object]]:
    activity: dict[str, object] = {
        "kind": "webinar",
        "title": "Webinaire cybersécurité",
        "date": "2026-10-20",
        "cluster": str(w["cluster"].pk),
        "hours": "2",
        "description": "",
        "evidence_link": "https://example.org/liste",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-0-name": "Nadia",
        "people-0-sex": "F",
        "people-0-role": "consultant",
        "people-0-count": "1",
    }
    return {
        "dashboard": {"period": SE_PERIOD, "scope": "ce3m", "sector": ""},
        "value": {"value": "4.2", "n": "3", "comment": "Enquête", "evidence_link": ""},
        "reason": {"reason": "Corrected after the survey."},
        "activity": activity,
    }


def spoiled(w: dict, kind: str) -> st.SearchStrategy[dict[str, object]]:
    valid, strategies = valid_payloads(w)[kind], spoilers(w)
    names = sorted(set(valid) | {"evidence", "evidence_file"})

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, object]:
        payload = dict(valid)
        for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
            value = draw(st.one_of(st.none(), strategies[name]))
            if value is None:
                payload.pop(name, None)
            else:
                payload[name] = value
        return payload

    return build()


@pytest.fixture
def se_world(cluster, other_cluster, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logframe_load(spec=parse_logframe(LOGFRAME))
    staff = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    activity = services_activities.activity_create(
        by=staff,
        cluster=cluster,
        kind="webinar",
        title="Webinaire IoT",
        date=datetime.date(2026, 10, 2),
        evidence_link="https://example.org/liste",
        participants=[{"name": "Amina Benali", "sex": "F", "role": "consultant", "count": 1}],
    )
    q4, satisfaction = Period.objects.get(code=SE_PERIOD), Indicator.objects.get(code=SATISFACTION)
    services_indicators.indicator_value_enter(
        indicator=satisfaction, period=q4, cluster=cluster, by=staff, value=Decimal("4.00")
    )
    value = services_indicators.indicator_value_submit(
        indicator=satisfaction, period=q4, cluster=cluster, by=staff
    )
    return {
        "staff": staff,
        "coordinator": UserFactory(username="coord", role=Role.COORDINATOR),
        "activity": activity,
        "value": value,
        "cluster": cluster,
        "clusters": [str(cluster.pk), str(other_cluster.pk), cluster.code, other_cluster.code],
    }


def refuses_with_a_message(form: forms.BaseForm | forms.BaseFormSet) -> bool:
    if form.is_valid():
        return False
    errors = form.errors if isinstance(form, forms.BaseForm) else form.total_error_count()
    assert errors, form
    return True


def split_files(payload: dict[str, object]) -> tuple[dict[str, object], MultiValueDict]:
    """A payload as a view gets it: the fields, and the uploads apart."""
    files = {k: [v] for k, v in payload.items() if isinstance(v, SimpleUploadedFile)}
    return {k: v for k, v in payload.items() if k not in files}, MultiValueDict(files)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_garbage_never_breaks_an_se_form(se_world, data) -> None:
    clusters = Cluster.objects.filter(staff=se_world["staff"])
    dashboard = DashboardFilterForm(
        data.draw(spoiled(se_world, "dashboard")),
        clusters=clusters,
        programme=data.draw(st.booleans()),
        periods=Period.objects.all(),
    )
    refuses_with_a_message(dashboard)
    fields, files = split_files(data.draw(spoiled(se_world, "value")))
    entry = ValueEntryForm(fields, files)
    if not refuses_with_a_message(entry):
        assert set(entry.cleaned_data) == set(ValueEntryForm.base_fields)
    refuses_with_a_message(ReasonForm(data.draw(spoiled(se_world, "reason"))))
    fields, files = split_files(data.draw(spoiled(se_world, "activity")))
    instance = data.draw(st.sampled_from([None, se_world["activity"]]))
    activity = ActivityForm(fields, files, instance=instance, clusters=clusters)
    if not refuses_with_a_message(activity):
        assert activity.cleaned_data["cluster"] == se_world["cluster"]
    people = ParticipantFormSet(fields, prefix="people")
    if not refuses_with_a_message(people):
        for row in participant_rows(people):
            Participant(activity=se_world["activity"], **row).full_clean()


def se_endpoints(w: dict) -> list[tuple[str, str, str]]:
    # Another quarter than the value waiting for review in se_world, so that it can be typed.
    enter = reverse("reports:se_value_enter", args=["2026-Q3", "ce3m", SATISFACTION])
    return [
        ("get", reverse("reports:se_dashboard"), "dashboard"),
        ("post", enter, "value"),
        ("post", reverse("reports:se_activity_new"), "activity"),
        ("post", reverse("reports:se_activity", args=[w["activity"].code]), "activity"),
    ]


def errors_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= ERROR]


def assert_input_kept(response, payload: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """A refused form comes back with what was typed (files aside: browsers drop them)."""
    names = ("form", "entry_form", "reason_form", "people")
    shown = [response.context.get(name) for name in names]
    fields = [
        field
        for form in shown
        if form is not None and form.is_bound
        for each in (form.forms if isinstance(form, forms.BaseFormSet) else [form])
        for field in each
    ]
    html = response.content.decode()
    for field in fields:
        typed = payload.get(field.html_name)
        if isinstance(typed, str):
            assert field.value() == typed, field.html_name
            if field.html_name in ("title", "comment", "people-0-name") and typed.strip():
                assert escape(typed) in html, field.html_name


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_garbage_never_breaks_an_se_view(client, se_world, data) -> None:
    client.force_login(se_world["staff"])
    for method, url, kind in se_endpoints(se_world):
        payload = data.draw(spoiled(se_world, kind), label=url)
        before = programme_records()
        response = getattr(client, method)(url, payload)
        assert response.status_code < 500, (url, payload)
        event(f"{kind} {response.status_code}")
        if method == "get":
            assert response.status_code == 200, (url, payload)
            assert programme_records() == before, (url, payload)
        elif response.status_code == 302:
            assert errors_of(response) == [], (url, payload)  # a refusal never drops the input
        else:
            assert response.status_code == 400, (url, payload)
            assert programme_records() == before, (url, payload)
            assert_input_kept(response, payload)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_garbage_never_breaks_a_review(client, se_world, data) -> None:
    client.force_login(se_world["coordinator"])
    value = se_world["value"]
    # Back to submitted, as the staff would leave it, whatever the last example did.
    IndicatorValue.objects.filter(pk=value.pk).update(status=IndicatorValue.Status.SUBMITTED)
    action = data.draw(st.sampled_from(["return", "reapprove"]))
    payload = data.draw(spoiled(se_world, "reason"))
    before = programme_records()
    response = client.post(reverse("reports:se_value_review", args=[value.code, action]), payload)
    event(f"{action} {response.status_code}")
    if response.status_code == 302:
        assert errors_of(response) == [], payload
    else:
        assert response.status_code == 400, payload
        assert programme_records() == before, payload
        assert_input_kept(response, payload)
