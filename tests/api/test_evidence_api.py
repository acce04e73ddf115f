"""Evidence files through the API: uploaded, listed and deleted by the diagnostic's editors,
downloaded by whoever sees the diagnostic, checked by content and size like in the app."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import services
from assessments.models import Assessment, Evidence
from diagnostics.models import Question
from tests.api.conftest import World

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def upload_url(assessment: Assessment, question: str = "A1") -> str:
    return f"/api/v1/diagnostics/{assessment.code}/answers/{question}/evidence/"


def png(name: str = "atelier.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def attach(assessment: Assessment, world: World, name: str = "atelier.png", content=PNG):
    """Evidence added through the service, as the app's upload does."""
    question = Question.objects.get(axis__framework_version=assessment.framework_version, code="A1")
    answer = services.answer_for_evidence(assessment=assessment, question=question)
    by = assessment.consultant
    return services.evidence_add(answer=answer, upload=png(name, content), by=by)


def attach_to_submitted(assessment: Assessment, world: World) -> Evidence:
    """Evidence on a submitted diagnostic: reopened, given a file, submitted again."""
    by = assessment.consultant
    services.assessment_reopen(assessment=assessment, by=by, reason="A photo is missing.")
    evidence = attach(assessment, world)
    services.assessment_submit(assessment=assessment, by=by)
    return evidence


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_a_file_is_uploaded_listed_downloaded_and_deleted(api, world) -> None:
    client = api("consultant")
    response = client.post(upload_url(world.draft), {"file": png()}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["question"], body["name"], body["content_type"], body["size"]) == (
        "A1",
        "atelier.png",
        "image/png",
        len(PNG),
    )
    listed = client.get(f"/api/v1/diagnostics/{world.draft.code}/evidence/").json()
    assert [e["code"] for e in listed] == [body["code"]]
    download = client.get(body["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("inline")
    assert b"".join(download.streaming_content) == PNG
    assert client.delete(body["download"]).status_code == 204
    assert not Evidence.objects.exists()
    assert client.get(body["download"]).status_code == 404


def test_a_document_is_downloaded_as_an_attachment(api, world) -> None:
    evidence = attach(world.draft, world, "rapport.pdf", PDF)
    response = api("consultant").get(f"/api/v1/evidence/{evidence.code}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="rapport.pdf"' in response["Content-Disposition"]


def test_a_download_whose_file_is_gone_is_a_404(api, world) -> None:
    evidence = attach(world.draft, world)
    evidence.file.delete(save=False)
    assert api("consultant").get(f"/api/v1/evidence/{evidence.code}/").status_code == 404


# Who may do what, as in the app: the questionnaire (upload, list, delete) is for those
# who answer the diagnostic; a file is downloaded by whoever sees the diagnostic.
@pytest.mark.parametrize(
    ("role", "upload", "listing", "download", "delete"),
    [
        ("consultant", 201, 200, 200, 204),
        ("coordinator", 201, 200, 200, 204),
        ("staff", 403, 403, 200, 403),
        ("manager", 404, 404, 404, 404),  # a PME's managers do not see drafts
        ("other_consultant", 404, 404, 404, 404),
    ],
)
def test_each_role_does_on_a_draft_what_the_app_lets_it_do(
    api, world, role, upload, listing, download, delete
) -> None:
    evidence = attach(world.draft, world)
    client = api(role)
    assert (
        client.post(upload_url(world.draft), {"file": png()}, format="multipart").status_code
        == upload
    )
    listed = client.get(f"/api/v1/diagnostics/{world.draft.code}/evidence/")
    assert listed.status_code == listing
    assert client.get(f"/api/v1/evidence/{evidence.code}/").status_code == download
    assert client.delete(f"/api/v1/evidence/{evidence.code}/").status_code == delete
    assert Evidence.objects.filter(pk=evidence.pk).exists() == (delete != 204)
    assert Evidence.objects.count() == (1 if upload == 201 else 0) + (delete != 204)


@pytest.mark.parametrize(
    ("role", "upload", "listing", "download", "delete"),
    [
        ("consultant", 400, 200, 200, 400),  # allowed, but the diagnostic is no longer a draft
        ("manager", 403, 403, 200, 403),
        ("staff", 403, 403, 200, 403),
    ],
)
def test_each_role_does_on_a_submitted_diagnostic_what_the_app_lets_it_do(
    api, world, role, upload, listing, download, delete
) -> None:
    evidence = attach_to_submitted(world.submitted, world)
    client = english(api(role))
    response = client.post(upload_url(world.submitted), {"file": png()}, format="multipart")
    assert response.status_code == upload
    if upload == 400:
        assert "can no longer be changed" in response.json()["detail"]
    listed = client.get(f"/api/v1/diagnostics/{world.submitted.code}/evidence/")
    assert listed.status_code == listing
    assert client.get(f"/api/v1/evidence/{evidence.code}/").status_code == download
    assert client.delete(f"/api/v1/evidence/{evidence.code}/").status_code == delete
    assert list(Evidence.objects.all()) == [evidence]


@pytest.mark.parametrize("role", ["consultant", "manager", "staff"])
def test_another_clusters_files_are_404_and_stay(api, world, role) -> None:
    evidence = attach(world.other_draft, world)
    client = api(role)
    assert client.get(f"/api/v1/evidence/{evidence.code}/").status_code == 404
    assert client.delete(f"/api/v1/evidence/{evidence.code}/").status_code == 404
    assert client.get(f"/api/v1/diagnostics/{world.other_draft.code}/evidence/").status_code == 404
    response = client.post(upload_url(world.other_draft), {"file": png()}, format="multipart")
    assert response.status_code == 404
    assert "Huilerie" not in response.content.decode()
    assert list(Evidence.objects.all()) == [evidence]
    assert evidence.file.storage.exists(evidence.file.name)


def test_the_list_shows_only_the_diagnostics_files(api, world) -> None:
    attach(world.other_draft, world)
    ours = attach(world.draft, world)
    listed = api("coordinator").get(f"/api/v1/diagnostics/{world.draft.code}/evidence/").json()
    assert [e["code"] for e in listed] == [str(ours.code)]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (png("photo.png", b"<html><script>alert(1)</script></html>"), "not accepted"),
        (png("photo.exe", PNG), "not accepted"),
        (png("big.png", PNG + b"\x00" * 200), "too large"),
        (png("vide.png", b""), "empty"),
        (png("a\x00b.png", b"<script>"), "not accepted"),
    ],
)
def test_a_refused_file_is_a_400_with_the_apps_message(
    api, world, settings, upload, message
) -> None:
    settings.EVIDENCE_MAX_BYTES = 200
    client = english(api("consultant"))
    response = client.post(upload_url(world.draft), {"file": upload}, format="multipart")
    assert response.status_code == 400, response.content
    assert message in str(response.json())
    assert not Evidence.objects.exists()


def test_a_nul_in_the_file_name_is_not_a_server_error(api, world) -> None:
    response = api("consultant").post(
        upload_url(world.draft), {"file": png("a\x00b.png")}, format="multipart"
    )
    assert response.status_code in (201, 400)
    assert "\x00" not in "".join(Evidence.objects.values_list("original_name", flat=True))


@pytest.mark.parametrize(
    ("data", "format_", "status"),
    [
        ({}, "multipart", 400),
        ({"file": "not a file"}, "multipart", 400),
        ({"file": "x"}, "json", 415),
    ],
)
def test_a_request_without_a_file_is_refused(api, world, data, format_, status) -> None:
    response = api("consultant").post(upload_url(world.draft), data, format=format_)
    assert response.status_code == status
    assert response.json()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("question", ["Z9", "B2", "A1%00"])
def test_an_unknown_or_inapplicable_question_is_a_404(api, world, question) -> None:
    response = api("consultant").post(
        upload_url(world.draft, question), {"file": png()}, format="multipart"
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("code", ["not-a-code", "00000000-0000-0000-0000-000000000000", "a%00"])
def test_an_unknown_code_is_a_json_404(api, world, code) -> None:
    response = api("coordinator").get(f"/api/v1/evidence/{code}/", HTTP_ACCEPT="image/png")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
