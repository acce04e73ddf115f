import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.roles import Role
from guide.guides import guide_read
from tests.factories import UserFactory

GUIDES = [
    (Role.CONSULTANT, "consultant"),
    (Role.CLUSTER_STAFF, "cluster_staff"),
    (Role.COORDINATOR, "coordinator"),
    (Role.PME_MANAGER, "pme_manager"),
    (Role.ADMIN, "coordinator"),
]


def _client_in(client, language: str):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = language
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "guide"), GUIDES)
def test_the_guide_link_opens_the_guide_of_the_user_s_role(client, groups, role, guide) -> None:
    client.force_login(UserFactory(role=role))
    home = client.get(reverse("assessments:home"))
    assert reverse("guide:home").encode() in home.content
    response = client.get(reverse("guide:home"))
    assert response.status_code == 302
    assert response.url == reverse("guide:guide", args=[guide])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", "Guide du consultant"), ("en", "Consultant's guide")],
)
def test_the_guide_is_in_the_user_s_language(client, groups, language, title) -> None:
    client.force_login(UserFactory(role=Role.CONSULTANT))
    response = _client_in(client, language).get(reverse("guide:guide", args=["consultant"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page
    assert f'src="/static/guide/{language}/consultant-axis.png"' in page
    assert 'id="guide-fallback"' not in page


@pytest.mark.django_db
def test_an_arabic_reader_gets_the_french_guide_marked_as_such(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))
    response = _client_in(client, "ar").get(reverse("guide:guide", args=["pme_manager"]))
    page = response.content.decode()
    assert "<h1>Guide du dirigeant de PME</h1>" in page
    assert 'id="guide-fallback"' in page
    assert '<article class="col-lg-9 order-lg-1 guide" lang="fr" dir="ltr">' in page


@pytest.mark.django_db
def test_anyone_signed_in_may_read_another_role_s_guide(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))
    assert client.get(reverse("guide:guide", args=["coordinator"])).status_code == 200
    assert client.get(reverse("guide:guide", args=["nobody"])).status_code == 404
    assert client.get("/guide/nobody/guide.pdf").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/guide/", "/guide/consultant/", "/guide/consultant/guide.pdf"])
def test_anonymous_users_are_sent_to_log_in(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_handout_pdf_has_the_guide_s_sections_and_screenshots(
    client, groups, language: str
) -> None:
    client.force_login(UserFactory(role=Role.CLUSTER_STAFF))
    response = _client_in(client, language).get(reverse("guide:pdf", args=["cluster_staff"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    guide = guide_read(role="cluster_staff", language=language, image_url=str)
    assert guide.title in text
    for section in guide.sections:
        assert section in text
    # WeasyPrint shares the images between the pages' resources: count them once.
    images = {image.name for page in reader.pages for image in page.images}
    assert len(images) == guide.html.count('class="guide-shot"') == 3
    assert len(reader.pages) <= 8


@pytest.mark.django_db
def test_an_arabic_reader_prints_the_french_handout(client, groups) -> None:
    client.force_login(UserFactory(role=Role.PME_MANAGER))
    response = _client_in(client, "ar").get(reverse("guide:pdf", args=["pme_manager"]))
    assert response["Content-Disposition"] == 'inline; filename="guide-pme_manager-fr.pdf"'
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Guide du dirigeant de PME" in text
