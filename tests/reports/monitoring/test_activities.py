"""Activities: recorded by cluster staff with evidence and participants, frozen when locked."""

import datetime
from decimal import Decimal
from typing import cast

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from assessments.models import Cluster
from assessments.roles import Role
from reports.monitoring.forms import ActivityForm
from reports.monitoring.models import Activity, Period
from reports.monitoring.services.activities import activity_create, activity_delete, activity_update
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import ClusterFactory, UserFactory
from tests.reports.monitoring.test_logframe import LOGFRAME

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF"


@pytest.fixture
def clusters(groups):  # type: ignore[no-untyped-def]
    logframe_load(spec=parse_logframe(LOGFRAME))
    return ClusterFactory(code="ce3m"), ClusterFactory(code="agro")


@pytest.fixture
def staff(clusters):  # type: ignore[no-untyped-def]
    user = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    clusters[0].staff.add(user)
    return user


def people() -> list[dict[str, object]]:
    return [
        {
            "name": "Amina Benali",
            "email": "",
            "sex": "F",
            "role": "consultant",
            "organisation": "",
            "count": 1,
        },
        {"name": "", "email": "", "sex": "M", "role": "pme", "organisation": "", "count": 12},
    ]


def test_staff_record_an_activity_with_participants(clusters, staff) -> None:
    activity = activity_create(
        by=staff,
        cluster=clusters[0],
        kind="webinar",
        title="Webinaire IoT",
        date=datetime.date(2026, 10, 2),
        evidence_link="https://example.org/liste",
        participants=people(),
    )
    assert activity.participants.count() == 2
    assert sum(activity.participants.values_list("count", flat=True)) == 13


def test_a_named_participant_is_one_person(clusters, staff) -> None:
    rows = [
        {
            "name": "Amina",
            "email": "",
            "sex": "F",
            "role": "consultant",
            "organisation": "",
            "count": 3,
        }
    ]
    with pytest.raises(ValidationError):
        activity_create(
            by=staff,
            cluster=clusters[0],
            kind="webinar",
            title="W",
            date=datetime.date(2026, 10, 2),
            participants=rows,
        )


def test_staff_cannot_record_for_another_cluster(clusters, staff) -> None:
    with pytest.raises(ValidationError):
        activity_create(
            by=staff,
            cluster=clusters[1],
            kind="event",
            title="Journée",
            date=datetime.date(2026, 10, 2),
        )


def test_activities_of_a_locked_period_are_frozen(clusters, staff) -> None:
    activity = activity_create(
        by=staff,
        cluster=clusters[0],
        kind="mentoring",
        title="Mentorat",
        date=datetime.date(2026, 8, 2),
        hours=Decimal(2),
    )
    Period.objects.filter(code="2026-Q3").update(
        locked=True, locked_at=datetime.datetime.now(datetime.UTC)
    )
    with pytest.raises(ValidationError, match="locked"):
        activity_create(
            by=staff,
            cluster=clusters[0],
            kind="webinar",
            title="Tardif",
            date=datetime.date(2026, 9, 30),
        )
    with pytest.raises(ValidationError, match="locked"):
        activity_update(activity=activity, by=staff, date=datetime.date(2026, 10, 5))
    with pytest.raises(ValidationError, match="locked"):
        activity_delete(activity=activity, by=staff)
    assert Activity.objects.filter(pk=activity.pk, date=datetime.date(2026, 8, 2)).exists()


def test_the_form_records_an_activity_with_an_evidence_file(clusters, staff) -> None:
    client = Client()
    client.force_login(staff)
    form = {
        "kind": "webinar",
        "title": "Webinaire cybersécurité",
        "date": "2026-10-20",
        "cluster": str(clusters[0].pk),
        "hours": "2",
        "description": "",
        "evidence_link": "",
        "evidence_file": SimpleUploadedFile("presence.pdf", PDF, content_type="application/pdf"),
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-0-name": "Nadia",
        "people-0-sex": "F",
        "people-0-role": "consultant",
        "people-0-count": "1",
        "people-1-count": "1",
    }
    response = client.post("/reports/se/activities/new/", form)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert (activity.evidence_name, activity.entered_by) == ("presence.pdf", staff)
    assert list(activity.participants.values_list("name", "sex")) == [("Nadia", "F")]
    assert client.get(f"/reports/se/activities/{activity.code}/evidence/").status_code == 200


def test_the_form_wants_evidence(clusters, staff) -> None:
    client = Client()
    client.force_login(staff)
    form = {
        "kind": "event",
        "title": "Journée",
        "date": "2026-10-20",
        "cluster": str(clusters[0].pk),
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
    }
    assert client.post("/reports/se/activities/new/", form).status_code == 400
    assert not Activity.objects.exists()


def test_other_clusters_activities_are_not_found(clusters, staff) -> None:
    other = cast(User, UserFactory(username="staff-agro", role=Role.CLUSTER_STAFF))
    clusters[1].staff.add(other)
    activity = activity_create(
        by=other,
        cluster=clusters[1],
        kind="event",
        title="B2B",
        date=datetime.date(2026, 10, 2),
        evidence_link="https://example.org",
    )
    client = Client()
    client.force_login(staff)
    assert client.get(f"/reports/se/activities/{activity.code}/").status_code == 404
    assert activity.title not in client.get("/reports/se/activities/").content.decode()


