"""Every role × every page that takes an object × an object of another cluster: no data.

A new URL with an object in it (assessments or reports) must be added to the matrix, or
the last test fails.
"""

import datetime
import hashlib
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import ERROR, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.models import PlanSlot, RoadmapItem
from assessments.archive import programme_records
from assessments.models import Assessment, Evidence
from assessments.roles import Role
from assessments.selectors import applicable_questions
from assessments.selfassessment import services as self_services
from assessments.selfassessment.models import SelfAssessment
from reports.documents import services as report_services
from reports.documents.models import Report
from reports.monitoring.models import Indicator, IndicatorValue, Period, Person
from reports.monitoring.services import activities as services_activities
from reports.monitoring.services import indicators as services_indicators
from reports.monitoring.services import narratives as services_narratives
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from reports.monitoring.services.measurements import measurement_create
from tests.factories import VISIT, ClusterFactory, CompanyFactory, UserFactory
from tests.reports.monitoring.test_logframe import LOGFRAME

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%%EOF"
PERIOD = "2026-Q4"
COLLECTED = "pme-satisfaction"
ROLES = ["consultant", "pme_manager", "cluster_staff", "nobody"]
# What the other cluster must never show: its PME, its S&E comments, activities, people.
SECRETS = {
    "PME name": "Huilerie Secrète",
    "ICE": "999999999999999",
    "value comment": "Secret comment of agro",
    "activity title": "Secret webinar of agro",
    "participant": "Secretina Alaoui",
    "narrative": "Secret progress of agro",
}
HOSTILE_POST = {
    "day": 1,
    "reason": "x",
    "A1-choice": "5",
    "value": "5",
    "n": "3",
    "comment": "overwritten",
    "evidence_link": "https://evil.example.org/",
    "submit": "1",
    "language": "fr",
    "kind": "webinar",
    "title": "overwritten",
    "date": "2026-10-03",
    "hours": "1",
    "people-TOTAL_FORMS": "1",
    "people-INITIAL_FORMS": "0",
    "people-0-name": "Intruder",
    "people-0-sex": "F",
    "people-0-role": "other",
    "people-0-count": "1",
}


def build_world(cluster_code: str, name: str, ice: str, version) -> dict:
    cluster = ClusterFactory(code=cluster_code, name=f"Cluster {cluster_code}")
    consultant = UserFactory(role=Role.CONSULTANT)
    manager = UserFactory(role=Role.PME_MANAGER)
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    company = CompanyFactory(
        cluster=cluster, name=name, ice=ice, consultants=[consultant], managers=[manager]
    )
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    for question in applicable_questions(assessment):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=1)
    answer = assessment.answers.first()
    evidence = services.evidence_add(
        answer=answer, upload=SimpleUploadedFile("preuve.png", PNG), by=consultant
    )
    services.assessment_submit(assessment=assessment, by=consultant)
    plan = accompaniment_services.plan_propose(assessment=assessment)
    self_assessment = self_services.self_assessment_start(company=company, by=manager)
    measurement = measurement_create(
        by=consultant,
        company=company,
        stage="baseline",
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2026, 9, 30),
        evidence=SimpleUploadedFile("factures.pdf", PDF),
    )
    return {
        "users": {
            "consultant": consultant,
            "pme_manager": manager,
            "cluster_staff": staff,
            "nobody": UserFactory(),
        },
        "cluster": cluster,
        "company": company,
        "assessment": Assessment.objects.get(pk=assessment.pk),
        "evidence": evidence,
        "plan": plan,
        "item": RoadmapItem.objects.filter(roadmap__assessment=assessment).first(),
        "slot": PlanSlot.objects.filter(day__plan=plan, kind="action").first(),
        "measurement": measurement,
        "self_assessment": self_assessment,
    }


def _ready(report: Report) -> Report:
    """A rendered report, without the cost of rendering it."""
    report.file = f"test/{report.code}.pdf"
    report_services.report_path(report).parent.mkdir(parents=True, exist_ok=True)
    report_services.report_path(report).write_bytes(PDF)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY,
        file=report.file,
        checksum=hashlib.sha256(PDF).hexdigest(),
        size=len(PDF),
        pages=1,
    )
    return Report.objects.get(pk=report.pk)


