"""E-mail that people act on: each kind to the right people, in their language, once."""

import datetime
import email
from email import policy
from typing import cast

import icalendar
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from assessments import services as assessment_services
from assessments.accompaniment.models import Plan, PlanDay
from assessments.models import Assessment, Company
from assessments.notifications import services
from assessments.notifications.models import MailPreference, MailSent
from assessments.roles import Role
from tests.assessments.test_tasks import submitted_assessment
from tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
TODAY = datetime.date(2026, 12, 6)


@pytest.fixture(autouse=True)
def _site(settings) -> None:
    settings.SITE_URL = "https://maturite.example.org"
    settings.PLAN_DAY_START, settings.PLAN_DAY_END = "09:00", "17:00"


def person(username: str, role: str, *, language: str = "", email_address: str = "") -> User:
    user = cast(
        User,
        UserFactory(
            username=username,
            first_name=username.title(),
            email=email_address or f"{username}@example.ma",
            role=role,
        ),
    )
    if language:
        services.mail_preferences_save(user=user, language=language, muted=[])
    return user


def company_with(cluster, consultant, **fields: object) -> Company:
    return cast(
        Company,
        CompanyFactory(cluster=cluster, name="Atlas Circuits", consultants=[consultant], **fields),
    )


def html_of(message: mail.EmailMessage) -> str:
    assert isinstance(message, EmailMultiAlternatives)
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return str(html)


def test_submitting_mails_the_cluster_staff_only_in_each_ones_language(
    small_version, cluster, other_cluster, consultant, groups, django_capture_on_commit_callbacks
) -> None:
    french = person("fatima", Role.CLUSTER_STAFF)
    english = person("john", Role.CLUSTER_STAFF, language="en")
    elsewhere = person("karim", Role.CLUSTER_STAFF)
    cluster.staff.add(french, english)
    other_cluster.staff.add(elsewhere)
    company = company_with(cluster, consultant)

    with django_capture_on_commit_callbacks(execute=True):
        submitted_assessment(company, small_version)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"fatima@example.ma", "john@example.ma"}
    assert by_address["fatima@example.ma"].subject == (
        "Un diagnostic attend votre validation — Atlas Circuits"
    )
    assert by_address["john@example.ma"].subject == (
        "A diagnostic waits for your validation — Atlas Circuits"
    )
    assert "Bonjour Fatima," in by_address["fatima@example.ma"].body
    assert "Hello John," in by_address["john@example.ma"].body


def test_a_message_has_text_and_html_with_an_absolute_link_to_the_object(
    small_version, cluster, consultant, groups
) -> None:
    manager = person("amal", Role.PME_MANAGER, language="en")
    company = company_with(cluster, consultant, managers=[manager])
    assessment = submitted_assessment(company, small_version)
    coordinator = person("coord", Role.COORDINATOR)
    assessment_services.assessment_validate(assessment=assessment, by=coordinator)

    sent = services.notification_send(kind="diagnostic_validated", object_id=assessment.pk)

    assert sent == 1
    (message,) = mail.outbox
    link = f"https://maturite.example.org/diagnostics/{assessment.code}/results/"
    assert link in message.body
    html = html_of(message)
    assert f'href="{link}"' in html
    assert '<html lang="en">' in html
    assert "https://maturite.example.org/account/" in message.body
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"


def test_a_kind_switched_off_is_not_sent_and_the_others_still_are(
    small_version, cluster, consultant, groups
) -> None:
    muted = person("amal", Role.PME_MANAGER)
    services.mail_preferences_save(user=muted, language="fr", muted=["diagnostic_validated"])
    listening = person("omar", Role.PME_MANAGER)
    company = company_with(cluster, consultant, managers=[muted, listening])
    assessment = validated(company, small_version)

    services.notification_send(kind="diagnostic_validated", object_id=assessment.pk)

    assert [m.to for m in mail.outbox] == [["omar@example.ma"]]


def validated(company: Company, version) -> Assessment:
    assessment = submitted_assessment(company, version)
    coordinator = User.objects.filter(username="coord").first() or person("coord", Role.COORDINATOR)
    return assessment_services.assessment_validate(assessment=assessment, by=coordinator)


