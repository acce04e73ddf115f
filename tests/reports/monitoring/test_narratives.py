"""A brief's narrative: written by the cluster's staff, approved by another person, frozen
when submitted, approved or locked, printed in the brief."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from assessments.roles import Role
from reports.documents.pdf.brief import render_brief
from reports.monitoring.models import BriefNarrative, Period
from reports.monitoring.services import narratives as services
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import ClusterFactory, UserFactory
from tests.reports.monitoring.test_logframe import LOGFRAME

pytestmark = pytest.mark.django_db

TEXT = {
    "progress": "Cinq PME ont terminé leurs huit jours.",
    "risks": "Retard des fournisseurs de capteurs ; commande groupée en cours.",
    "next_steps": "Clôturer les trois plans restants.",
}


@pytest.fixture
def world(groups):  # type: ignore[no-untyped-def]
    logframe_load(spec=parse_logframe(LOGFRAME))
    ce3m, agro = ClusterFactory(code="ce3m"), ClusterFactory(code="agro")
    staff = UserFactory(username="staff", role=Role.CLUSTER_STAFF)
    ce3m.staff.add(staff)
    return {
        "ce3m": ce3m,
        "agro": agro,
        "staff": staff,
        "coordinator": UserFactory(username="coord", role=Role.COORDINATOR),
        "q3": Period.objects.get(code="2026-Q3"),
    }


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def submitted(world) -> BriefNarrative:  # type: ignore[no-untyped-def]
    return services.narrative_save(
        period=world["q3"], cluster=world["ce3m"], by=world["staff"], submit=True, **TEXT
    )


def test_cluster_staff_write_and_submit_their_clusters_narrative(world) -> None:
    client = client_for(world["staff"])
    url = "/reports/se/2026-Q3/ce3m/narrative/"
    assert 'id="narrative-form"' in client.get(url).content.decode()
    client.post(url, TEXT)
    narrative = BriefNarrative.objects.get(period=world["q3"], cluster=world["ce3m"])
    assert (narrative.status, narrative.risks) == ("draft", TEXT["risks"])
    client.post(url, {**TEXT, "submit": "1"})
    narrative.refresh_from_db()
    assert (narrative.status, narrative.submitted_by) == ("submitted", world["staff"])
    page = client.get(url).content.decode()
    assert 'id="narrative-form"' not in page  # submitted: read-only until reviewed
    assert TEXT["progress"] in page


def test_nobody_else_writes_a_clusters_narrative(world) -> None:
    with pytest.raises(ValidationError):
        services.narrative_save(
            period=world["q3"], cluster=world["agro"], by=world["staff"], **TEXT
        )
    with pytest.raises(ValidationError):
        services.narrative_save(
            period=world["q3"], cluster=world["ce3m"], by=world["coordinator"], **TEXT
        )
    assert client_for(world["staff"]).get("/reports/se/2026-Q3/agro/narrative/").status_code == 404
    refused = client_for(world["coordinator"]).post("/reports/se/2026-Q3/ce3m/narrative/", TEXT)
    assert refused.status_code == 403


def test_a_narrative_is_submitted_only_when_complete(world) -> None:
    response = client_for(world["staff"]).post(
        "/reports/se/2026-Q3/ce3m/narrative/", {**TEXT, "risks": "", "submit": "1"}
    )
    assert response.status_code == 400
    assert "before submitting" in response.content.decode()
    assert TEXT["progress"] in response.content.decode()  # nothing typed is lost
    assert not BriefNarrative.objects.filter(status="submitted").exists()


def test_the_coordinator_approves_or_returns_a_narrative_with_four_eyes(world) -> None:
    narrative = submitted(world)
    # A coordinator who submitted it would not approve it.
    BriefNarrative.objects.filter(pk=narrative.pk).update(submitted_by=world["coordinator"])
    narrative.refresh_from_db()
    with pytest.raises(ValidationError, match="four eyes|quatre yeux"):
        services.narrative_approve(narrative=narrative, by=world["coordinator"])
    other = UserFactory(role=Role.COORDINATOR)
    client = client_for(other)
    queue = client.get("/reports/se/approvals/").context["narratives"]
    assert list(queue) == [narrative]
    client.post(f"/reports/se/narratives/{narrative.code}/return/", {"reason": "Chiffrez."})
    narrative.refresh_from_db()
    assert (narrative.status, narrative.review_comment) == ("returned", "Chiffrez.")
    services.narrative_save(
        period=world["q3"], cluster=world["ce3m"], by=world["staff"], submit=True, **TEXT
    )
    client.post(f"/reports/se/narratives/{narrative.code}/approve/")
    narrative.refresh_from_db()
    assert (narrative.status, narrative.approved_by) == ("approved", other)
    with pytest.raises(ValidationError):
        services.narrative_save(
            period=world["q3"], cluster=world["ce3m"], by=world["staff"], **TEXT
        )


def test_staff_do_not_review_narratives(world) -> None:
    narrative = submitted(world)
    response = client_for(world["staff"]).post(f"/reports/se/narratives/{narrative.code}/approve/")
    assert response.status_code == 403
    assert BriefNarrative.objects.get(pk=narrative.pk).status == "submitted"


def test_a_locked_periods_narrative_opens_read_only(world) -> None:
    services.narrative_save(period=world["q3"], cluster=world["ce3m"], by=world["staff"], **TEXT)
    Period.objects.filter(pk=world["q3"].pk).update(
        locked=True, locked_at=datetime.datetime.now(datetime.UTC)
    )
    client = client_for(world["staff"])
    page = client.get("/reports/se/2026-Q3/ce3m/narrative/").content.decode()
    assert 'id="narrative-form"' not in page
    assert TEXT["risks"] in page
    assert client.post("/reports/se/2026-Q3/ce3m/narrative/", TEXT).status_code == 403


def test_the_brief_prints_the_narrative_and_says_when_it_is_not_approved(world) -> None:
    submitted(world)
    brief = render_brief(
        world["ce3m"],
        world["q3"],
        language="fr",
        viewer=world["staff"],
        today=datetime.date(2026, 10, 5),
    )
    assert "Retard des fournisseurs de capteurs" in brief.html
    assert 'id="narrative-unapproved"' in brief.html
    assert brief.data.startswith(b"%PDF")
