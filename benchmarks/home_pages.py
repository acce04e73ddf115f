"""Benchmark: each role's home page ("what to do next") at 200 PMEs per consultant.

Builds (in bulk), in a throw-away SQLite database (or the one DATABASE_URL names, which it
fills), one consultant's PMEs in 4 clusters, each with a diagnostic: a third drafts, a third
submitted (waiting for validation), a third validated with an agreed eight-day plan whose
days fall around today (some past and not logged, some in the coming week). Over them: a
cluster's staff member (of every cluster), the programme's coordinator (the default
logframe loaded, values waiting for approval and periods to lock) and one PME's manager.
Then times each role's home page (median of N requests, warm, through Django's test client,
DEBUG on as in benchmarks/indicators.py) and counts its SQL queries at 20 PMEs and at 200:
the counts must be equal.

    .venv/bin/python benchmarks/home_pages.py [--runs 15]

Target: every home page < 150 ms at 200 PMEs per consultant; queries independent of the PMEs.
"""

import argparse
import datetime
import os
import secrets
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="m40-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.accompaniment.models import Plan, PlanDay  # noqa: E402
from assessments.models import Assessment, AxisScore, AxisTarget, Cluster, Company  # noqa: E402
from assessments.roles import Role  # noqa: E402
from diagnostics.models import FrameworkVersion  # noqa: E402
from reports.monitoring.models import Indicator, IndicatorValue, Period  # noqa: E402
from reports.monitoring.services.logframe import logframe_load, parse_logframe  # noqa: E402

CLUSTERS = 4
SECTORS = ["electronics", "mechatronics", "aeronautics", "agrifood"]
STATUSES = [Assessment.Status.DRAFT, Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED]


def user(username: str, role: str) -> User:
    made = User.objects.create(username=username, first_name=username.title())
    made.groups.add(Group.objects.get_or_create(name=role)[0])
    return made


@transaction.atomic
def pmes(
    start: int, stop: int, version: FrameworkVersion, clusters: list[Cluster], consultant: User
) -> None:
    """PMEs ``start`` to ``stop``, each with one diagnostic and, once validated, its plan."""
    today = timezone.localdate()
    now = timezone.now()
    companies = Company.objects.bulk_create(
        Company(
            cluster=clusters[i % CLUSTERS],
            name=f"PME {i:04d}",
            ice=f"{i:015d}",
            sector=SECTORS[i % len(SECTORS)],
            region="CSE",
            city="Casablanca",
            headcount="10-49",
        )
        for i in range(start, stop)
    )
    Company.consultants.through.objects.bulk_create(
        Company.consultants.through(company=c, user=consultant) for c in companies
    )
    diagnostics = Assessment.objects.bulk_create(
        Assessment(
            company=c,
            framework_version=version,
            kind=Assessment.Kind.BASELINE,
            status=STATUSES[i % 3],
            consultant=consultant,
            visit_date=today - datetime.timedelta(days=30 + i % 60),
            overall_score=None if i % 3 == 0 else Decimal("2.1"),
            submitted_at=None if i % 3 == 0 else now,
            validated_at=now if i % 3 == 2 else None,
        )
        for i, c in enumerate(companies, start)
    )
    axes = list(version.axes.all())
    AxisTarget.objects.bulk_create(
        AxisTarget(assessment=a, axis=x, level=Decimal(3)) for a in diagnostics for x in axes
    )
    AxisScore.objects.bulk_create(
        AxisScore(assessment=a, axis=x, score=Decimal("2.1"), answered=5)
        for a in diagnostics
        if a.status != Assessment.Status.DRAFT
        for x in axes
    )
    validated = [a for a in diagnostics if a.status == Assessment.Status.VALIDATED]
    plans = Plan.objects.bulk_create(
        Plan(assessment=a, status=Plan.Status.AGREED, agreed_at=now) for a in validated
    )
    PlanDay.objects.bulk_create(
        PlanDay(plan=p, number=n, date=today + datetime.timedelta(days=3 * n - 12 + k % 5))
        for k, p in enumerate(plans)
        for n in range(1, 9)
    )


def values(clusters: list[Cluster], staff: User) -> None:
    """Values waiting for approval and returned ones, in the last two quarters."""
    periods = list(Period.objects.exclude(code="TOTAL").order_by("start")[:2])
    indicators = list(Indicator.objects.order_by("code")[:20])
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=i,
            period=p,
            cluster=c,
            value=Decimal(k),
            status=[IndicatorValue.Status.SUBMITTED, IndicatorValue.Status.RETURNED][k % 2],
            entered_by=staff,
        )
        for k, (i, p, c) in enumerate(
            (i, p, c) for i in indicators for p in periods for c in clusters
        )
    )


def queries(function) -> int:  # type: ignore[no-untyped-def]
    count = 0

    def counter(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        function()
    return count


def timed(function, runs: int) -> float:  # type: ignore[no-untyped-def]
    function()  # warm
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations)


def measure(clients: dict[str, Client], runs: int) -> dict[str, tuple[float, int]]:
    figures = {}
    for role, client in clients.items():

        def home(client: Client = client) -> None:
            response = client.get("/")
            assert response.status_code == 200, response.status_code

        figures[role] = (timed(home, runs), queries(home))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_framework", str(ROOT / "diagnostics/frameworks/default.yaml"), verbosity=0)
    version = FrameworkVersion.objects.filter(published_at__isnull=False).latest("published_at")
    logframe_load(
        spec=parse_logframe((ROOT / "reports/monitoring/logframes/default.yaml").read_bytes())
    )
    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"c{i}", name=f"Cluster {i}", sector="other", region="CSE")
        for i in range(CLUSTERS)
    )
    consultant = user("bench-consultant", Role.CONSULTANT)
    staff = user("bench-staff", Role.CLUSTER_STAFF)
    for cluster in clusters:
        cluster.staff.add(staff)
    coordinator = user("bench-coordinator", Role.COORDINATOR)
    manager = user("bench-manager", Role.PME_MANAGER)
    values(clusters, staff)
    pmes(0, 20, version, clusters, consultant)
    Company.objects.order_by("pk").first().managers.add(manager)  # type: ignore[union-attr]
    people = {
        "consultant": consultant,
        "cluster staff": staff,
        "coordinator": coordinator,
        "PME manager": manager,
    }
    clients = {}
    for role, person in people.items():
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(person)
    print(f"Benchmark on {connection.vendor}, DEBUG {os.environ['DEBUG']}, {args.runs} runs.")
    few = measure(clients, args.runs)
    pmes(20, 200, version, clusters, consultant)
    many = measure(clients, args.runs)
    print(f"{'home page of':>16} | {'20 PMEs':>18} | {'200 PMEs':>18}")
    failed = False
    for role in people:
        (t20, q20), (t200, q200) = few[role], many[role]
        print(
            f"{role:>16} | {t20 * 1000:6.1f} ms {q20:3d} queries | "
            f"{t200 * 1000:6.1f} ms {q200:3d} queries"
        )
        failed |= q20 != q200 or t200 > 0.150
    verdict = "MISSED" if failed else "met"
    print(f"target: < 150 ms at 200 PMEs, the same queries at 20 and 200: {verdict}")


if __name__ == "__main__":
    main()
