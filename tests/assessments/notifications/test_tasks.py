"""The e-mail tasks: retried with backoff on a worker, and delivered for real through SMTP."""

import email
import os
import socket
import subprocess
import sys
import threading
import uuid
from email import policy
from email.message import EmailMessage
from pathlib import Path
from smtplib import SMTPServerDisconnected
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from celery.exceptions import Retry
from django.conf import settings

from assessments import services as assessment_services
from assessments.notifications import services, tasks
from assessments.notifications.tasks import backoff, day_reminders_send, notification_send
from assessments.roles import Role
from config.celery import app as celery_app
from tests.assessments.test_tasks import (
    ROOT,
    forget_queue,
    make_company,
    require_realstack,
    stop_worker,
    submitted_assessment,
    wait_for,
    worker_database_url,
)
from tests.factories import UserFactory


def test_the_wait_between_tries_doubles_up_to_an_hour() -> None:
    assert [backoff(n) for n in (0, 1, 2, 3)] == [30, 60, 120, 240]
    assert backoff(20) == 3600


def test_on_a_worker_an_smtp_failure_is_retried_later(monkeypatch) -> None:
    def down(**kwargs: object) -> int:
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    retried: list[dict[str, Any]] = []

    def retry(**kwargs: Any) -> Retry:
        retried.append(kwargs)
        return Retry("later")

    monkeypatch.setattr(services, "notification_send", down)
    monkeypatch.setattr(notification_send, "retry", retry)

    with pytest.raises(Retry):
        notification_send.run(kind="diagnostic_validated", object_id=1)

    assert retried[0]["countdown"] == 30
    assert isinstance(retried[0]["exc"], SMTPServerDisconnected)


@pytest.mark.usefixtures("eager_tasks")
def test_in_process_a_failure_is_raised_at_once_for_the_caller_to_log(monkeypatch) -> None:
    calls = []

    def down(**kwargs: object) -> int:
        calls.append(kwargs)
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(services, "notification_send", down)

    with pytest.raises(ConnectionRefusedError):
        notification_send.apply(kwargs={"kind": "report_ready", "object_id": 1}).get()
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_tasks")
def test_a_failing_mail_never_breaks_the_change_that_triggered_it(
    small_version, cluster, consultant, groups, monkeypatch
) -> None:
    """In the embedded default, with the SMTP server down, submitting still succeeds."""

    def down(**kwargs: object) -> int:
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(services, "notification_send", down)
    cluster.staff.add(UserFactory(username="fatima", role=Role.CLUSTER_STAFF))

    assessment = submitted_assessment(
        make_company(cluster=cluster, consultants=[consultant]), small_version
    )

    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_the_daily_reminders_are_a_beat_entry_that_can_be_switched_off() -> None:
    entry = settings.BEAT_ENTRIES["day-reminders"]
    assert entry["task"] == day_reminders_send.name
    assert entry["variable"] == "BEAT_DAY_REMINDERS"
    assert day_reminders_send.name in celery_app.tasks
    assert notification_send.name in celery_app.tasks
    assert tasks.notification_send.name == "assessments.notifications.tasks.notification_send"


# A real worker, a real SMTP server


class Inbox:
    """aiosmtpd's handler: keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> EmailMessage | None:
        with self.lock:
            for recipients, content in self.messages:
                if address in recipients:
                    parsed = email.message_from_bytes(content, policy=policy.default)
                    assert isinstance(parsed, EmailMessage)
                    return parsed
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Any:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def start_smtp_worker(queue: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_TLS": "false",
        "SITE_URL": "https://maturite.example.org",
        "CELERY_QUEUE": queue,
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += [
        "-Q",
        queue,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "INFO",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


@pytest.mark.realstack
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_through_a_real_smtp_server(
    small_version, cluster, consultant, groups, smtp_server, tmp_path
) -> None:
    require_realstack()
    inbox, port = smtp_server
    staff = UserFactory(username="fatima", first_name="Fatima", role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    manager = UserFactory(username="john", first_name="John", role=Role.PME_MANAGER)
    services.mail_preferences_save(user=manager, language="en", muted=[])
    company = make_company(
        cluster=cluster, name="Atlas Circuits", consultants=[consultant], managers=[manager]
    )
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    queue, log = f"test-{uuid.uuid4().hex}", tmp_path / "worker.log"
    saved_queue = celery_app.conf.task_default_queue
    worker = start_smtp_worker(queue, port, log)
    passed = False
    try:
        wait_for(
            lambda: b" ready." in log.read_bytes(), timeout=60, worker=worker, what="the worker"
        )
        celery_app.conf.task_default_queue = queue
        # on_commit fires for real: this test runs outside a test transaction.
        assessment = submitted_assessment(company, small_version)
        wait_for(
            lambda: inbox.to(staff.email) is not None,
            timeout=60,
            worker=worker,
            what="the staff's mail",
        )
        # Validated only now: a submission validated before its mail left is not announced.
        assessment_services.assessment_validate(assessment=assessment, by=coordinator)
        wait_for(
            lambda: inbox.to(manager.email) is not None,
            timeout=60,
            worker=worker,
            what="the manager's mail",
        )
        submitted, validated = inbox.to(staff.email), inbox.to(manager.email)
        assert submitted is not None
        assert validated is not None
        assert submitted["Subject"] == "Un diagnostic attend votre validation — Atlas Circuits"
        assert validated["Subject"] == "Your Industry 4.0 diagnostic is ready — Atlas Circuits"
        text = validated.get_body(preferencelist=("plain",))
        html = validated.get_body(preferencelist=("html",))
        assert text is not None
        assert html is not None
        link = f"https://maturite.example.org/diagnostics/{assessment.code}/results/"
        assert link in text.get_content()
        assert f'href="{link}"' in html.get_content()
        assert (
            "Bonjour Fatima,"
            in (submitted.get_body(preferencelist=("plain",)) or submitted).get_content()
        )
        passed = True
    finally:
        celery_app.conf.task_default_queue = saved_queue
        stop_worker(worker)
        forget_queue(queue)
        if not passed:
            print(log.read_text(errors="replace") if log.exists() else "(no worker output)")
