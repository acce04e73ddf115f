"""S&E activities through the API: the app's rights, its evidence checks, its locked periods."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reports.monitoring.models import Activity, Period
from reports.monitoring.services.activities import activity_create
from tests.api.conftest import World, client_for
from tests.factories import install_programme

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DAY = datetime.date(2026, 10, 2)
URL = "/api/v1/activities/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def record(cluster, title: str, by) -> Activity:  # type: ignore[no-untyped-def]
    return activity_create(
        by=by,
        cluster=cluster,
        kind="webinar",
        title=title,
        date=DAY,
        evidence_link="https://example.org/liste",
        participants=[
            {"name": "Amina Benali", "sex": "F", "role": "consultant"},
            {"sex": "M", "role": "pme", "count": 12},
        ],
    )


@pytest.fixture
def ours(world: World, users) -> Activity:
    return record(world.cluster, "Webinaire IoT", users["coordinator"])


@pytest.fixture
def theirs(world: World, users) -> Activity:
    return record(world.other_cluster, "Bootcamp huile d'olive", users["coordinator"])


def new(cluster: str = "ce3m", **changes: object) -> dict[str, object]:
    return {
        "kind": "bootcamp",
        "title": "Bootcamp MES",
        "date": "2026-10-05",
        "cluster": cluster,
        "hours": 6,
        "evidence_link": "https://example.org/photos",
        "participants": [
            {"name": "Karim", "email": "karim@pme.ma", "sex": "M", "role": "pme"},
            {"sex": "F", "role": "pme", "count": 7},
        ],
    } | changes


def api(users, name: str):  # type: ignore[no-untyped-def]
    return client_for(users[name])


# Who sees what


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("consultant", {"Webinaire IoT"}),
        ("staff", {"Webinaire IoT"}),
        ("other_staff", {"Bootcamp huile d'olive"}),
        ("coordinator", {"Webinaire IoT", "Bootcamp huile d'olive"}),
    ],
)
def test_each_role_lists_the_activities_of_the_clusters_it_follows(
    users, ours, theirs, role, expected
) -> None:
    response = api(users, role).get(URL)

    assert response.status_code == 200
    assert {a["title"] for a in response.json()["results"]} == expected


@pytest.mark.parametrize("role", ["manager", "nobody"])
def test_people_outside_s_and_e_are_refused_as_in_the_app(users, ours, role) -> None:
    client = api(users, role)

    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{ours.code}/").status_code == 403
    assert client.post(URL, new(), format="json").status_code == 403
    assert client.patch(f"{URL}{ours.code}/", {"title": "x"}, format="json").status_code == 403
    assert client.delete(f"{URL}{ours.code}/").status_code == 403
    assert Activity.objects.get(pk=ours.pk).title == "Webinaire IoT"


def test_an_activity_shows_its_participants_and_people(users, ours) -> None:
    data = api(users, "consultant").get(f"{URL}{ours.code}/").json()

    assert data["cluster"] == "ce3m"
    assert data["people"] == 13
    person = ours.participants.get(name="Amina Benali").person
    assert data["participants"][0] == {
        "name": "Amina Benali",
        "email": "",
        "sex": "F",
        "role": "consultant",
        "organisation": "",
        "cluster": "ce3m",
        "count": 1,
        "person": str(person.code),
    }
    assert data["participants"][1]["person"] is None  # an anonymous group
    assert data["evidence_file"] is None
    assert data["entered_by"] == "coordinator"


@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_another_clusters_activity_is_not_found_and_stays_unchanged(users, theirs, role) -> None:
    client = api(users, role)
    url = f"{URL}{theirs.code}/"

    for response in (
        client.get(url),
        client.get(f"{url}evidence/"),
        client.patch(url, {"title": "Leaked?"}, format="json"),
        client.delete(url),
    ):
        assert response.status_code == 404
        assert "huile" not in response.content.decode()
    assert Activity.objects.get(pk=theirs.pk).title == "Bootcamp huile d'olive"


# Recording and changing


def test_cluster_staff_record_an_activity_of_their_cluster(users) -> None:
    response = api(users, "staff").post(URL, new(), format="json")

    assert response.status_code == 201, response.content
    activity = Activity.objects.get(code=response.json()["code"])
    assert (activity.cluster.code, activity.entered_by, activity.hours) == (
        "ce3m",
        users["staff"],
        6,
    )
    assert sorted(activity.participants.values_list("count", flat=True)) == [1, 7]
    assert response.json()["people"] == 8


def test_cluster_staff_cannot_record_for_another_cluster(users) -> None:
    response = api(users, "staff").post(URL, new(cluster="agro"), format="json")

    assert response.status_code == 400
    assert "cluster" in response.json()
    assert not Activity.objects.exists()


def test_the_coordinator_records_for_any_cluster(users) -> None:
    response = api(users, "coordinator").post(URL, new(cluster="agro"), format="json")

    assert response.status_code == 201


def test_a_consultant_sees_activities_but_changes_none(users, ours) -> None:
    client = api(users, "consultant")

    assert client.post(URL, new(), format="json").status_code == 403
    assert client.patch(f"{URL}{ours.code}/", {"title": "x"}, format="json").status_code == 403
    assert client.delete(f"{URL}{ours.code}/").status_code == 403


def test_staff_change_an_activity_and_replace_its_participants(users, ours) -> None:
    response = api(users, "staff").patch(
        f"{URL}{ours.code}/",
        {"title": "Webinaire IoT (2)", "participants": [{"sex": "F", "role": "pme", "count": 3}]},
        format="json",
    )

    assert response.status_code == 200, response.content
    ours.refresh_from_db()
    assert ours.title == "Webinaire IoT (2)"
    assert list(ours.participants.values_list("sex", "count")) == [("F", 3)]


def test_a_change_without_participants_keeps_them(users, ours) -> None:
    api(users, "staff").patch(f"{URL}{ours.code}/", {"hours": "1.5"}, format="json")

    assert ours.participants.count() == 2


def test_staff_cannot_move_an_activity_to_another_cluster(users, ours) -> None:
    response = api(users, "staff").patch(f"{URL}{ours.code}/", {"cluster": "agro"}, format="json")

    assert response.status_code == 400
    assert Activity.objects.get(pk=ours.pk).cluster.code == "ce3m"


def test_staff_delete_an_activity_of_their_cluster(users, ours) -> None:
    response = api(users, "staff").delete(f"{URL}{ours.code}/")

    assert response.status_code == 204
    assert not Activity.objects.filter(pk=ours.pk).exists()


def test_a_locked_period_freezes_its_activities(users, ours) -> None:
    Period.objects.create(
        programme=install_programme(),
        code="2026-Q4",
        kind="quarter",
        name_fr="T4",
        name_en="Q4",
        start=datetime.date(2026, 10, 1),
        end=datetime.date(2026, 12, 31),
        locked=True,
        locked_at=timezone.now(),
    )
    client = api(users, "coordinator")

    for response in (
        client.patch(f"{URL}{ours.code}/", {"title": "x"}, format="json"),
        client.delete(f"{URL}{ours.code}/"),
        client.post(URL, new(), format="json"),
    ):
        assert response.status_code == 400
        assert "2026-Q4" in response.json()["detail"]
    assert Activity.objects.get(pk=ours.pk).title == "Webinaire IoT"


# Evidence


def test_an_evidence_file_is_uploaded_checked_and_downloaded(users) -> None:
    client = api(users, "staff")
    data = new(evidence_link="", participants=None) | {
        "evidence": SimpleUploadedFile("liste.png", PNG),
        "participants[0]sex": "F",
        "participants[0]role": "pme",
        "participants[0]count": "4",
    }
    data.pop("participants")
    response = client.post(URL, data, format="multipart")

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["evidence_name"] == "liste.png"
    assert created["people"] == 4
    download = api(users, "consultant").get(created["evidence_file"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG


@pytest.mark.parametrize(
    ("name", "content"),
    [("rapport.pdf", b"not a pdf at all"), ("photo.png", b"%PDF-1.4 a pdf"), ("vide.pdf", b"")],
)
def test_a_fake_or_empty_evidence_file_is_refused(users, name, content) -> None:
    data = new(evidence_link="") | {"evidence": SimpleUploadedFile(name, content)}
    data.pop("participants")
    response = api(users, "staff").post(URL, data, format="multipart")

    assert response.status_code == 400
    assert response.json().get("detail") or response.json().get("evidence")
    assert not Activity.objects.exists()


def test_an_activity_needs_evidence(users) -> None:
    response = api(users, "staff").post(URL, new(evidence_link=""), format="json")

    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_the_evidence_link_cannot_be_removed_without_a_file(users, ours) -> None:
    response = api(users, "staff").patch(f"{URL}{ours.code}/", {"evidence_link": ""}, format="json")

    assert response.status_code == 400


def test_an_activity_without_a_file_has_nothing_to_download(users, ours) -> None:
    response = api(users, "staff").get(f"{URL}{ours.code}/evidence/")

    assert response.status_code == 404
    assert response.json()["detail"]


# Bad input


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "2026-13-45"},
        {"date": "yesterday"},
        {"kind": "party"},
        {"hours": -2},
        {"hours": "a lot"},
        {"participants": [{"sex": "F", "role": "pme", "count": -3}]},
        {"participants": [{"sex": "F", "role": "pme", "count": 0}]},
        {"participants": [{"sex": "F", "role": "pme", "count": 10**12}]},
        {"participants": [{"name": "Two people", "sex": "F", "role": "pme", "count": 2}]},
        {"participants": [{"sex": "X", "role": "pme"}]},
        {"participants": "everyone"},
        {"title": "Nul\x00byte"},
        {"cluster": "ce3m\x00"},
        {"evidence_link": "not a link"},
    ],
)
def test_bad_input_is_a_400_with_a_message(users, changes) -> None:
    response = api(users, "staff").post(URL, new(**changes), format="json")

    assert response.status_code == 400, response.content
    assert response.json()
    assert not Activity.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(users) -> None:
    response = api(users, "staff").post(URL, [1, 2], format="json")

    assert response.status_code == 400


@pytest.mark.parametrize(
    "params",
    [{"cluster": "ce3m\x00"}, {"kind": "\x00"}, {"date_from": "\x00"}],
)
def test_nul_bytes_in_filters_match_nothing(users, ours, params) -> None:
    response = api(users, "coordinator").get(URL, params)

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["count"] == 0


def test_filters_by_cluster_kind_and_dates(users, ours, theirs) -> None:
    client = api(users, "coordinator")

    assert client.get(URL, {"cluster": "agro"}).json()["count"] == 1
    assert client.get(URL, {"kind": "event"}).json()["count"] == 0
    assert client.get(URL, {"date_from": "2026-10-03"}).json()["count"] == 0
    assert client.get(URL, {"date_to": "2026-10-02"}).json()["count"] == 2


def test_a_garbage_date_filter_is_a_400_with_a_message(users) -> None:
    response = api(users, "coordinator").get(URL, {"date_from": "2026-02-30"})

    assert response.status_code == 400
    assert response.json()["date_from"]


@pytest.mark.parametrize("code", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_code_is_a_404(users, code) -> None:
    assert api(users, "coordinator").get(f"{URL}{code}/").status_code == 404


def activities_world(world: World) -> list[Activity]:
    """An activity in each cluster (for the access matrix and schemathesis)."""
    coordinator = world.users["coordinator"]
    return [
        record(c, f"Webinaire {c.code}", coordinator) for c in (world.cluster, world.other_cluster)
    ]


def test_a_named_participant_counted_as_fifty_is_a_clear_400(users) -> None:
    body = new(participants=[{"name": "Karim", "sex": "M", "role": "pme", "count": 50}])
    response = api(users, "staff").post(URL, body, format="json")
    assert response.status_code == 400
    assert "reports_participant" not in response.content.decode()
    assert "participant nommé compte pour une personne" in response.json()["detail"]
    assert not Activity.objects.filter(title="Bootcamp MES").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_activity_date_is_bounded_like_every_other_date(users, day) -> None:
    response = api(users, "staff").post(URL, new(date=day), format="json")
    assert response.status_code == 400
    assert "date" in response.json()


def test_shared_lists_the_activities_no_cluster_owns_and_a_programme_is_named_by_code(
    users, ours, theirs
) -> None:
    """``shared=1`` is the filter (``programme=1``, its older spelling, still works);
    ``programme=<code>`` names the programme, as on every S&E endpoint."""
    programme = ours.programme
    shared = record(None, "Journée portes ouvertes", users["coordinator"])
    client = api(users, "coordinator")

    titles = lambda params: {a["title"] for a in client.get(URL, params).json()["results"]}  # noqa: E731
    assert titles({"shared": "1"}) == {shared.title}
    assert titles({"programme": "1"}) == {shared.title}
    assert titles({"programme": str(programme.code)}) == {ours.title, theirs.title, shared.title}
    assert titles({"programme": str(programme.code), "shared": "1"}) == {shared.title}
