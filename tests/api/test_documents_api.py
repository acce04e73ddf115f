"""PDF documents through the API: ask, watch, download, with the app's rights."""

import datetime

import pytest
from django.utils import timezone

from reports.documents import services as services
from reports.documents.models import Report
from reports.monitoring.models import Period
from tests.api.conftest import World, client_for
from tests.factories import install_programme

pytestmark = pytest.mark.django_db

URL = "/api/v1/documents/"


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def period(db: None) -> Period:
    return Period.objects.create(
        programme=install_programme(),
        code="2026-Q4",
        kind="quarter",
        name_fr="T4 2026",
        name_en="Q4 2026",
        start=datetime.date(2026, 10, 1),
        end=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def ours(world: World, users) -> Report:
    """A queued roadmap of our cluster's submitted diagnostic (nothing rendered)."""
    return services.report_request(
        assessment=world.submitted, language="fr", by=users["consultant"]
    )


@pytest.fixture
def theirs(world: World, users, period) -> tuple[Report, Report]:
    roadmap = services.report_request(
        assessment=world.other_submitted, language="fr", by=users["other_consultant"]
    )
    brief = services.brief_request(
        cluster=world.other_cluster, period=period, language="en", by=users["coordinator"]
    )
    return roadmap, brief


def ready(report: Report, content: bytes = b"%PDF-1.7\n%%EOF\n") -> Report:
    """A report marked ready with a small file, without rendering it."""
    report.file = f"{report.code}.pdf"
    path = services.report_path(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    report.status, report.checksum, report.size = Report.Status.READY, "0" * 64, len(content)
    report.finished_at = timezone.now()
    report.save()
    return report


def api(users, name: str):  # type: ignore[no-untyped-def]
    return client_for(users[name])


# Rendering, end to end


@pytest.mark.usefixtures("eager_tasks")
def test_a_requested_roadmap_renders_in_process_and_downloads_as_a_pdf(
    world: World, users, django_capture_on_commit_callbacks
) -> None:
    client = api(users, "consultant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"diagnostic": str(world.submitted.code), "language": "en"}, format="json"
        )

    assert response.status_code == 202, response.content
    requested = response.json()
    assert (requested["kind"], requested["language"], requested["version"]) == ("roadmap", "en", 1)
    assert requested["diagnostic"] == str(world.submitted.code)
    document = client.get(f"{URL}{requested['code']}/").json()
    assert document["status"] == "ready", document["error"]
    assert document["size"] > 1000
    assert document["file"] == f"{URL}{requested['code']}/file/"
    download = client.get(document["file"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert len(content) == document["size"]


# Who may ask


@pytest.mark.parametrize("role", ["consultant", "staff", "coordinator"])
def test_those_who_follow_the_pme_ask_for_its_roadmap(world: World, users, role) -> None:
    response = api(users, role).post(
        URL, {"diagnostic": str(world.submitted.code), "language": "fr"}, format="json"
    )

    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    assert world.submitted.reports.count() == 1


def test_asking_again_while_pending_answers_the_same_document(world: World, users, ours) -> None:
    response = api(users, "staff").post(
        URL, {"diagnostic": str(world.submitted.code), "language": "fr"}, format="json"
    )

    assert response.json()["code"] == str(ours.code)


def test_the_pme_manager_sees_the_roadmap_and_asks_for_a_fresh_one(world: World, users, ours):  # type: ignore[no-untyped-def]
    client = api(users, "manager")

    assert client.get(f"{URL}{ours.code}/").status_code == 200
    response = client.post(
        URL, {"diagnostic": str(world.submitted.code), "language": "fr"}, format="json"
    )
    assert response.status_code in (200, 201, 202)
    assert response.json()["diagnostic"] == str(world.submitted.code)


def test_a_draft_diagnostic_has_no_roadmap(world: World, users) -> None:
    response = api(users, "consultant").post(
        URL, {"diagnostic": str(world.draft.code), "language": "fr"}, format="json"
    )

    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", ["consultant", "staff", "manager", "nobody"])
def test_nobody_asks_for_another_clusters_roadmap(world: World, users, role) -> None:
    response = api(users, role).post(
        URL, {"diagnostic": str(world.other_submitted.code), "language": "fr"}, format="json"
    )

    assert response.status_code == 400
    assert "diagnostic" in response.json()
    assert "Zitoun" not in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("staff", 202), ("coordinator", 202)])
def test_staff_and_the_coordinator_ask_for_a_clusters_brief(
    world: World, users, period, role, status
) -> None:
    response = api(users, role).post(
        URL, {"cluster": "ce3m", "period": "2026-Q4", "language": "en"}, format="json"
    )

    assert response.status_code == status, response.content
    data = response.json()
    assert (data["kind"], data["cluster"], data["period"]) == ("se_brief", "ce3m", "2026-Q4")


def test_a_consultant_cannot_ask_for_a_brief(users, period) -> None:
    response = api(users, "consultant").post(
        URL, {"cluster": "ce3m", "period": "2026-Q4", "language": "en"}, format="json"
    )

    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", ["staff", "manager", "nobody", "consultant"])
def test_nobody_asks_for_another_clusters_brief(users, period, role) -> None:
    response = api(users, role).post(
        URL, {"cluster": "agro", "period": "2026-Q4", "language": "en"}, format="json"
    )

    assert response.status_code == 400
    assert "cluster" in response.json()
    assert not Report.objects.exists()


# Who sees what


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("consultant", {"ours"}),
        ("manager", {"ours"}),
        ("staff", {"ours"}),
        ("other_staff", {"their roadmap", "their brief"}),
        ("coordinator", {"ours", "their roadmap", "their brief"}),
        ("nobody", set()),
    ],
)
def test_each_role_lists_the_documents_it_may_see(users, ours, theirs, role, sees) -> None:
    names = {ours.code: "ours", theirs[0].code: "their roadmap", theirs[1].code: "their brief"}

    response = api(users, role).get(URL)

    assert response.status_code == 200
    assert {names[Report.objects.get(code=d["code"]).code] for d in response.json()["results"]} == (
        sees
    )


