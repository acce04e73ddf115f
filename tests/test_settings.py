import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unset = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="maturite.example.org",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_manage("check", DEBUG="false", SECRET_KEY="", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_without_redis_tasks_run_in_process(settings) -> None:
    from config.celery import app

    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.REDIS_URL)
    assert app.conf.task_always_eager is (not settings.REDIS_URL)
    assert app.conf.task_acks_late
    assert app.conf.task_serializer == "json"


def test_the_embedded_default_prints_e_mail_on_the_console(tmp_path: Path) -> None:
    send = "from django.core.mail import send_mail; send_mail('Sujet', 'Corps', None, ['a@x.ma'])"
    result = run_manage("shell", "-c", send, DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Subject: Sujet" in result.stdout
    assert "To: a@x.ma" in result.stdout


def test_email_url_says_how_to_reach_the_smtp_server(tmp_path: Path) -> None:
    show = "from django.conf import settings; print(settings.MAILERS['default'])"
    result = run_manage(
        "shell",
        "-c",
        show,
        DATA_DIR=str(tmp_path),
        EMAIL_URL="smtp+tls://mailer:s%40cret@smtp.example.org:587",
    )
    assert result.returncode == 0, result.stderr
    assert "'BACKEND': 'django.core.mail.backends.smtp.EmailBackend'" in result.stdout
    for option in ("'host': 'smtp.example.org'", "'port': 587", "'username': 'mailer'"):
        assert option in result.stdout
    assert "'password': 's@cret'" in result.stdout
    assert "'use_tls': True" in result.stdout


def test_the_default_sender_and_the_example_one_are_addresses_smtp_accepts(settings) -> None:
    from django.core.mail import mailers

    example = next(
        line.removeprefix("# ").partition("=")[2]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line.removeprefix("# ").startswith("DEFAULT_FROM_EMAIL=")
    )
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    settings.MAILERS = {"default": {"BACKEND": smtp, "OPTIONS": {"host": "localhost"}}}
    backend = mailers["default"]
    assert backend.prep_address(settings.DEFAULT_FROM_EMAIL) == "noreply@localhost"
    assert backend.prep_address(example) == "noreply@maturite.example.org"


def test_an_unreadable_backup_retention_refuses_to_start(tmp_path: Path) -> None:
    result = run_manage("check", BACKUP_KEEP="a fortnight", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "BACKUP_KEEP='a fortnight': use a number of backups (14) or of days (30d)" in (
        result.stderr
    )


def test_backups_go_to_a_bucket_when_one_is_named(tmp_path: Path) -> None:
    show = (
        "from django.conf import settings; b = settings.STORAGES['backups']; "
        "print(b['BACKEND'], b['OPTIONS']['bucket_name'], b['OPTIONS']['endpoint_url'])"
    )
    result = run_manage(
        "shell",
        "--verbosity=0",
        "-c",
        show,
        BACKUP_STORAGE_BUCKET="m40-backups",
        BACKUP_STORAGE_ENDPOINT_URL="https://s3.example.org",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "m40-backups",
        "https://s3.example.org",
    ]


def test_backups_go_to_backup_dir_otherwise(settings) -> None:
    assert settings.STORAGES["backups"]["OPTIONS"]["location"] == settings.BACKUP_DIR
    assert settings.BACKUP_DIR == settings.DATA_DIR / "backups"
