"""Benchmark: backup and restore time and archive size, for the demo and for 2,000 PMEs.

For each cohort: a fresh database (SQLite in a throw-away DATA_DIR, or, with DATABASE_URL
naming PostgreSQL, new databases beside the one named), filled, with stored files; then
`backup_create` is timed, the instance is switched to an empty database and empty folders,
and `backup_restore` is timed; the restored rows are counted against the manifest.

    .venv/bin/python benchmarks/backup.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/m40_bench .venv/bin/python benchmarks/backup.py

The 2,000-PME cohort is benchmarks/indicators.py's (4,000 diagnostics, 200,000 answers,
plans, roadmaps, activities) with one generated 60 KB "PDF" per PME under DATA_DIR/reports.
"""

import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
WORK = Path(tempfile.mkdtemp(prefix="m40-bench-backup-"))
os.environ.setdefault("DATA_DIR", str(WORK))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

import indicators  # noqa: E402  (its cohort; importing it only defines functions)
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from assessments.models import Cluster  # noqa: E402
from backups.databases import database_dump  # noqa: E402
from backups.services import backup_create, backup_restore  # noqa: E402

BASE_NAME = connection.settings_dict["NAME"]
FILE_BYTES = 60 * 1024


def use_instance(label: str, *, fresh: bool = True) -> FileSystemStorage:
    """Point Django at the database and folders of ``label`` (new and empty if ``fresh``)."""
    connection.close()
    if connection.vendor == "postgresql":
        name = f"{BASE_NAME}_{label}"
        if fresh:
            for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
                subprocess.run(
                    ["psql", "-X", "-q", "-d", "postgres", "-c", sql],
                    env=os.environ | pg_env(),
                    check=True,
                )
        connection.settings_dict["NAME"] = name
    else:
        connection.settings_dict["NAME"] = str(WORK / label / "db.sqlite3")
    data_dir = WORK / label
    data_dir.mkdir(exist_ok=True)
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = data_dir / "media"
    return FileSystemStorage(location=WORK / "backups" / label)


def pg_env() -> dict[str, str]:
    db = connection.settings_dict
    pairs = {"PGHOST": db["HOST"], "PGPORT": db["PORT"], "PGUSER": db["USER"]}
    pairs["PGPASSWORD"] = db["PASSWORD"]
    return {key: str(value) for key, value in pairs.items() if value}


def demo() -> None:
    framework = ROOT / "diagnostics" / "frameworks" / "default.yaml"
    call_command("load_framework", str(framework), stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_logframe", "--demo", stdout=io.StringIO())
    stored_files(15)


def national() -> None:
    for name in ("consultant", "cluster_staff", "coordinator", "pme_manager", "admin"):
        Group.objects.get_or_create(name=name)
    version, axes, questions = indicators.framework()
    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"c{i:02d}", name=f"Cluster {i:02d}", sector="other", region="CSE")
        for i in range(indicators.CLUSTERS)
    )
    consultant = User.objects.create(username="bench-consultant")
    indicators.activities(clusters)
    for start in range(0, indicators.PMES, 500):
        indicators.cohort(start, start + 500, version, axes, questions, clusters, consultant)
    stored_files(indicators.PMES)


def stored_files(count: int) -> None:
    """One generated report per PME (random bytes: they compress no better than a PDF)."""
    reports = Path(settings.DATA_DIR) / "reports"
    for i in range(count):
        path = reports / f"{i // 100:03d}" / f"roadmap-{i:05d}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n" + os.urandom(FILE_BYTES))


def run(label: str, build: Callable[[], None]) -> None:
    storage = use_instance(label)
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    build()
    built = time.perf_counter() - start

    start = time.perf_counter()
    backup = backup_create(storage=storage)
    backed_up = time.perf_counter() - start
    archive = Path(storage.path(backup.name))

    use_instance(f"{label}_restore")
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)  # a new instance, as its set-up leaves it
    start = time.perf_counter()
    backup_restore(archive=archive)
    restored = time.perf_counter() - start

    rows = database_dump(target=WORK / f"{label}-check").rows
    assert rows == backup.manifest["rows"], "the restored rows differ from the manifest"
    files = sum(1 for name in backup.manifest["members"] if name.startswith("files/"))
    print(
        f"{label:>8} | {sum(rows.values()):>9,} rows, {files:>5} files | built in {built:5.1f} s"
        f" | backup {backed_up:6.2f} s | archive {archive.stat().st_size / 2**20:7.1f} MiB"
        f" | restore {restored:6.2f} s"
    )


def main() -> None:
    print(f"Backup benchmark on {connection.vendor}, in {WORK}")
    run("demo", demo)
    run("pmes2000", national)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average (1, 5, 15 min): {load}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