def add_se(w: dict, secret: str) -> None:
    """The world's S&E records: a collected value, an activity with people, its PDFs."""
    staff, consultant = w["users"]["cluster_staff"], w["users"]["consultant"]
    period = Period.objects.get(code=PERIOD)
    w["value"] = services_indicators.indicator_value_enter(
        indicator=Indicator.objects.get(code=COLLECTED),
        period=period,
        cluster=w["cluster"],
        by=staff,
        value=Decimal("4.00"),
        n=3,
        comment=f"{secret} comment of {w['cluster'].code}",
        evidence=SimpleUploadedFile("enquete.pdf", PDF),
    )
    w["activity"] = services_activities.activity_create(
        by=staff,
        cluster=w["cluster"],
        kind="webinar",
        title=f"{secret} webinar of {w['cluster'].code}",
        date=datetime.date(2026, 10, 2),
        evidence=SimpleUploadedFile("presence.pdf", PDF),
        participants=[
            {"name": f"{secret}ina Alaoui", "sex": "F", "role": "pme", "count": 1},
        ],
    )
    roadmap = report_services.report_request(
        assessment=w["assessment"], language="fr", by=consultant
    )
    w["report"] = _ready(roadmap)
    failed = report_services.report_request(
        assessment=w["assessment"], language="en", by=consultant
    )
    w["failed_report"] = report_services.report_fail(report_id=failed.pk, reason="test")
    brief = report_services.brief_request(
        cluster=w["cluster"], period=period, language="fr", by=staff
    )
    w["brief"] = _ready(brief)
    w["narrative"] = services_narratives.narrative_save(
        period=period,
        cluster=w["cluster"],
        by=staff,
        progress=f"{secret} progress of {w['cluster'].code}",
        risks="Risks",
        next_steps="Next",
        submit=True,
    )


def object_urls(w: dict) -> dict[str, str]:
    a, p, m = w["assessment"].code, w["plan"].code, w["measurement"].code
    return {
        "company_detail": reverse("assessments:company_detail", args=[w["company"].code]),
        "company_edit": reverse("assessments:company_edit", args=[w["company"].code]),
        "assessment_start": reverse("assessments:assessment_start", args=[w["company"].code]),
        "assessment_detail": reverse("assessments:assessment_detail", args=[a]),
        "targets_save": reverse("assessments:targets_save", args=[a]),
        "assessment_submit": reverse("assessments:assessment_submit", args=[a]),
        "assessment_validate": reverse("assessments:assessment_validate", args=[a]),
        "assessment_reopen": reverse("assessments:assessment_reopen", args=[a]),
        "results": reverse("assessments:results", args=[a]),
        "assessment_resume": reverse("assessments:assessment_resume", args=[a]),
        "axis_page": reverse("assessments:axis_page", args=[a, "A"]),
        "answer_save": reverse("assessments:answer_save", args=[a, "A1"]),
        "evidence_upload": reverse("assessments:evidence_upload", args=[a, "A1"]),
        "evidence_send": reverse("assessments:evidence_send", args=[a, "A1"]),
        "evidence_download": reverse("assessments:evidence_download", args=[w["evidence"].code]),
        "evidence_delete": reverse("assessments:evidence_delete", args=[w["evidence"].code]),
        "roadmap": reverse("assessments:roadmap", args=[a]),
        "roadmap_propose": reverse("assessments:roadmap_propose", args=[a]),
        "roadmap_add": reverse("assessments:roadmap_add", args=[a]),
        "roadmap_targets": reverse("assessments:roadmap_targets", args=[a]),
        "roadmap_item_change": reverse(
            "assessments:roadmap_item_change", args=[w["item"].code, "remove"]
        ),
        "plan_propose": reverse("assessments:plan_propose", args=[a]),
        "plan_detail": reverse("assessments:plan_detail", args=[p]),
        "plan_slot_add": reverse("assessments:plan_slot_add", args=[p]),
        "plan_schedule": reverse("assessments:plan_schedule", args=[p]),
        "plan_slot_move": reverse("assessments:plan_slot_move", args=[p, w["slot"].pk]),
        "plan_slot_remove": reverse("assessments:plan_slot_remove", args=[p, w["slot"].pk]),
        "plan_day_edit": reverse("assessments:plan_day_edit", args=[p, 1]),
        "plan_day_log": reverse("assessments:plan_day_log", args=[p, 1]),
        "plan_day_sheet": reverse("assessments:plan_day_sheet", args=[p, 1]),
        "plan_participant_remove": reverse("assessments:plan_participant_remove", args=[p, 1, 1]),
        "plan_print": reverse("assessments:plan_print", args=[p]),
        "plan_reopen": reverse("assessments:plan_reopen", args=[p]),
        "plan_transition": reverse("assessments:plan_transition", args=[p, "agree"]),
        "roadmap_item_track": reverse("assessments:roadmap_item_track", args=[w["item"].code]),
        "synthesis": reverse("assessments:synthesis", args=[a]),
        "roadmap_export": reverse("reports:roadmap_export", args=[a, "xlsx"]),
        "roadmap_export:docx": reverse("reports:roadmap_export", args=[a, "docx"]),
        "self_assessment": reverse("assessments:self_assessment", args=[w["company"].code]),
        "self_answer_save": reverse("assessments:self_answer_save", args=[w["company"].code, "A1"]),
        "divergences": reverse("assessments:divergences", args=[a]),
        "se_measurements": reverse("reports:se_measurements", args=[w["company"].code]),
        "se_measurement_new": reverse("reports:se_measurement_new", args=[w["company"].code]),
        "se_measurement": reverse("reports:se_measurement", args=[m]),
        "se_measurement_validate": reverse("reports:se_measurement_validate", args=[m]),
        "se_measurement_evidence": reverse("reports:se_measurement_evidence", args=[m]),
    }


