"""Existing databases migrate forward with their data: participants become people."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("reports", "0004_constraint_messages_bounded_dates"),
    ("assessments", "0006_answer_internal_note"),
]
AFTER = [("reports", "0006_participants_as_people"), ("assessments", "0007_company_women_led")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def _back_to_the_latest_schema():  # type: ignore[no-untyped-def]
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_participants_of_the_old_schema_become_people_counted_for_their_cluster() -> None:
    old = migrate(BEFORE)
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
    webinars = [
        Activity.objects.create(cluster=ce3m, kind="webinar", title=f"W{n}", date=day)
        for n in range(2)
    ]
    event = Activity.objects.create(cluster=ce3m, kind="event", title="Journée", date=day)
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

    new = migrate(AFTER)
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
