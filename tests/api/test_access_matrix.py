"""Every role × every API operation on another cluster's objects: 403 or 404, nothing leaks.

The operations come from the generated OpenAPI schema, so a new endpoint is in the matrix
the day it is added (and fails here until the table below says how to call it).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator

from assessments.accompaniment.models import PlanDay, PlanSlot
from assessments.models import Answer, Assessment, Company, Evidence
from assessments.roles import Role
from reports.documents.models import Report
from reports.monitoring.models import Activity, IndicatorValue, Measurement, Period
from tests.api.conftest import World, client_for
from tests.api.test_activities_api import activities_world
from tests.api.test_documents_api import documents_world
from tests.api.test_evidence_api import PNG, attach
from tests.api.test_indicators_api import QUARTER, se_world
from tests.api.test_measurements_api import measurements_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["consultant", "manager", "staff", "nobody"]
# Framework content is the same for everyone: not scoped, so not in the matrix.
# So is the logframe (indicators); its targets per scope are tested in test_indicators_api.
UNSCOPED = ("/api/v1/frameworks/", "/api/v1/indicators/")
IMPORT_CSV = b"name;ice;sector;region;city;headcount\nX;002345678000033;plastics;FMK;Fes;10-49\n"


def operations() -> list[tuple[str, str]]:
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [
        (method.upper(), path)
        for path, methods in paths.items()
        for method in methods
        if "{" in path and not path.startswith(UNSCOPED)
    ]


def foreign_path(path: str, world: World, diagnostic: Assessment) -> str:
    """The operation's URL on the other cluster's objects."""
    slot = PlanSlot.objects.filter(day__plan=world.other_plan, kind="action").first()
    item = world.other_submitted.roadmap.items.first()
    resource = path.split("/")[3]
    code = {
        "clusters": world.other_cluster.code,
        "pmes": world.other_company.code,
        "diagnostics": diagnostic.code,
        "plans": world.other_plan.code,
        "roadmap-actions": item.code if item else "",
        "evidence": Evidence.objects.get(answer__assessment=world.other_draft).code,
        "periods": QUARTER,
        "indicator-values": IndicatorValue.objects.get(cluster=world.other_cluster).code,
        "activities": Activity.objects.get(cluster=world.other_cluster).code,
        "documents": Report.objects.get(assessment=world.other_submitted).code,
        "measurements": Measurement.objects.get(company=world.other_company).code,
    }[resource]
    return (
        path.replace("{code}", str(code))
        .replace("{question}", "A1")
        .replace("{slot_id}", str(slot.pk if slot else 0))
        .replace("{number}", "2")
        .replace("/table/", f"/table/?scope={world.other_cluster.code}")
    )


def body(method: str, path: str, world: World) -> tuple[dict, str]:
    """A request that would succeed if the object were the user's own."""
    item = world.other_submitted.roadmap.items.first()
    bodies = {
        "/answers/{question}/": {"level": 2, "comment": "x"},
        "/targets/": {"targets": [{"axis": "A", "level": 4}]},
        "/reopen/": {"reason": "Test"},
        "/slots/": {"item": str(item.code), "day": 3, "half_days": 1},
        "/roadmap-actions/{code}/move/": {"offset": 1},
        "/move/": {"day": 5},
        "/days/{number}/": {"objectives": "Leaked?"},
        "/log/": {"outcome": "done"},
        "/roadmap-actions/{code}/": {"horizon": "long", "removed": True},
        "/pmes/{code}/": {"city": "Rabat", "name": "Renamed"},
        "/confirm/": {"token": "x"},
        "/activities/{code}/": {"title": "Leaked?"},
        "/measurements/{code}/": {"jobs_men": 99},
        "/roadmap/actions/": {
            "axis": "A",
            "title": "Leaked?",
            "effort_half_days": 1,
            "impact": 1,
            "horizon": "quick",
        },
        "/indicator-values/{code}/return/": {"comment": "Leaked?"},
        "/reapprove/": {"reason": "Leaked?"},
        "/periods/{code}/refresh/": {"scope": world.other_cluster.code},
    }
    if path.endswith("/import/"):
        return {"file": SimpleUploadedFile("pmes.csv", IMPORT_CSV)}, "multipart"
    if path.endswith("/evidence/") and method == "POST":
        return {"file": SimpleUploadedFile("photo.png", PNG)}, "multipart"
    if method in ("GET", "DELETE"):
        return {}, "json"
    found = next((data for end, data in bodies.items() if path.endswith(end)), {})
    return found, "json"


