"""Every role × every page that takes an object × an object of another cluster: no data.

A new URL with an object in it must be added to OBJECT_URLS, or the last test fails.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments import services
from assessments.models import Assessment, Evidence, PlanSlot, RoadmapItem
from assessments.roles import Role
from assessments.selectors import applicable_questions

from .factories import VISIT, ClusterFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


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
    plan = services.plan_propose(assessment=assessment)
    return {
        "users": {"consultant": consultant, "pme_manager": manager, "cluster_staff": staff},
        "company": company,
        "assessment": Assessment.objects.get(pk=assessment.pk),
        "evidence": evidence,
        "plan": plan,
        "item": RoadmapItem.objects.filter(roadmap__assessment=assessment).first(),
        "slot": PlanSlot.objects.filter(day__plan=plan, kind="action").first(),
    }


def object_urls(w: dict) -> dict[str, str]:
    a, p = w["assessment"].code, w["plan"].code
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
        "evidence_download": reverse("assessments:evidence_download", args=[w["evidence"].code]),
        "evidence_delete": reverse("assessments:evidence_delete", args=[w["evidence"].code]),
        "roadmap": reverse("assessments:roadmap", args=[a]),
        "roadmap_propose": reverse("assessments:roadmap_propose", args=[a]),
        "roadmap_add": reverse("assessments:roadmap_add", args=[a]),
        "roadmap_item_change": reverse(
            "assessments:roadmap_item_change", args=[w["item"].code, "remove"]
        ),
        "plan_propose": reverse("assessments:plan_propose", args=[a]),
        "plan_detail": reverse("assessments:plan_detail", args=[p]),
        "plan_slot_add": reverse("assessments:plan_slot_add", args=[p]),
        "plan_slot_move": reverse("assessments:plan_slot_move", args=[p, w["slot"].pk]),
        "plan_slot_remove": reverse("assessments:plan_slot_remove", args=[p, w["slot"].pk]),
        "plan_day_edit": reverse("assessments:plan_day_edit", args=[p, 1]),
        "plan_day_log": reverse("assessments:plan_day_log", args=[p, 1]),
        "plan_transition": reverse("assessments:plan_transition", args=[p, "agree"]),
    }


@pytest.fixture
def worlds(small_version, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine = build_world("ce3m", "Atlas Circuits", "111111111111111", small_version)
    theirs = build_world("agro", "Huilerie Secrète", "999999999999999", small_version)
    return mine, theirs


@pytest.mark.parametrize("role", ["consultant", "pme_manager", "cluster_staff"])
def test_no_role_reaches_another_clusters_objects(client, worlds, role) -> None:
    mine, theirs = worlds
    client.force_login(mine["users"][role])
    before = (Evidence.objects.count(), PlanSlot.objects.count(), Assessment.objects.count())
    for name, url in object_urls(theirs).items():
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"day": 1, "reason": "x", "A1-choice": "5"})
            assert response.status_code in (403, 404, 405), (role, name, method)
            body = b"".join(getattr(response, "streaming_content", [response.content]))
            assert b"Secr" not in body, (role, name, method)
            assert b"999999999999999" not in body, (role, name, method)
    assert (
        Evidence.objects.count(),
        PlanSlot.objects.count(),
        Assessment.objects.count(),
    ) == before
    assert theirs["assessment"].answers.filter(level=5).count() == 0


def test_lists_show_nothing_of_another_cluster(client, worlds) -> None:
    mine, _theirs = worlds
    for user in mine["users"].values():
        client.force_login(user)
        page = client.get(reverse("assessments:company_list")).content
        assert b"Secr" not in page


def test_every_url_with_an_object_is_in_the_matrix(worlds) -> None:
    mine, _theirs = worlds
    covered = set(object_urls(mine))
    resolver = get_resolver()
    names = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and namespace == "assessments"
                and "<" in str(pattern.pattern)
                and pattern.name
            ):
                names.add(pattern.name)

    walk(resolver.url_patterns, "")
    assert names <= covered, sorted(names - covered)
