import email
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from email import policy
from pathlib import Path
from typing import cast
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from assessments import services
from assessments.models import Assessment, Company
from assessments.roles import Role
from assessments.selectors import applicable_questions
from assessments.tasks import assessment_notify_managers
from config.celery import app as celery_app
from diagnostics.models import FrameworkVersion
from tests.factories import VISIT, CompanyFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
TASK_NAME = "assessments.tasks.assessment_notify_managers"


@pytest.fixture
def coordinator(groups: None):
    return UserFactory(username="coordinator", role=Role.COORDINATOR)


def make_company(**fields: object) -> Company:
    return cast(Company, CompanyFactory(**fields))


def submitted_assessment(company: Company, version: FrameworkVersion) -> Assessment:
    consultant = company.consultants.get()
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=VISIT, framework_version=version
    )
    for n, question in enumerate(applicable_questions(assessment)):
        services.answer_record(assessment=assessment, question=question, by=consultant, level=n % 6)
    return services.assessment_submit(assessment=assessment, by=consultant)


def test_tasks_run_in_process_when_no_redis_is_configured() -> None:
    if settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: tasks go to the broker")
    assert celery_app.conf.task_always_eager is True
    assert celery_app.conf.broker_url.startswith("memory://")


@pytest.mark.usefixtures("eager_tasks")
def test_validating_emails_the_managers_once(
    small_version,
    cluster,
    consultant,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    managers = [
        UserFactory(username="manager", email="manager@atlas.ma", role=Role.PME_MANAGER),
        UserFactory(username="manager-no-email", email="", role=Role.PME_MANAGER),
    ]
    company = make_company(
        cluster=cluster, name="Atlas Circuits", consultants=[consultant], managers=managers
    )
    assessment = submitted_assessment(company, small_version)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.assessment_validate(assessment=assessment, by=coordinator)

    # one email (the other callbacks recheck the S&E values the validation may change)
    assert len([c for c in callbacks if c.__module__ != "reports.monitoring.signals"]) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["manager@atlas.ma"]
    assert "Atlas Circuits" in mailoutbox[0].subject
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.VALIDATED
    assert assessment.notified_at is not None


@pytest.mark.usefixtures("eager_tasks")
def test_a_second_run_of_the_task_sends_nothing(
    small_version,
    cluster,
    consultant,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    manager = UserFactory(username="manager", email="manager@atlas.ma", role=Role.PME_MANAGER)
    company = make_company(cluster=cluster, consultants=[consultant], managers=[manager])
    assessment = submitted_assessment(company, small_version)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_validate(assessment=assessment, by=coordinator)
    assessment.refresh_from_db()
    first_notified_at = assessment.notified_at

    sent = assessment_notify_managers.apply(kwargs={"assessment_id": assessment.pk}).get()

    assert sent == 0
    assert len(mailoutbox) == 1
    assessment.refresh_from_db()
    assert assessment.notified_at == first_notified_at


@pytest.mark.usefixtures("eager_tasks")
def test_a_pme_without_manager_email_is_marked_notified_without_email(
    small_version,
    cluster,
    consultant,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    manager = UserFactory(username="manager", email="", role=Role.PME_MANAGER)
    company = make_company(cluster=cluster, consultants=[consultant], managers=[manager])
    assessment = submitted_assessment(company, small_version)

    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_validate(assessment=assessment, by=coordinator)

    assert mailoutbox == []
    assessment.refresh_from_db()
    assert assessment.notified_at is not None


def require_realstack() -> None:
    missing = []
    if not settings.REDIS_URL:
        missing.append("REDIS_URL is not set")
    if connection.vendor != "postgresql":
        missing.append(f"the database is {connection.vendor}, not PostgreSQL")
    if missing:
        reason = "needs PostgreSQL and Redis: " + "; ".join(missing)
        if os.environ.get("REQUIRE_REALSTACK") == "1":
            pytest.fail(f"REQUIRE_REALSTACK=1 but this test {reason}")
        pytest.skip(reason)


def worker_database_url() -> str:
    """The test database (settings point at it once pytest-django has set it up)."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = quote(str(db.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"


def start_worker(queue: str, mail_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "MAIL_FILE_PATH": str(mail_dir),
        "CELERY_QUEUE": queue,
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
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


def wait_for(
    condition: Callable[[], bool], *, timeout: float, worker: subprocess.Popen[bytes], what: str
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the Celery worker exited ({worker.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def forget_queue(queue: str) -> None:
    """Remove what kombu leaves in Redis for a queue nobody will use again."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        # The queue's list and its exchange bindings (key names vary across kombu versions).
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def read_mail(path: Path) -> tuple[str, str]:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    body = message.get_body(preferencelist=("plain",))
    return str(message["Subject"]), body.get_content() if body is not None else ""


@pytest.mark.realstack
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_the_managers(
    small_version, cluster, consultant, coordinator, tmp_path
) -> None:
    require_realstack()
    queue = f"test-{uuid.uuid4().hex}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    manager = UserFactory(username="manager", email="manager@atlas.ma", role=Role.PME_MANAGER)
    company = make_company(
        cluster=cluster, name="Atlas Circuits", consultants=[consultant], managers=[manager]
    )
    assessment = submitted_assessment(company, small_version)
    saved_queue = celery_app.conf.task_default_queue
    worker = start_worker(queue, mail_dir, log)
    passed = False
    try:
        wait_for(
            lambda: b" ready." in log.read_bytes(),
            timeout=30,
            worker=worker,
            what="the worker to be ready",
        )
        celery_app.conf.task_default_queue = queue
        # on_commit fires for real: this test runs outside a test transaction.
        services.assessment_validate(assessment=assessment, by=coordinator)

        notified = Assessment.objects.filter(pk=assessment.pk, notified_at__isnull=False)
        wait_for(notified.exists, timeout=60, worker=worker, what="notified_at to be set")
        # The worker's own log proves it ran the task (and that it mailed one manager).
        succeeded = re.compile(rf"{re.escape(TASK_NAME)}\[[0-9a-f-]+\] succeeded in \S+: 1\b")
        wait_for(
            lambda: succeeded.search(log.read_text(errors="replace")) is not None,
            timeout=15,
            worker=worker,
            what="the worker to log the task's success",
        )
        files = sorted(mail_dir.iterdir())
        assert len(files) == 1
        subject, body = read_mail(files[0])
        assert "Atlas Circuits" in subject
        assert "Atlas Circuits" in body
        assert "manager@atlas.ma" in files[0].read_text(errors="replace")
        passed = True
    finally:
        celery_app.conf.task_default_queue = saved_queue
        stop_worker(worker)
        forget_queue(queue)
        if not passed:
            print(f"--- Celery worker output ({log}) ---")
            print(log.read_text(errors="replace") if log.exists() else "(no output)")
