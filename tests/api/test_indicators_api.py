"""S&E through the API: the same people see and change the same values as on the S&E pages."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Cluster
from assessments.roles import Role
from assessments.services import assessment_validate
from reports.monitoring.models import Indicator, IndicatorValue, Period
from reports.monitoring.services import indicators as services
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.api.conftest import World, client_for, submitted_with_plan
from tests.factories import CompanyFactory, UserFactory
from tests.reports.monitoring.test_logframe import LOGFRAME

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
SE_ROLES = ["consultant", "staff", "other_staff", "coordinator"]
NOT_SE = ["manager", "nobody"]
ALL = SE_ROLES + NOT_SE
QUARTER = "2026-Q3"


@dataclass
class SE:
    ours: IndicatorValue
    theirs: IndicatorValue
    programme: IndicatorValue


def se_world(world: World) -> SE:
    """The default logframe, a staff member for each cluster, a collected value per scope."""
    other_staff = User.objects.filter(username="other-staff").first() or UserFactory(
        username="other-staff", role=Role.CLUSTER_STAFF
    )
    world.other_cluster.staff.add(other_staff)
    world.users["other_staff"] = other_staff
    logframe_load(spec=parse_logframe(LOGFRAME))

    def entered(cluster: Cluster | None, by: str, value: str) -> IndicatorValue:
        return services.indicator_value_enter(
            indicator=Indicator.objects.get(code="pme-satisfaction"),
            period=Period.objects.get(code=QUARTER),
            cluster=cluster,
            by=world.users[by],
            value=Decimal(value),
            n=3,
            comment=f"Survey {value}",
        )

    return SE(
        ours=entered(world.cluster, "staff", "4.20"),
        theirs=entered(world.other_cluster, "other_staff", "3.70"),
        programme=entered(None, "coordinator", "3.90"),
    )


@pytest.fixture
def se(world: World) -> SE:
    world.users["nobody"] = UserFactory(username="nobody")
    return se_world(world)


def api(world: World, role: str):  # type: ignore[no-untyped-def]
    return client_for(world.users[role])


def value_url(value: IndicatorValue, action: str = "") -> str:
    return f"/api/v1/indicator-values/{value.code}/" + (f"{action}/" if action else "")


def test_the_logframe_is_there_for_the_people_of_the_se_pages(world: World, se: SE) -> None:
    for role in SE_ROLES:
        response = api(world, role).get("/api/v1/indicators/")
        assert response.status_code == 200, role
        codes = [i["code"] for i in response.json()["results"]]
        assert {"pme-satisfaction", "webinars-held"} <= set(codes)
    for role in NOT_SE:
        assert api(world, role).get("/api/v1/indicators/").status_code == 403
        assert api(world, role).get("/api/v1/indicators/pme-satisfaction/").status_code == 403


def test_an_indicator_says_what_it_measures_and_the_targets_you_follow(
    world: World, se: SE
) -> None:
    staff = api(world, "staff").get("/api/v1/indicators/pme-satisfaction/").json()
    assert (staff["kind"], staff["unit"], staff["result"]["level"]) == (
        "collected",
        "score",
        "outcome",
    )
    assert staff["verification"]
    assert {t["scope"] for t in staff["targets"]} == {"ce3m"}
    coordinator = api(world, "coordinator").get("/api/v1/indicators/pme-satisfaction/").json()
    assert {t["scope"] for t in coordinator["targets"]} == {"ce3m", "agro", "programme"}
    assert api(world, "staff").get("/api/v1/indicators/no-such/").status_code == 404


def test_periods_say_whether_they_are_locked(world: World, se: SE) -> None:
    services.period_lock(period=Period.objects.get(code="2026-Q1"), by=world.users["coordinator"])
    response = api(world, "staff").get("/api/v1/periods/", {"page_size": 200})
    periods = {p["code"]: p for p in response.json()["results"]}
    assert (periods["2026-Q1"]["locked"], periods["2026-Q1"]["locked_by"]) == (True, "coordinator")
    assert not periods[QUARTER]["locked"]
    assert {"TOTAL", "MID-TERM"} <= set(periods)
    assert api(world, "manager").get("/api/v1/periods/").status_code == 403


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("consultant", {"ours"}),
        ("staff", {"ours"}),
        ("other_staff", {"theirs"}),
        ("coordinator", {"ours", "theirs", "programme"}),
    ],
)
def test_each_role_lists_the_values_of_its_scopes_only(
    world: World, se: SE, role: str, visible: set[str]
) -> None:
    response = api(world, role).get("/api/v1/indicator-values/")
    assert response.status_code == 200
    listed = {v["code"] for v in response.json()["results"]}
    named = {name: str(getattr(se, name).code) for name in ("ours", "theirs", "programme")}
    assert listed == {named[name] for name in visible}
    content = response.content.decode()
    for name in {"ours", "theirs", "programme"} - visible:
        value = getattr(se, name)
        assert value.comment not in content


@pytest.mark.parametrize("role", NOT_SE)
def test_people_without_the_se_pages_get_no_values(world: World, se: SE, role: str) -> None:
    assert api(world, role).get("/api/v1/indicator-values/").status_code == 403
    assert api(world, role).get(value_url(se.ours)).status_code == 403


@pytest.mark.parametrize("role", ALL)
def test_the_api_opens_exactly_the_values_the_value_page_opens(
    world: World, se: SE, role: str
) -> None:
    browser = Client()
    browser.force_login(world.users[role])
    for value in (se.ours, se.theirs, se.programme):
        page = reverse(
            "reports:se_value",
            kwargs={
                "period": QUARTER,
                "scope": value.cluster.code if value.cluster else "programme",
                "indicator": "pme-satisfaction",
            },
        )
        api_status = api(world, role).get(value_url(value)).status_code
        assert api_status == browser.get(page).status_code, (role, value)


def test_another_clusters_value_is_not_found_and_nothing_of_it_leaks(world: World, se: SE) -> None:
    for role in ("staff", "consultant"):
        client = api(world, role)
        for url in (
            value_url(se.theirs),
            value_url(se.programme),
            f"/api/v1/periods/{QUARTER}/table/?scope=agro",
            f"/api/v1/periods/{QUARTER}/table/?scope=programme",
        ):
            response = client.get(url)
            assert response.status_code == 404, (role, url)
            assert "3.7" not in response.content.decode()
        response = client.get("/api/v1/indicator-values/", {"scope": "agro"})
        assert response.json()["count"] == 0


def test_a_value_shows_its_history(world: World, se: SE) -> None:
    data = api(world, "staff").get(value_url(se.ours)).json()
    assert (data["value"], data["n"], data["status"], data["scope"]) == (4.2, 3, "draft", "ce3m")
    assert data["live"] is None  # a collected indicator is not computed
    assert [(c["action"], c["by"], c["after"]) for c in data["history"]] == [
        ("entered", "staff", 4.2)
    ]


def test_the_table_is_the_dashboards(world: World, se: SE) -> None:
    response = api(world, "staff").get(f"/api/v1/periods/{QUARTER}/table/", {"scope": "ce3m"})
    assert response.status_code == 200
    data = response.json()
    assert (data["period"], data["scope"], data["can_enter"], data["can_approve"]) == (
        QUARTER,
        "ce3m",
        True,
        False,
    )
    rows = {r["indicator"]: r for r in data["rows"]}
    assert rows["pme-satisfaction"]["value"] == str(se.ours.code)
    assert rows["pme-satisfaction"]["value_status"] == "draft"
    assert {"baseline", "target", "actual", "n", "status", "stale"} <= set(rows["webinars-held"])
    programme = api(world, "coordinator").get(
        f"/api/v1/periods/{QUARTER}/table/", {"scope": "programme"}
    )
    assert programme.status_code == 200
    assert programme.json()["can_approve"] is True


def test_the_table_refuses_what_it_cannot_show(world: World, se: SE) -> None:
    client = api(world, "coordinator")
    base = f"/api/v1/periods/{QUARTER}/table/"
    assert client.get(base).status_code == 400
    assert client.get(base, {"scope": "nowhere"}).status_code == 404
    assert client.get(base, {"scope": "ce3m", "sector": "nonsense"}).status_code == 400
    assert client.get(base, {"scope": "ce3m\x00"}).status_code == 400
    assert client.get("/api/v1/periods/2099-Q1/table/", {"scope": "ce3m"}).status_code == 404
    assert api(world, "manager").get(base, {"scope": "ce3m"}).status_code == 403


def test_a_value_goes_from_entry_to_approval_through_the_api(
    world: World, se: SE, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    staff, coordinator = api(world, "staff"), api(world, "coordinator")
    where = {"indicator": "pme-satisfaction", "period": "2026-Q4", "scope": "ce3m"}
    evidence = SimpleUploadedFile("survey.pdf", PDF, content_type="application/pdf")
    entered = staff.post(
        "/api/v1/indicator-values/enter/",
        {**where, "value": "4.5", "n": "6", "evidence": evidence},
        format="multipart",
    )
    assert entered.status_code == 200, entered.content
    assert (entered.json()["value"], entered.json()["evidence_name"]) == (4.5, "survey.pdf")
    code = entered.json()["code"]
    submitted = staff.post("/api/v1/indicator-values/submit/", where)
    assert submitted.json()["status"] == "submitted"
    assert staff.post(f"/api/v1/indicator-values/{code}/approve/").status_code == 403
    returned = coordinator.post(
        f"/api/v1/indicator-values/{code}/return/", {"comment": "Attach the signed surveys."}
    )
    assert returned.json()["status"] == "returned"
    staff.post("/api/v1/indicator-values/enter/", {**where, "value": 4.4, "n": 6})
    staff.post("/api/v1/indicator-values/submit/", where)
    approved = coordinator.post(f"/api/v1/indicator-values/{code}/approve/")
    assert approved.status_code == 200
    history = approved.json()["history"]
    assert [c["action"] for c in history] == [
        "approved",
        "submitted",
        "entered",
        "returned",
        "submitted",
        "entered",
    ]
    assert history[3]["reason"] == "Attach the signed surveys."
    stored = IndicatorValue.objects.get(code=code)
    assert (stored.status, stored.value, stored.approved_by) == (
        "approved",
        Decimal("4.40"),
        world.users["coordinator"],
    )


def test_only_the_people_who_enter_on_the_page_enter_through_the_api(world: World, se: SE) -> None:
    where = {"indicator": "pme-satisfaction", "period": QUARTER, "value": 4}
    assert (
        api(world, "consultant")
        .post("/api/v1/indicator-values/enter/", {**where, "scope": "ce3m"})
        .status_code
        == 403
    )
    assert (
        api(world, "staff")
        .post("/api/v1/indicator-values/enter/", {**where, "scope": "agro"})
        .status_code
        == 404
    )
    assert (
        api(world, "staff")
        .post("/api/v1/indicator-values/submit/", {**where, "scope": "programme"})
        .status_code
        == 404
    )
    assert api(world, "manager").post(value_url(se.ours, "approve")).status_code == 403
    assert IndicatorValue.objects.get(pk=se.theirs.pk).value == Decimal("3.70")


def test_a_locked_period_refuses_changes_with_a_clear_message(world: World, se: SE) -> None:
    services.period_lock(period=se.ours.period, by=world.users["coordinator"])
    client = api(world, "staff")
    client.cookies["django_language"] = "en"
    response = client.post(
        "/api/v1/indicator-values/enter/",
        {"indicator": "pme-satisfaction", "period": QUARTER, "scope": "ce3m", "value": 1},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == f"The period {QUARTER} is locked: nothing in it can change."
    assert IndicatorValue.objects.get(pk=se.ours.pk).value == Decimal("4.20")


def test_the_workflow_refuses_steps_out_of_order(world: World, se: SE) -> None:
    coordinator = api(world, "coordinator")
    assert coordinator.post(value_url(se.ours, "approve")).status_code == 400
    assert coordinator.post(value_url(se.ours, "reapprove"), {"reason": "x"}).status_code == 400
    assert coordinator.post(value_url(se.ours, "return"), {"comment": ""}).status_code == 400
    computed = {"indicator": "webinars-held", "period": QUARTER, "scope": "ce3m", "value": 3}
    response = api(world, "staff").post("/api/v1/indicator-values/enter/", computed)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"value": "a lot"},
        {"value": "1e20"},
        {"value": 10**15},
        {"value": "NaN"},
        {"value": "1.234"},
        {"n": -1},
        {"n": 10**12},
        {"evidence_link": "not a link"},
        {"comment": "nul\x00"},
        {"scope": "ce3m\x00"},
        {"indicator": ""},
    ],
)
def test_bad_entries_are_refused_with_a_400(world: World, se: SE, change: dict) -> None:
    where = {"indicator": "pme-satisfaction", "period": QUARTER, "scope": "ce3m", "value": 1}
    response = api(world, "staff").post("/api/v1/indicator-values/enter/", where | change)
    assert response.status_code == 400, response.content
    assert IndicatorValue.objects.get(pk=se.ours.pk).value == Decimal("4.20")


def test_an_evidence_file_is_checked_like_on_the_page(world: World, se: SE) -> None:
    fake = SimpleUploadedFile("survey.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = api(world, "staff").post(
        "/api/v1/indicator-values/enter/",
        {"indicator": "pme-satisfaction", "period": QUARTER, "scope": "ce3m", "evidence": fake},
        format="multipart",
    )
    assert response.status_code == 400
    assert not IndicatorValue.objects.get(pk=se.ours.pk).evidence


def test_odd_query_strings_and_codes_never_break_a_list(world: World, se: SE) -> None:
    client = api(world, "coordinator")
    assert client.get("/api/v1/indicator-values/", {"period": "x\x00"}).json()["count"] == 0
    assert client.get("/api/v1/indicators/", {"kind": "\x00"}).json()["count"] == 0
    filtered = client.get(
        "/api/v1/indicator-values/", {"scope": "programme", "status": "draft"}
    ).json()
    assert [v["code"] for v in filtered["results"]] == [str(se.programme.code)]
    assert client.get("/api/v1/indicator-values/not-a-code/").status_code == 404
    assert (
        client.get("/api/v1/indicator-values/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_a_small_aggregate_of_pmes_you_do_not_follow_is_withheld(
    world: World, se: SE, small_version
) -> None:
    stranger = CompanyFactory(
        cluster=world.cluster, name="Stranger", consultants=[world.users["other_consultant"]]
    )
    diagnostic = submitted_with_plan(stranger, world.users["other_consultant"], small_version)
    assessment_validate(assessment=diagnostic, by=world.users["staff"])
    Assessment.objects.filter(pk=diagnostic.pk).update(
        validated_at=datetime.datetime(2026, 8, 3, 10, tzinfo=datetime.UTC)
    )
    quarter = Period.objects.get(code=QUARTER)
    services.indicator_values_refresh(period=quarter, cluster=world.cluster)
    value = IndicatorValue.objects.get(indicator__code="pme-t0-validated", cluster=world.cluster)
    assert (value.value, value.n) == (Decimal("1.00"), 1)
    consultant = api(world, "consultant")
    listed = consultant.get("/api/v1/indicator-values/", {"indicator": "pme-t0-validated"})
    assert [(v["hidden"], v["value"], v["n"]) for v in listed.json()["results"]] == [
        (True, None, None)
    ]
    detail = consultant.get(value_url(value)).json()
    assert (detail["value"], detail["live"], detail["sources"]) == (None, None, [])
    assert all(c["after"] is None for c in detail["history"])
    assert "Stranger" not in consultant.get(value_url(value)).content.decode()
    table = consultant.get(f"/api/v1/periods/{QUARTER}/table/", {"scope": "ce3m"}).json()
    row = next(r for r in table["rows"] if r["indicator"] == "pme-t0-validated")
    assert (row["hidden"], row["actual"], row["n"]) == (True, None, None)
    staff = api(world, "staff").get(value_url(value)).json()
    assert (staff["hidden"], staff["value"], staff["sources"][0]["label"]) == (
        False,
        1.0,
        "Stranger",
    )


def test_only_the_coordinator_locks_a_period_and_only_once(world: World, se: SE) -> None:
    for role in ("staff", "consultant"):
        assert api(world, role).post(f"/api/v1/periods/{QUARTER}/lock/").status_code == 403
    assert api(world, "manager").post(f"/api/v1/periods/{QUARTER}/lock/").status_code == 403
    assert not Period.objects.get(code=QUARTER).locked

    response = api(world, "coordinator").post(f"/api/v1/periods/{QUARTER}/lock/")
    assert response.status_code == 200
    assert (response.json()["locked"], response.json()["locked_by"]) == (True, "coordinator")
    again = api(world, "coordinator").post(f"/api/v1/periods/{QUARTER}/lock/")
    assert again.status_code == 400
    assert again.json()["detail"]  # the service's message (French by default)
    assert api(world, "coordinator").post("/api/v1/periods/no-such/lock/").status_code == 404


def test_staff_save_the_computed_values_of_their_cluster_only(world: World, se: SE) -> None:
    url = f"/api/v1/periods/{QUARTER}/refresh/"
    response = api(world, "staff").post(url, {"scope": "ce3m"})
    assert response.status_code == 200, response.content
    saved = response.json()["values"]
    assert saved
    assert {v["scope"] for v in saved} == {"ce3m"}
    assert IndicatorValue.objects.filter(
        cluster=world.cluster, period__code=QUARTER, indicator__kind="computed"
    ).count() == len(saved)

    assert api(world, "staff").post(url, {"scope": "agro"}).status_code == 404
    assert api(world, "staff").post(url, {"scope": "programme"}).status_code == 404
    assert api(world, "consultant").post(url, {"scope": "ce3m"}).status_code == 403
    assert api(world, "manager").post(url, {"scope": "ce3m"}).status_code == 403
    assert api(world, "staff").post(url, {}).status_code == 400
    theirs = IndicatorValue.objects.filter(cluster=world.other_cluster, indicator__kind="computed")
    assert not theirs.exists()


def test_a_locked_period_is_not_refreshed(world: World, se: SE) -> None:
    services.period_lock(period=Period.objects.get(code=QUARTER), by=world.users["coordinator"])
    response = api(world, "staff").post(f"/api/v1/periods/{QUARTER}/refresh/", {"scope": "ce3m"})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_values_evidence_downloads_for_those_who_see_the_value(world: World, se: SE) -> None:
    value = services.indicator_value_enter(
        indicator=se.ours.indicator,
        period=se.ours.period,
        cluster=world.cluster,
        by=world.users["staff"],
        value=Decimal("4.40"),
        n=3,
        comment="Survey",
        evidence=SimpleUploadedFile("enquete.pdf", PDF),
    )
    detail = api(world, "staff").get(value_url(value)).json()
    assert detail["evidence_url"] == value_url(value, "evidence")

    download = api(world, "coordinator").get(value_url(value, "evidence"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert api(world, "other_staff").get(value_url(value, "evidence")).status_code == 404
    assert api(world, "manager").get(value_url(value, "evidence")).status_code == 403
    no_file = api(world, "staff").get(value_url(se.theirs, "evidence"))
    assert no_file.status_code == 404


def test_an_unknown_period_or_indicator_in_the_body_is_named(world: World, se: SE) -> None:
    client = api(world, "staff")
    client.cookies["django_language"] = "en"
    where = {"indicator": "pme-satisfaction", "period": QUARTER, "scope": "ce3m", "value": 4}
    for field in ("period", "indicator"):
        response = client.post("/api/v1/indicator-values/enter/", {**where, field: "nope"})
        assert response.status_code == 400
        assert response.json()[field] == [f"No {field} has this code."]


@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_an_indicator_shows_only_the_targets_of_the_users_clusters(world, role) -> None:
    se_world(world)
    body = api(world, role).get("/api/v1/indicators/").json()
    first = body["results"][0]["code"]
    detail = api(world, role).get(f"/api/v1/indicators/{first}/").json()
    listed = {t["scope"] for indicator in body["results"] for t in indicator["targets"]}
    assert listed == {t["scope"] for t in detail["targets"]} == {"ce3m"}


def test_bulk_review_through_the_api_keeps_four_eyes(world: World, se: SE) -> None:
    for value, by in ((se.ours, "staff"), (se.programme, "coordinator")):
        services.indicator_value_submit(
            indicator=value.indicator,
            period=value.period,
            cluster=value.cluster,
            by=world.users[by],
        )
    client = api(world, "coordinator")
    response = client.post(
        "/api/v1/indicator-values/review/",
        {"values": [str(se.ours.code), str(se.programme.code)], "action": "approve"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["done"] == [str(se.ours.code)]
    assert [s["code"] for s in body["skipped"]] == [str(se.programme.code)]
    assert "(quatre yeux)" in body["skipped"][0]["reason"]  # French by default
    assert IndicatorValue.objects.get(pk=se.programme.pk).status == "submitted"
    assert IndicatorValue.objects.get(pk=se.ours.pk).status == "approved"


def test_bulk_review_through_the_api_is_for_approvers_and_known_values(
    world: World, se: SE
) -> None:
    body = {"values": [str(se.ours.code)], "action": "approve"}
    url = "/api/v1/indicator-values/review/"
    assert api(world, "staff").post(url, body, format="json").status_code == 403
    unknown = {"values": ["00000000-0000-0000-0000-000000000000"], "action": "approve"}
    assert api(world, "coordinator").post(url, unknown, format="json").status_code == 404
    no_comment = {"values": [str(se.ours.code)], "action": "return"}
    assert api(world, "coordinator").post(url, no_comment, format="json").status_code == 400