def test_a_pme_manager_never_gets_another_pmes_mail(
    small_version, cluster, consultant, groups
) -> None:
    ours = person("amal", Role.PME_MANAGER)
    theirs = person("omar", Role.PME_MANAGER)
    company_with(cluster, consultant, managers=[theirs], ice="111111111111111")
    company = company_with(cluster, consultant, managers=[ours], ice="222222222222222")

    services.notification_send(
        kind="diagnostic_validated", object_id=validated(company, small_version).pk
    )

    assert [m.to for m in mail.outbox] == [["amal@example.ma"]]


def test_someone_listed_on_a_pme_without_the_role_that_sees_it_gets_nothing(
    small_version, cluster, consultant, groups
) -> None:
    """The scope is checked again when sending: a consultant listed by mistake among a PME's
    managers, who does not follow the PME, reads none of its diagnostics and gets no mail."""
    stray = person("stray", Role.CONSULTANT)
    company = company_with(cluster, consultant, managers=[stray])

    sent = services.notification_send(
        kind="diagnostic_validated", object_id=validated(company, small_version).pk
    )

    assert sent == 0
    assert mail.outbox == []


def test_an_inactive_account_or_one_without_address_gets_nothing(
    small_version, cluster, consultant, groups
) -> None:
    gone = person("gone", Role.PME_MANAGER)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    no_address = cast(User, UserFactory(username="blank", email="", role=Role.PME_MANAGER))
    company = company_with(cluster, consultant, managers=[gone, no_address])

    services.notification_send(
        kind="diagnostic_validated", object_id=validated(company, small_version).pk
    )

    assert mail.outbox == []


def test_sending_again_sends_nothing_twice(small_version, cluster, consultant, groups) -> None:
    manager = person("amal", Role.PME_MANAGER)
    company = company_with(cluster, consultant, managers=[manager])
    assessment = validated(company, small_version)

    first = services.notification_send(kind="diagnostic_validated", object_id=assessment.pk)
    again = services.notification_send(kind="diagnostic_validated", object_id=assessment.pk)

    assert (first, again) == (1, 0)
    assert len(mail.outbox) == 1
    assert MailSent.objects.get().address == "amal@example.ma"


def test_a_failure_part_way_sends_only_the_rest_when_retried(
    small_version, cluster, consultant, groups, monkeypatch
) -> None:
    first, second = person("amal", Role.PME_MANAGER), person("omar", Role.PME_MANAGER)
    company = company_with(cluster, consultant, managers=[first, second])
    assessment = validated(company, small_version)
    real_send = EmailMultiAlternatives.send

    def refuse_omar(self: EmailMultiAlternatives, *args: object, **kwargs: object) -> int:
        if self.to == ["omar@example.ma"]:
            raise ConnectionRefusedError("SMTP server down")
        return real_send(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_omar)
    with pytest.raises(ConnectionRefusedError):
        services.notification_send(kind="diagnostic_validated", object_id=assessment.pk)
    assert [m.to for m in mail.outbox] == [["amal@example.ma"]]
    assert list(MailSent.objects.values_list("address", flat=True)) == ["amal@example.ma"]

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert services.notification_send(kind="diagnostic_validated", object_id=assessment.pk) == 1
    assert [m.to for m in mail.outbox] == [["amal@example.ma"], ["omar@example.ma"]]