@pytest.mark.parametrize("role", ["consultant", "manager", "staff", "nobody"])
def test_another_clusters_documents_are_not_found(users, theirs, role) -> None:
    client = api(users, role)
    for report in theirs:
        ready(report)
        for response in (
            client.get(f"{URL}{report.code}/"),
            client.get(f"{URL}{report.code}/file/"),
            client.post(f"{URL}{report.code}/retry/"),
        ):
            assert response.status_code == 404
            assert "agro" not in response.content.decode()


def test_filters_by_diagnostic_kind_status_and_language(world: World, users, ours, theirs):  # type: ignore[no-untyped-def]
    client = api(users, "coordinator")

    assert client.get(URL, {"diagnostic": str(world.submitted.code)}).json()["count"] == 1
    assert client.get(URL, {"diagnostic": "garbage"}).json()["count"] == 0
    assert client.get(URL, {"kind": "se_brief"}).json()["count"] == 1
    assert client.get(URL, {"status": "ready"}).json()["count"] == 0
    assert client.get(URL, {"language": "en"}).json()["count"] == 1
    assert client.get(URL, {"cluster": "agro", "period": "2026-Q4"}).json()["count"] == 1


@pytest.mark.parametrize("params", [{"diagnostic": "\x00"}, {"status": "ready\x00"}])
def test_nul_bytes_in_filters_match_nothing(users, ours, params) -> None:
    response = api(users, "coordinator").get(URL, params)

    assert response.status_code == 200
    assert response.json()["count"] == 0


# Downloads


def test_a_pending_document_cannot_be_downloaded_yet(users, ours) -> None:
    response = api(users, "consultant").get(f"{URL}{ours.code}/file/")

    assert response.status_code == 409
    assert response.json()["detail"]


def test_a_failed_document_says_so_and_can_be_retried(users, ours) -> None:
    services.report_fail(report_id=ours.pk, reason="TypeError: boom")
    client = api(users, "consultant")

    refused = client.get(f"{URL}{ours.code}/file/")
    assert refused.status_code == 409
    assert client.get(f"{URL}{ours.code}/").json()["error"] == "TypeError: boom"
    assert api(users, "other_staff").post(f"{URL}{ours.code}/retry/").status_code in (403, 404)
    retried = client.post(f"{URL}{ours.code}/retry/")
    assert retried.status_code == 202
    assert retried.json()["status"] == "queued"


def test_a_ready_document_cannot_be_retried(users, ours) -> None:
    ready(ours)

    assert api(users, "consultant").post(f"{URL}{ours.code}/retry/").status_code == 403


def test_a_ready_document_whose_file_is_gone_is_a_404_with_a_message(users, ours) -> None:
    services.report_path(ready(ours)).unlink()

    response = api(users, "consultant").get(f"{URL}{ours.code}/file/")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_client_asking_for_a_pdf_gets_the_pdf_or_a_json_refusal(users, ours) -> None:
    client = api(users, "manager")

    pending = client.get(f"{URL}{ours.code}/file/", HTTP_ACCEPT="application/pdf")
    assert (pending.status_code, pending["Content-Type"]) == (409, "application/json")
    ready(ours)
    download = client.get(f"{URL}{ours.code}/file/", HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# Bad input


@pytest.mark.parametrize(
    "body",
    [
        {"language": "fr"},
        {"diagnostic": "not-a-code", "language": "fr"},
        {"diagnostic": "00000000-0000-0000-0000-000000000000", "language": "fr"},
        {"diagnostic": "\x00", "language": "fr"},
        {"diagnostic": "SUBMITTED", "language": "de"},
        {"diagnostic": "SUBMITTED"},
        {"diagnostic": "SUBMITTED", "cluster": "ce3m", "period": "2026-Q4", "language": "fr"},
        {"cluster": "ce3m", "language": "fr"},
        {"cluster": "ce3m", "period": "2099-Q9", "language": "fr"},
        {"cluster": "ce3m\x00", "period": "2026-Q4", "language": "fr"},
    ],
)
def test_bad_requests_are_a_400_with_a_message(world: World, users, period, body) -> None:
    if body.get("diagnostic") == "SUBMITTED":
        body = body | {"diagnostic": str(world.submitted.code)}

    response = api(users, "coordinator").post(URL, body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()
    assert not Report.objects.exists()


@pytest.mark.parametrize("code", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_code_is_a_404(users, code) -> None:
    client = api(users, "coordinator")

    assert client.get(f"{URL}{code}/").status_code == 404
    assert client.get(f"{URL}{code}/file/").status_code == 404


def documents_world(world: World) -> list[Report]:
    """A ready roadmap in each cluster (for the access matrix and schemathesis)."""
    return [
        ready(Report.objects.create(assessment=a, language="fr", version=1))
        for a in (world.submitted, world.other_submitted)
    ]
