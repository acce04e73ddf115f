"""The quarterly S&E brief: who may ask for it, what its PDF says, who may download it."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from pypdf import PdfReader

from assessments.roles import Role
from reports.documents import services as services
from reports.documents.models import Report
from reports.monitoring.models import Indicator, Period
from tests.factories import UserFactory
from tests.reports.monitoring.test_dashboard import client_for
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


@pytest.fixture
def staff(dataset):  # type: ignore[no-untyped-def]
    user = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    dataset["c1"].staff.add(user)
    return user


@pytest.fixture
def q4(dataset) -> Period:  # type: ignore[no-untyped-def]
    return Period.objects.get(code="2026-Q4")


def brief_text(report: Report) -> str:
    rendered = services.report_render(report_id=report.pk)
    assert rendered is not None
    assert rendered.status == Report.Status.READY, rendered.error
    data = services.report_path(rendered).read_bytes()
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_brief_names_the_cluster_the_period_and_the_indicators(dataset, staff, q4) -> None:
    report = services.brief_request(cluster=dataset["c1"], period=q4, language="fr", by=staff)
    assert report.kind == Report.Kind.SE_BRIEF
    assert report.version == 1
    text = brief_text(report)
    with translation.override("fr"):
        assert q4.name in text
        assert Indicator.objects.first().name in text
    assert "Cluster CE3M" in text
    assert "Indicateur" in text


def test_the_english_brief_is_in_english(dataset, staff, q4) -> None:
    report = services.brief_request(cluster=dataset["c1"], period=q4, language="en", by=staff)
    text = brief_text(report)
    assert "Quarterly S&E brief" in text
    assert "Indicator" in text
    with translation.override("en"):
        assert q4.name in text


def test_staff_request_a_brief_from_the_dashboard(dataset, staff, q4) -> None:
    client = client_for(staff)
    response = client.post("/reports/se/2026-Q4/ce3m/brief/", {"language": "en"})
    assert response.status_code == 302
    brief = Report.objects.get(kind=Report.Kind.SE_BRIEF)
    assert brief.cluster == dataset["c1"]
    page = client.get("/reports/se/?period=2026-Q4&scope=ce3m")
    assert 'id="briefs"' in page.content.decode()
    assert page.context["briefs"] == [brief]


def test_another_clusters_staff_can_neither_request_nor_download(dataset, staff, q4) -> None:
    report = services.brief_request(cluster=dataset["c1"], period=q4, language="fr", by=staff)
    services.report_render(report_id=report.pk)
    other = UserFactory(username="staff-agro", role=Role.CLUSTER_STAFF)
    dataset["c2"].staff.add(other)
    client = client_for(other)
    assert client.get(f"/reports/pdf/{report.code}/download/").status_code == 404
    response = client.post("/reports/se/2026-Q4/ce3m/brief/", {"language": "fr"})
    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.brief_request(cluster=dataset["c1"], period=q4, language="fr", by=other)
    assert client_for(staff).get(f"/reports/pdf/{report.code}/download/").status_code == 200


def test_a_pme_manager_cannot_request_a_brief(dataset, q4) -> None:
    manager = UserFactory(username="manager", role=Role.PME_MANAGER)
    response = client_for(manager).post("/reports/se/2026-Q4/ce3m/brief/", {"language": "fr"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.brief_request(cluster=dataset["c1"], period=q4, language="fr", by=manager)
    assert not Report.objects.filter(kind=Report.Kind.SE_BRIEF).exists()


def test_a_consultant_following_one_pme_reads_no_brief_of_its_cluster(dataset, staff, q4) -> None:
    # The brief is drawn for the staff, without the small-n suppression the consultant's
    # dashboard applies: reading it would give away the other PMEs' figures.
    report = services.brief_request(cluster=dataset["c1"], period=q4, language="fr", by=staff)
    services.report_render(report_id=report.pk)
    consultant = UserFactory(username="outsider", role=Role.CONSULTANT)
    dataset["companies"]["P3"].consultants.add(consultant)
    client = client_for(consultant)
    page = client.get("/reports/se/?period=2026-Q4&scope=ce3m")
    assert page.status_code == 200  # the consultant follows ce3m read-only
    assert 'id="briefs"' not in page.content.decode()
    assert client.get(f"/reports/pdf/{report.code}/download/").status_code == 404
    api = client.get("/api/v1/documents/")
    assert api.status_code == 200
    assert str(report.code) not in api.content.decode()