def test_a_diagnostic_reopened_before_sending_is_not_announced(
    small_version, cluster, consultant, groups
) -> None:
    staff = person("fatima", Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    assessment = submitted_assessment(company_with(cluster, consultant), small_version)
    assessment_services.assessment_reopen(assessment=assessment, by=consultant, reason="Typo")

    assert services.notification_send(kind="diagnostic_submitted", object_id=assessment.pk) == 0
    assert mail.outbox == []


def test_the_console_backend_of_the_embedded_default_prints_the_message(
    settings, small_version, cluster, consultant, groups, capsys
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    manager = person("amal", Role.PME_MANAGER)
    company = company_with(cluster, consultant, managers=[manager])

    services.notification_send(
        kind="diagnostic_validated", object_id=validated(company, small_version).pk
    )

    printed = capsys.readouterr().out
    assert "To: amal@example.ma" in printed
    assert "Atlas Circuits" in printed
    assert "text/html" in printed


def test_preferences_refuse_an_unknown_language_or_kind(groups) -> None:
    from django.core.exceptions import ValidationError

    user = person("amal", Role.PME_MANAGER)
    with pytest.raises(ValidationError, match="one of the site's languages"):
        services.mail_preferences_save(user=user, language="de", muted=[])
    with pytest.raises(ValidationError, match="Unknown kind"):
        services.mail_preferences_save(user=user, language="", muted=["newsletter"])
    assert not MailPreference.objects.exists()


# The day before a day of accompaniment


def plan_day(company: Company, version, *, on: datetime.date, **fields: object) -> PlanDay:
    assessment = validated(company, version)
    plan = Plan.objects.create(
        assessment=assessment, status=fields.pop("status", Plan.Status.AGREED)
    )
    return PlanDay.objects.create(
        plan=plan, number=3, date=on, objectives="Cartographier les flux", **fields
    )


def test_the_day_before_the_consultant_and_the_contact_get_a_calendar_invitation(
    small_version, cluster, consultant, groups
) -> None:
    consultant.email = "consultant@example.ma"
    consultant.save(update_fields=["email"])
    services.mail_preferences_save(user=consultant, language="en", muted=[])
    company = company_with(
        cluster, consultant, contact_name="Salma", contact_email="salma@atlas.ma", city="Tanger"
    )
    day = plan_day(company, small_version, on=TODAY + datetime.timedelta(days=1))

    assert services.day_reminders_send(today=TODAY) == 1

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"consultant@example.ma", "salma@atlas.ma"}
    assert by_address["consultant@example.ma"].subject.startswith(
        "Tomorrow, 7 December 2026: day 3"
    )
    assert by_address["salma@atlas.ma"].subject.startswith("Demain, 7 décembre 2026 : jour 3")
    ((name, content, mimetype),) = by_address["salma@atlas.ma"].attachments
    assert name.endswith(".ics")
    assert mimetype == "text/calendar"
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)
    assert event.decoded("DTEND") == datetime.datetime(2026, 12, 7, 16, 0, tzinfo=datetime.UTC)
    assert str(event["LOCATION"]) == "Atlas Circuits, Tanger"
    assert "Atlas Circuits" in str(event["SUMMARY"])
    assert str(event["UID"]) == f"plan-{day.plan.code}-day-3@maturite.example.org"


def test_reminders_run_twice_the_same_day_send_once(
    small_version, cluster, consultant, groups
) -> None:
    company = company_with(cluster, consultant, contact_email="salma@atlas.ma")
    plan_day(company, small_version, on=TODAY + datetime.timedelta(days=1))

    services.day_reminders_send(today=TODAY)
    services.day_reminders_send(today=TODAY)

    assert sorted(m.to[0] for m in mail.outbox) == ["consultant@example.ma", "salma@atlas.ma"]


@pytest.mark.parametrize(
    ("outcome", "status"),
    [(PlanDay.Outcome.CANCELLED, Plan.Status.AGREED), (PlanDay.Outcome.PLANNED, Plan.Status.DRAFT)],
)
def test_a_cancelled_day_or_a_plan_not_agreed_gets_no_reminder(
    small_version, cluster, consultant, groups, outcome, status
) -> None:
    company = company_with(cluster, consultant, contact_email="salma@atlas.ma")
    plan_day(
        company,
        small_version,
        on=TODAY + datetime.timedelta(days=1),
        outcome=outcome,
        status=status,
    )

    assert services.day_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_the_contact_with_a_manager_account_reads_it_in_their_language_or_switches_it_off(
    small_version, cluster, consultant, groups
) -> None:
    contact = person("salma", Role.PME_MANAGER, email_address="Salma@Atlas.ma")
    services.mail_preferences_save(user=contact, language="en", muted=["day_coming"])
    company = company_with(cluster, consultant, contact_email="salma@atlas.ma", managers=[contact])
    plan_day(company, small_version, on=TODAY + datetime.timedelta(days=1))

    services.day_reminders_send(today=TODAY)

    assert [m.to for m in mail.outbox] == [[consultant.email]]


def test_the_command_sends_the_same_reminders_by_hand(
    small_version, cluster, consultant, groups
) -> None:
    from io import StringIO

    from django.core.management import call_command

    company = company_with(cluster, consultant, contact_email="salma@atlas.ma")
    plan_day(company, small_version, on=TODAY + datetime.timedelta(days=1))
    out = StringIO()

    call_command("send_day_reminders", "--today", TODAY.isoformat(), stdout=out)

    assert out.getvalue().strip() == "1 day(s) reminded"
    assert sorted(m.to[0] for m in mail.outbox) == ["consultant@example.ma", "salma@atlas.ma"]
