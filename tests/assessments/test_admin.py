import pytest
from django.urls import reverse

from assessments.notifications.models import MailSent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_administrator_reads_what_was_e_mailed_but_never_writes_it(client) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    MailSent.objects.create(kind="report_ready", key="7", address="amal@example.ma", language="fr")
    client.force_login(admin)

    listing = client.get(reverse("admin:assessments_mailsent_changelist"))

    assert listing.status_code == 200
    assert "amal@example.ma" in listing.content.decode()
    assert client.get(reverse("admin:assessments_mailsent_add")).status_code == 403
