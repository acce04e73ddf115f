"""The JSON endpoint the axis page sends evidence files kept on the device through, once the
connection returns (assessments.views.answers.evidence_send)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assessments import services
from assessments.models import Evidence
from assessments.roles import Role
from diagnostics.models import Question
from tests.factories import VISIT, UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
NOT_ACCEPTED = (
    "This type of file is not accepted. Send a photo (JPEG, PNG, WebP, GIF), "
    "a PDF or an Office document."
)


@pytest.fixture
def draft(company, consultant, small_version):
    return services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=small_version
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def send_url(draft, code: str = "A1") -> str:
    return reverse("assessments:evidence_send", args=[draft.code, code])


def png(name: str = "machine.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_a_kept_file_is_attached_to_its_answer_and_described_for_the_page(
    client, consultant, draft, media
) -> None:
    client.force_login(consultant)
    response = client.post(send_url(draft), {"file": png()})
    assert response.status_code == 201
    evidence = Evidence.objects.get()
    assert evidence.answer.question.code == "A1"
    assert (evidence.original_name, evidence.size, evidence.uploaded_by) == (
        "machine.png",
        len(PNG),
        consultant,
    )
    evidence.file.open("rb")
    assert evidence.file.read() == PNG
    body = response.json()
    assert body == {
        "attached": True,
        "code": str(evidence.code),
        "name": "machine.png",
        "size": len(PNG),
        "url": reverse("assessments:evidence_download", args=[evidence.code]),
        "delete_url": reverse("assessments:evidence_delete", args=[evidence.code]),
    }


def test_a_disguised_program_is_refused_with_the_reason_in_the_users_language(
    client, consultant, draft, media
) -> None:
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    program = b"MZ\x90\x00\x03" + b"\x00" * 64  # a Windows program, renamed
    response = client.post(send_url(draft), {"file": png("photo.png", program)})
    assert response.status_code == 400
    assert response.json() == {"attached": False, "error": NOT_ACCEPTED}
    assert not Evidence.objects.exists()

    client.cookies["django_language"] = "fr"
    response = client.post(send_url(draft), {"file": png("photo.png", program)})
    with translation.override("fr"):
        assert response.json()["error"] == gettext(NOT_ACCEPTED)


def test_a_file_over_the_limit_is_refused_with_the_limit(
    client, consultant, draft, media, settings
) -> None:
    settings.EVIDENCE_MAX_BYTES = 32
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    response = client.post(send_url(draft), {"file": png()})
    assert response.status_code == 400
    error = response.json()["error"].replace("\xa0", " ")
    assert error == "The file is too large (72 bytes); the limit is 32 bytes."
    assert not Evidence.objects.exists()


def test_no_file_is_a_clear_refusal(client, consultant, draft) -> None:
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    response = client.post(send_url(draft), {})
    assert response.status_code == 400
    assert response.json() == {"attached": False, "error": "Choose a file to upload."}


def test_another_consultants_diagnostic_is_not_found_and_gets_nothing(
    client, other_consultant, draft, media
) -> None:
    client.force_login(other_consultant)
    assert client.post(send_url(draft), {"file": png()}).status_code == 404
    assert client.get(send_url(draft)).status_code == 405
    assert not Evidence.objects.exists()


def test_an_unknown_question_is_not_found(client, consultant, draft, media) -> None:
    client.force_login(consultant)
    assert client.post(send_url(draft, "ZZ9"), {"file": png()}).status_code == 404


def test_the_pmes_manager_cannot_attach_to_its_draft(client, company, draft, media, groups) -> None:
    manager = UserFactory(role=Role.PME_MANAGER)
    company.managers.add(manager)
    client.force_login(manager)
    assert (
        client.post(send_url(draft), {"file": png()}).status_code == 404
    )  # a draft: not theirs yet
    assert not Evidence.objects.exists()


def test_a_diagnostic_no_longer_a_draft_refuses_the_file_with_a_message(
    client, consultant, draft, media
) -> None:
    for item in Question.objects.filter(axis__framework_version=draft.framework_version):
        services.answer_record(assessment=draft, question=item, by=consultant, level=2)
    services.assessment_submit(assessment=draft, by=consultant)
    client.force_login(consultant)
    response = client.post(send_url(draft), {"file": png()})
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Evidence.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(consultant, draft, media) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    assert client.post(send_url(draft), {"file": png()}).status_code == 403
    assert not Evidence.objects.exists()
    client.get(reverse("assessments:axis_page", args=[draft.code, "A"]))
    token = client.cookies["csrftoken"].value
    response = client.post(send_url(draft), {"file": png()}, headers={"X-CSRFToken": token})
    assert response.status_code == 201