def snapshot(world: World) -> tuple:
    company = Company.objects.get(pk=world.other_company.pk)
    return (
        (company.name, company.city),
        list(Answer.objects.filter(assessment__company=company).values_list("level", "comment")),
        list(Assessment.objects.filter(company=company).values_list("status", flat=True)),
        list(PlanSlot.objects.filter(day__plan=world.other_plan).values_list("day__number")),
        list(PlanDay.objects.filter(plan=world.other_plan).values_list("objectives", "outcome")),
        list(world.other_submitted.roadmap.items.values_list("horizon", "removed")),
        Company.objects.count(),
        list(Activity.objects.values_list("title", "date")),
        list(Report.objects.values_list("status", "version")),
        list(Evidence.objects.values_list("code", flat=True)),
        list(IndicatorValue.objects.values_list("value", "status", "comment")),
        list(Period.objects.filter(locked=True).values_list("code", flat=True)),
        list(Measurement.objects.values_list("jobs_men", "status")),
    )


def allowed_to_see(role: str, path: str, method: str) -> bool:
    """Consultants see every cluster (they register PMEs anywhere), as in the app."""
    return role == "consultant" and method == "GET" and path == "/api/v1/clusters/{code}/"


@pytest.fixture(autouse=True)
def se_values(world: World) -> None:
    """The logframe, and an S&E value in each cluster and for the programme."""
    se_world(world)


@pytest.fixture(autouse=True)
def foreign_evidence(world: World, settings, tmp_path) -> None:
    """An evidence file on the other cluster's draft."""
    settings.MEDIA_ROOT = tmp_path
    attach(world.other_draft, world)


@pytest.fixture(autouse=True)
def se_documents(world: World, settings, tmp_path) -> None:
    """An activity and a ready PDF roadmap in each cluster."""
    settings.MEDIA_ROOT = settings.DATA_DIR = tmp_path
    activities_world(world)
    documents_world(world)
    measurements_world(world)


@pytest.fixture
def nobody(world: World) -> None:
    world.users["nobody"] = UserFactory(username="nobody")


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_another_clusters_objects_through_any_operation(
    world: World, nobody, role
) -> None:
    client = client_for(world.users[role])
    before = snapshot(world)
    secrets = [world.other_company.name, world.other_company.ice]
    checked = []
    for method, path in operations():
        for diagnostic in (world.other_draft, world.other_submitted):
            url = foreign_path(path, world, diagnostic)
            data, format_ = body(method, path, world)
            response = client.generic(method, url) if not data else None
            if data:
                response = getattr(client, method.lower())(url, data, format=format_)
            expected = {200} if allowed_to_see(role, path, method) else {403, 404}
            assert response.status_code in expected, (role, method, url, response.content)
            content = response.content.decode()
            assert not any(secret in content for secret in secrets), (role, method, url)
            checked.append((method, path))
    assert snapshot(world) == before
    assert len(set(checked)) >= 20


@pytest.mark.parametrize("role", ROLES)
def test_lists_never_show_another_clusters_objects(world: World, nobody, role) -> None:
    client = client_for(world.users[role])
    for url in ("/api/v1/pmes/", "/api/v1/diagnostics/", "/api/v1/plans/"):
        response = client.get(url, {"page_size": 200})
        assert response.status_code == 200
        content = response.content.decode()
        for secret in (world.other_company.name, world.other_company.ice):
            assert secret not in content, (role, url)
        for code in (world.other_draft.code, world.other_submitted.code, world.other_plan.code):
            assert str(code) not in content, (role, url)


def test_the_coordinator_reaches_both_clusters(world: World) -> None:
    client = client_for(world.users["coordinator"])
    assert client.get(f"/api/v1/pmes/{world.other_company.code}/").status_code == 200
    assert client.get(f"/api/v1/plans/{world.other_plan.code}/").status_code == 200


def test_a_user_without_a_role_sees_nothing(world: World, nobody) -> None:
    client = client_for(world.users["nobody"])
    assert client.get("/api/v1/pmes/").json()["count"] == 0
    assert client.get("/api/v1/clusters/").json()["count"] == 0
    assert Role.CONSULTANT not in world.users["nobody"].groups.values_list("name", flat=True)