def files_under(root) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_refused_activity_leaves_no_file_behind(
    clusters, staff, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    one_person_too_many = [{**people()[0], "count": 3}]
    with pytest.raises(ValidationError):
        activity_create(
            by=staff,
            cluster=clusters[0],
            kind="webinar",
            title="Webinaire",
            date=datetime.date(2026, 10, 2),
            evidence=SimpleUploadedFile("liste.pdf", PDF),
            participants=one_person_too_many,
        )
    assert files_under(tmp_path) == []

    with django_capture_on_commit_callbacks(execute=True):
        activity = activity_create(
            by=staff,
            cluster=clusters[0],
            kind="webinar",
            title="Webinaire",
            date=datetime.date(2026, 10, 2),
            evidence=SimpleUploadedFile("liste.pdf", PDF),
        )
    first = activity.evidence.name
    assert files_under(tmp_path) == [first]
    with pytest.raises(ValidationError):
        activity_update(
            activity=activity,
            by=staff,
            evidence=SimpleUploadedFile("autre.pdf", PDF),
            participants=one_person_too_many,
        )
    assert files_under(tmp_path) == [first]  # the new file gone, the stored one kept

    with django_capture_on_commit_callbacks(execute=True):
        activity = activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            by=staff,
            evidence=SimpleUploadedFile("autre.pdf", PDF),
        )
    assert files_under(tmp_path) == [activity.evidence.name]  # the replaced file removed
    assert activity.evidence.name != first


def test_an_evidence_file_gone_from_the_disk_is_a_404_not_a_500(
    clusters, staff, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    activity = activity_create(
        by=staff,
        cluster=clusters[0],
        kind="webinar",
        title="Webinaire",
        date=datetime.date(2026, 10, 2),
        evidence=SimpleUploadedFile("liste.pdf", PDF),
    )
    client = Client()
    client.force_login(staff)
    page = client.get(f"/reports/se/activities/{activity.code}/evidence/")
    assert page.status_code == 200
    assert page["Content-Type"] == "application/pdf"  # read from the content
    activity.evidence.storage.delete(activity.evidence.name)  # a restore without the files
    assert client.get(f"/reports/se/activities/{activity.code}/evidence/").status_code == 404
    api = client.get(f"/api/v1/activities/{activity.code}/evidence/")
    assert api.status_code == 404
    assert api["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("language", "typed"),
    [("fr", "1,5"), ("en", "1.5"), ("fr", "1.5"), ("ar", "1,5"), ("ar", "1.5")],
)
def test_activity_hours_are_read_the_way_people_type_them(clusters, language, typed) -> None:
    data = {
        "kind": "webinar",
        "title": "IoT",
        "date": "2026-10-05",
        "cluster": clusters[0].pk,
        "hours": typed,
        "evidence_link": "https://example.org/replay",
    }
    with translation.override(language):
        form = ActivityForm(data, clusters=Cluster.objects.all())
        assert form.is_valid(), form.errors
        assert form.cleaned_data["hours"] == Decimal("1.5")
        assert form.fields["hours"].widget.attrs["inputmode"] == "decimal"


def test_an_activity_of_a_locked_period_opens_read_only_and_refuses_a_post(clusters, staff) -> None:
    activity = activity_create(
        by=staff,
        cluster=clusters[0],
        kind="webinar",
        title="Webinaire IoT",
        date=datetime.date(2026, 8, 2),
        participants=people(),
    )
    client = Client()
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    url = f"/reports/se/activities/{activity.code}/"
    assert 'id="activity-form"' in client.get(url).content.decode()  # open: a form

    Period.objects.filter(code="2026-Q3").update(
        locked=True, locked_at=datetime.datetime.now(datetime.UTC)
    )
    page = client.get(url).content.decode()
    assert 'id="activity-form"' not in page
    assert 'id="activity-locked"' in page
    assert "Amina Benali" in page  # the participants, as a record

    refused = client.post(
        url,
        {"kind": "webinar", "title": "Changed", "date": "2026-08-02", "cluster": clusters[0].pk},
    )
    assert refused.status_code == 403
    assert "is locked: this activity and its participants cannot change" in refused.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Webinaire IoT"
    assert activity.participants.count() == 2


def test_only_the_coordinator_records_or_changes_a_programme_activity(clusters, staff) -> None:
    fields = {
        "cluster": None,
        "kind": "national_day",
        "title": "Journée nationale",
        "date": datetime.date(2026, 10, 2),
        "evidence_link": "https://example.org/liste",
    }
    with pytest.raises(ValidationError, match="coordinator"):
        activity_create(by=staff, **fields)
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    shared = activity_create(by=coordinator, **fields)
    assert shared.is_programme
    with pytest.raises(ValidationError):
        activity_update(activity=shared, by=staff, title="Changed")
    with pytest.raises(ValidationError):
        activity_update(
            activity=activity_create(by=staff, **{**fields, "cluster": clusters[0]}),
            by=staff,
            cluster=None,
        )


def test_every_s_and_e_user_sees_the_programme_activities(clusters, staff) -> None:
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    shared = activity_create(
        by=coordinator,
        cluster=None,
        kind="webinar",
        title="Webinaire partagé",
        date=datetime.date(2026, 10, 2),
        evidence_link="https://example.org/liste",
    )
    other = UserFactory(username="staff-agro", role=Role.CLUSTER_STAFF)
    clusters[1].staff.add(other)
    client = Client()
    client.force_login(other)
    page = client.get(f"/reports/se/activities/{shared.code}/")
    assert page.status_code == 200
    assert 'id="activity-form"' not in page.content.decode()  # read-only for them


def test_the_form_offers_the_programme_only_to_who_may_record_it(clusters) -> None:
    assert ActivityForm(clusters=Cluster.objects.all()).fields["cluster"].required
    assert (
        not ActivityForm(clusters=Cluster.objects.all(), programme=True).fields["cluster"].required
    )
