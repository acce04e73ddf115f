"""Benchmark: the cost of ONE autosave request in-process, without load.

The locustfile's request (benchmarks/load/locustfile.py): a consultant logged in by session
cookie posts one question's choice with an empty revision, through the whole middleware stack
(Django's test client, CSRF checks on, DEBUG off). Builds, in a throw-away SQLite database (or
the one DATABASE_URL names, which it fills), a consultant with one draft diagnostic whose
questions are half answered, then times N saves: CPU time of the process per request, SQL
queries per request (count and their time), and with --profile the functions that cost most.

    .venv/bin/python benchmarks/autosave.py [--runs 300] [--profile]

Under load on two shared cores the p95 is roughly this CPU cost times the queueing, so this
figure is the part the application controls; compare runs by ratio, not by milliseconds.
"""

import argparse
import cProfile
import datetime
import os
import pstats
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="m40-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from assessments import services  # noqa: E402
from assessments.models import Assessment, Cluster  # noqa: E402
from assessments.roles import Role  # noqa: E402
from assessments.selectors import applicable_questions  # noqa: E402
from diagnostics.selectors import framework_version_latest  # noqa: E402


def diagnostic() -> tuple[User, Assessment]:
    """A consultant's draft diagnostic, half of its questions answered."""
    call_command("migrate", verbosity=0)
    if framework_version_latest() is None:
        call_command("load_framework", str(ROOT / "diagnostics/frameworks/default.yaml"))
    version = framework_version_latest()
    assert version is not None
    name = f"bench-{secrets.token_hex(3)}"
    staff = User.objects.create(username=f"{name}-staff")
    staff.groups.add(Group.objects.get_or_create(name=Role.CLUSTER_STAFF)[0])
    consultant = User.objects.create(username=name)
    consultant.groups.add(Group.objects.get_or_create(name=Role.CONSULTANT)[0])
    cluster = Cluster.objects.create(code=name, name=name, sector="electronics", region="CSE")
    cluster.staff.add(staff)
    company = services.company_create(
        by=staff,
        consultants=[consultant],
        cluster=cluster,
        name=f"PME {name}",
        ice=f"{random.randrange(10**14, 10**15)}",
        sector="electronics",
        region="CSE",
        city="Casablanca",
        headcount="10-49",
    )
    assessment = services.assessment_start(
        company=company, consultant=consultant, visit_date=datetime.date(2026, 10, 1)
    )
    questions = applicable_questions(assessment)
    for question in questions[: len(questions) // 2]:
        services.answer_record(assessment=assessment, question=question, by=consultant, level=2)
    return consultant, assessment


class Queries:
    """Counts the SQL statements run and the time they take."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.statements: list[str] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1
            self.statements.append(sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print the last request's queries")
    args = parser.parse_args()
    consultant, assessment = diagnostic()
    codes = [q.code for q in applicable_questions(assessment)]
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    csrf = get_random_string(32)  # what CsrfViewMiddleware would have set on the axis page
    client.cookies["csrftoken"] = csrf
    rng = random.Random(14)

    def save() -> None:
        code = rng.choice(codes)
        response = client.post(
            reverse("assessments:answer_save", args=[assessment.code, code]),
            {f"{code}-choice": str(rng.randint(0, 5)), f"{code}-revision": ""},
            headers={"X-CSRFToken": csrf},
        )
        assert response.status_code == 200, response.content

    for _ in range(30):  # warm: imports, caches, the connection
        save()
    cpu, wall, counts, sql = [], [], [], []
    profile = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waits
    for _ in range(args.runs):
        queries = Queries()
        with connection.execute_wrapper(queries):
            c0, w0 = time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            save()
            if profile:
                profile.disable()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        counts.append(queries.count)
        sql.append(queries.seconds)
    vendor = connection.vendor
    print(f"Autosave, one request at a time, {args.runs} runs, {vendor}, {len(codes)} questions")
    median = statistics.median(counts)
    print(f"  queries per request: median {median:.0f} ({min(counts)}–{max(counts)})")
    print(f"  SQL time per request: median {1000 * statistics.median(sql):.2f} ms")
    print(f"  process CPU per request: median {1000 * statistics.median(cpu):.2f} ms")
    print(f"  wall per request: median {1000 * statistics.median(wall):.2f} ms")
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.sql:
        print("\n".join(queries.statements))
    if profile:
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