def scope_urls(scope: str) -> dict[str, str]:
    """The S&E pages of one scope (a cluster's code, or the programme)."""

    def se(name: str, *rest: str) -> str:
        return reverse(f"reports:{name}", args=[PERIOD, scope, *rest])

    return {
        "se_dashboard": f"{reverse('reports:se_dashboard')}?period={PERIOD}&scope={scope}",
        "se_value": se("se_value", COLLECTED),
        "se_value:computed": se("se_value", "uplift-mean"),
        "se_value_enter": se("se_value_enter", COLLECTED),
        "se_value_submit": se("se_value_submit", COLLECTED),
        "se_refresh": se("se_refresh"),
        "se_export_logframe": se("se_export_logframe"),
        "se_export_tidy": se("se_export_tidy"),
        "brief_request": se("brief_request"),
        "se_narrative": se("se_narrative"),
    }


def report_urls(w: dict) -> dict[str, str]:
    value, activity = w["value"].code, w["activity"].code
    return {
        **scope_urls(w["cluster"].code),
        "se_value_evidence": reverse("reports:se_value_evidence", args=[value]),
        "se_value_review": reverse("reports:se_value_review", args=[value, "approve"]),
        "se_value_review:return": reverse("reports:se_value_review", args=[value, "return"]),
        "se_activity": reverse("reports:se_activity", args=[activity]),
        "se_narrative_review": reverse(
            "reports:se_narrative_review", args=[w["narrative"].code, "approve"]
        ),
        "se_activity_evidence": reverse("reports:se_activity_evidence", args=[activity]),
        "se_certificate": reverse(
            "reports:se_certificate",
            args=[
                Person.objects.filter(attendances__activity=w["activity"]).first().code,
                "consultant-trained",
            ],
        ),
        "report_request": reverse("reports:report_request", args=[w["assessment"].code]),
        "report_panel": reverse("reports:report_panel", args=[w["assessment"].code]),
        "report_download": reverse("reports:report_download", args=[w["report"].code]),
        "report_download:brief": reverse("reports:report_download", args=[w["brief"].code]),
        "report_retry": reverse("reports:report_retry", args=[w["failed_report"].code]),
    }


def programme_urls() -> dict[str, str]:
    """What only the coordinator may do: the programme's pages, locking a period."""
    urls = {f"{name}:programme": url for name, url in scope_urls("programme").items()}
    return {**urls, "se_period_lock": reverse("reports:se_period_lock", args=["2026-Q3"])}


@pytest.fixture
def worlds(small_version, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    mine = build_world("ce3m", "Atlas Circuits", "111111111111111", small_version)
    theirs = build_world("agro", "Huilerie Secrète", "999999999999999", small_version)
    logframe_load(spec=parse_logframe(LOGFRAME))
    add_se(mine, "Known")
    add_se(theirs, "Secret")
    mine["users"]["coordinator"] = UserFactory(role=Role.COORDINATOR)
    return mine, theirs


def body(response: HttpResponse) -> bytes:
    """What the user receives, with the members of an xlsx (zip) file unpacked."""
    data = b"".join(getattr(response, "streaming_content", [response.content]))
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return data


def assert_no_secret(response: HttpResponse, *where: str) -> None:
    received = body(response)
    for what, secret in SECRETS.items():
        assert secret.encode() not in received, (*where, what)


def errors_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= ERROR]


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_another_clusters_objects(client, worlds, role) -> None:
    mine, theirs = worlds
    client.force_login(mine["users"][role])
    before = (Evidence.objects.count(), PlanSlot.objects.count(), Assessment.objects.count())
    for name, url in object_urls(theirs).items():
        for method in ("get", "post"):
            data = {"day": 1, "reason": "x", "A1-choice": "5", "A1": "5", "submit": "1"}
            response = getattr(client, method)(url, data)
            assert response.status_code in (403, 404, 405), (role, name, method)
            assert_no_secret(response, role, name, method)
    assert (
        Evidence.objects.count(),
        PlanSlot.objects.count(),
        Assessment.objects.count(),
    ) == before
    assert theirs["assessment"].answers.filter(level=5).count() == 0
    assert not theirs["self_assessment"].answers.exists()
    assert SelfAssessment.objects.get(pk=theirs["self_assessment"].pk).is_editable


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_another_clusters_reports(client, worlds, role) -> None:
    mine, theirs = worlds
    client.force_login(mine["users"][role])
    before = programme_records()
    urls = {**report_urls(theirs), **programme_urls()}
    for name, url in urls.items():
        data = {**HOSTILE_POST, "cluster": theirs["cluster"].pk}
        for method in ("get", "post"):
            response = getattr(client, method)(url, data)
            assert_no_secret(response, role, name, method)
            if name.startswith("se_dashboard") and response.status_code == 200:
                # An unknown scope in the filter falls back to the viewer's own cluster.
                assert response.context["cluster"] == mine["cluster"], (role, name, method)
            elif name == "se_period_lock" and response.status_code == 302:
                assert errors_of(response), (role, name, method)
            else:
                assert response.status_code in (403, 404, 405), (role, name, method)
    assert programme_records() == before


