"""The Celery app (config/celery.py): where each task goes, what beat schedules.

A real worker of each kind is started in tests/reports/documents/test_render_worker.py.
"""

import pytest

from config import celery
from config.celery import PDF_TASK
from config.celery import app as celery_app
from tests.test_settings import run_manage


def queue_of(task_name: str) -> str:
    return str(celery_app.amqp.router.route({}, task_name)["queue"].name)


def test_the_pdf_rendering_task_goes_to_the_pdf_queue() -> None:
    assert queue_of(PDF_TASK) == "pdf"
    assert celery.pdf_queue() == "pdf"


def test_other_tasks_go_to_the_default_queue() -> None:
    assert queue_of("assessments.tasks.assessment_notify_managers") == "celery"
    assert queue_of("reports.tasks.indicators_recheck") == "celery"


@pytest.mark.django_db  # importing the tasks as a worker does runs Django's checks
def test_every_scheduled_entry_names_a_registered_task() -> None:
    celery_app.loader.import_default_modules()
    schedule = celery_app.conf.beat_schedule
    assert set(schedule) == {
        "requeue-stuck-reports",
        "refresh-indicators",
        "recheck-stale-values",
        "day-reminders",
        "backup-daily",
        "purge-expired-tokens",
    }
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks


def test_a_scheduled_entry_is_switched_off_by_its_variable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    show = "from django.conf import settings; print(*sorted(settings.CELERY_BEAT_SCHEDULE))"
    result = run_manage(
        "shell",
        "--verbosity=0",
        "-c",
        show,
        BEAT_REFRESH_INDICATORS="off",
        BEAT_REQUEUE_STUCK_REPORTS="false",
        BEAT_DAY_REMINDERS="off",
        BEAT_BACKUP_DAILY="off",
        BEAT_PURGE_EXPIRED_TOKENS="no",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["recheck-stale-values"]


def test_a_scheduled_entry_runs_every_so_many_seconds_when_its_variable_says_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    show = (
        "from django.conf import settings; "
        "print(settings.CELERY_BEAT_SCHEDULE['requeue-stuck-reports']['schedule'])"
    )
    result = run_manage(
        "shell", "--verbosity=0", "-c", show, BEAT_REQUEUE_STUCK_REPORTS="5", DATA_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0:00:05"


def test_an_unreadable_schedule_variable_refuses_to_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_manage("check", BEAT_BACKUP_DAILY="sometimes", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "BEAT_BACKUP_DAILY='sometimes': use on, off or a number of seconds" in result.stderr
