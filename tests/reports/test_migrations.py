"""Existing databases migrate forward with their data: participants become people."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

MIGRATION = importlib.import_module("reports.migrations.0006_participants_as_people")


def historical_apps():  # type: ignore[no-untyped-def]
    """The models as a migration sees them. The rows are made as the old schema left them
    (participants with no person, no cluster) on today's schema: migrating the whole graph
    backwards crosses other branches that SQLite cannot rebuild in between."""
    return MigrationLoader(connection).project_state().apps


def run_the_migration(apps) -> None:  # type: ignore[no-untyped-def]
    with connection.schema_editor() as editor:
        MIGRATION.forwards(apps, editor)


@pytest.mark.django_db(transaction=True)
def test_participants_of_the_old_schema_become_people_counted_for_their_cluster() -> None:
    old = historical_apps()
    Cluster, Company = (
        old.get_model("assessments", "Cluster"),
        old.get_model("assessments", "Company"),
    )
    Activity, Participant = (
        old.get_model("reports", "Activity"),
        old.get_model("reports", "Participant"),
    )
    User = old.get_model("auth", "User")
    User.objects.create(username="salma", email="Salma@ce3m.demo.ma")
    ce3m = Cluster.objects.create(code="ce3m", name="CE3M", sector="electronics", region="CSE")
    agro = Cluster.objects.create(code="agro", name="Agro", sector="agrifood", region="FMK")
    pme = Company.objects.create(
        cluster=agro,
        name="Zitoun",
        ice="009876543000022",
        sector="agrifood",
        region="FMK",
        city="Fès",
        headcount="10-49",
    )
    day = datetime.date(2026, 5, 1)
    programme = old.get_model("reports", "Programme").objects.create(
        slug="p", name_fr="P", name_en="P"
    )
    webinars = [
        Activity.objects.create(
            programme=programme, cluster=ce3m, kind="webinar", title=f"W{n}", date=day
        )
        for n in range(2)
    ]
    event = Activity.objects.create(
        programme=programme, cluster=ce3m, kind="event", title="Journée", date=day
    )
    for webinar in webinars:
        Participant.objects.create(
            activity=webinar,
            name="Salma Idrissi",
            email="salma@ce3m.demo.ma",
            sex="F",
            role="consultant",
        )
        Participant.objects.create(
            activity=webinar, name="Reda  Lamrani", sex="M", role="consultant"
        )
    Participant.objects.create(activity=event, sex="F", role="pme", count=18)
    Participant.objects.create(activity=event, name="Omar", sex="M", role="pme", company=pme)

    run_the_migration(old)
    new = old
    Person = new.get_model("reports", "Person")
    Participant = new.get_model("reports", "Participant")
    assert Person.objects.count() == 3  # Salma (by e-mail), Reda (by name), Omar
    salma = Person.objects.get(email="salma@ce3m.demo.ma")
    assert salma.user.username == "salma"
    assert Participant.objects.filter(person=salma).count() == 2
    assert Participant.objects.filter(name="Reda  Lamrani").values("person").distinct().count() == 1
    assert Person.objects.get(name="Omar").cluster.code == "agro"  # their PME's cluster
    group = Participant.objects.get(count=18)
    assert group.person is None
    assert group.cluster.code == "ce3m"
    assert not Participant.objects.filter(cluster__isnull=True).exists()
    assert new.get_model("assessments", "Company").objects.get().women_led is False