def test_the_rightful_users_reach_their_own_reports(client, worlds) -> None:
    """The same URLs answer their rightful users, so the matrix cannot pass by being broken."""
    mine, _theirs = worlds
    users = mine["users"]
    urls = {**report_urls(mine), **programme_urls()}
    reads = {
        "cluster_staff": [
            "se_dashboard",
            "se_value",
            "se_value:computed",
            "se_value_evidence",
            "se_activity",
            "se_activity_evidence",
            "se_export_logframe",
            "se_export_tidy",
            "se_narrative",
            "report_download:brief",
        ],
        "consultant": ["se_value", "se_activity", "report_panel", "report_download"],
        "pme_manager": ["report_download"],
        "coordinator": [
            "se_dashboard:programme",
            "se_value:programme",
            "se_value:computed:programme",
            "se_export_logframe:programme",
            "se_export_tidy:programme",
        ],
    }
    for role, names in reads.items():
        client.force_login(users[role])
        for name in names:
            response = client.get(urls[name])
            assert response.status_code == 200, (role, name)
    client.force_login(users["cluster_staff"])
    assert "Known webinar of ce3m" in client.get(urls["se_activity"]).content.decode()
    assert "Known comment of ce3m" in client.get(urls["se_value"]).content.decode()
    # Writes, in an order that lets each succeed: one redirect, no error message.
    writes = [
        ("cluster_staff", "se_value_submit", {}),
        ("coordinator", "se_value_review:return", {"reason": "Check the survey."}),
        ("cluster_staff", "se_value_enter", {"value": "4.5", "comment": "Known, again"}),
        ("cluster_staff", "se_value_submit", {}),
        ("coordinator", "se_value_review", {}),
        ("cluster_staff", "se_refresh", {}),
        ("cluster_staff", "brief_request", {"language": "en"}),
        ("consultant", "report_request", {"language": "en"}),
        ("consultant", "report_retry", {}),
        ("coordinator", "se_value_enter:programme", {"value": "4", "comment": "programme"}),
        ("coordinator", "se_value_submit:programme", {}),
        ("coordinator", "se_refresh:programme", {}),
        ("coordinator", "se_period_lock", {"confirm": "on"}),
    ]
    for role, name, data in writes:
        client.force_login(users[role])
        response = client.post(urls[name], data)
        assert (response.status_code, errors_of(response)) == (302, []), (role, name)
    value = IndicatorValue.objects.get(pk=mine["value"].pk)
    assert (value.value, value.status) == (Decimal("4.50"), IndicatorValue.Status.APPROVED)
    assert Report.objects.filter(kind=Report.Kind.SE_BRIEF, language="en").exists()
    assert Report.objects.get(pk=mine["failed_report"].pk).status == Report.Status.QUEUED
    assert Period.objects.get(code="2026-Q3").locked


def test_lists_show_nothing_of_another_cluster(client, worlds) -> None:
    mine, _theirs = worlds
    lists = [
        reverse("assessments:company_list"),
        reverse("reports:se_dashboard"),
        reverse("reports:se_periods"),
        reverse("reports:se_activities"),
        reverse("reports:se_activity_new"),
    ]
    for role, user in mine["users"].items():
        if role == "coordinator":
            continue
        client.force_login(user)
        for url in lists:
            assert_no_secret(client.get(url), role, url)


def test_every_url_with_an_object_is_in_the_matrix(worlds) -> None:
    mine, _theirs = worlds
    matrix = {**object_urls(mine), **report_urls(mine), **programme_urls()}
    covered = {name.split(":")[0] for name in matrix}
    resolver = get_resolver()
    names = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and namespace in ("assessments", "reports")
                and "<" in str(pattern.pattern)
                and pattern.name
            ):
                names.add(pattern.name)

    walk(resolver.url_patterns, "")
    assert {"se_value", "report_download", "company_detail"} <= names
    assert names <= covered, " ".join(sorted(names - covered))
