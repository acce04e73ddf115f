"""An auditor's recount of the people reached: a webinar shared by three clusters is recorded
once; the programme counts each person once, each cluster its own people."""

import datetime

import pytest

from assessments.roles import Role
from reports.monitoring.indicators import Window, compute
from reports.monitoring.models import Activity, Person
from reports.monitoring.selectors.indicators import indicator_frames
from reports.monitoring.services.activities import activity_create
from tests.factories import ClusterFactory, UserFactory

pytestmark = pytest.mark.django_db
END = datetime.date(2026, 12, 31)
TO_DATE = Window(None, END)


def person(name: str, sex: str, cluster: object, role: str = "consultant") -> dict[str, object]:
    email = f"{name.split()[0].lower()}@example.ma"
    return {"name": name, "email": email, "sex": sex, "role": role, "cluster": cluster}


@pytest.fixture
def cohort(groups):  # type: ignore[no-untyped-def]
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    c1, c2, c3 = (ClusterFactory(code=code) for code in ("ce3m", "agro", "aero"))
    staff = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    c1.staff.add(staff)
    amina, karim, sara = (
        person("Amina B", "F", c1),
        person("Karim A", "M", c2),
        person("Sara M", "F", c3),
    )
    anonymous = {"sex": "M", "role": "pme", "count": 5, "cluster": c1}
    shared = {"by": coordinator, "cluster": None, "evidence_link": "https://example.org/l"}
    activity_create(
        kind="webinar",
        title="W1",
        date=datetime.date(2026, 7, 10),
        participants=[amina, karim, sara, anonymous],
        **shared,
    )
    activity_create(
        kind="webinar",
        title="W2",
        date=datetime.date(2026, 8, 10),
        participants=[amina, karim],
        **shared,
    )
    activity_create(
        by=staff,
        cluster=c1,
        kind="mentoring",
        title="Mentorat",
        date=datetime.date(2026, 9, 1),
        evidence_link="https://example.org/m",
        participants=[{**amina, "email": " AMINA@example.ma "}],
    )
    return {"c1": c1, "c2": c2, "c3": c3}


def value(code: str, cluster=None, dims: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return compute(code, indicator_frames(cluster=cluster), TO_DATE, list(dims))


def test_a_shared_webinar_is_one_activity_and_each_person_one_record(cohort) -> None:
    assert Activity.objects.filter(kind="webinar").count() == 2
    assert Activity.objects.filter(cluster__isnull=True).count() == 2
    assert Person.objects.count() == 3  # Amina's second e-mail spelling is the same person
    assert value("webinars-held").value == 2


def test_the_programme_counts_each_person_once(cohort) -> None:
    everyone = value("participants-by-sex", dims=("sex", "cluster"))
    # Amina (3 sessions), Karim (2), Sara (1) and the anonymous group of five.
    assert (everyone.value, everyone.n) == (8, 8)
    by_sex = {c.category: c.value for c in everyone.breakdown if c.dimension == "sex"}
    assert by_sex == {"F": 2, "M": 6}
    by_cluster = {c.category: c.value for c in everyone.breakdown if c.dimension == "cluster"}
    assert by_cluster == {"ce3m": 6, "agro": 1, "aero": 1}


def test_each_cluster_counts_its_own_people_even_at_programme_events(cohort) -> None:
    counts = [value("participants-by-sex", cluster=cohort[c]).value for c in ("c1", "c2", "c3")]
    assert counts == [6, 1, 1]
    assert sum(counts) == value("participants-by-sex").value
    # The cluster sees the programme webinars its own people attended, and its own activity.
    assert value("webinars-held", cluster=cohort["c3"]).value == 1
    assert value("webinars-held", cluster=cohort["c1"]).value == 2


def test_event_participants_are_distinct_people(cohort) -> None:
    coordinator = UserFactory(username="coord")
    people = [person("Amina B", "F", None), person("Nabil K", "M", cohort["c2"], role="pme")]
    for kind, title in (("national_day", "Journée"), ("b2b", "B2B")):
        activity_create(
            by=coordinator,
            cluster=None,
            kind=kind,
            title=title,
            date=datetime.date(2026, 10, 1),
            evidence_link="https://example.org/e",
            participants=people,
        )
    events = value("event-participants", dims=("cluster",))
    assert events.value == 2
    assert {c.category: c.value for c in events.breakdown} == {"ce3m": 1, "agro": 1}
