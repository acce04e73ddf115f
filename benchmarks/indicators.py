"""Benchmark: the S&E indicator set and dashboard at a national scale.

Builds, in a throw-away SQLite database (or the one DATABASE_URL names, which it fills),
2,000 PMEs in 20 clusters, 4,000 diagnostics (T0 and T1) of 50 questions with their
answers and axis scores, 2,000 agreed eight-day plans, roadmaps and 200 activities; then
times the full indicator set for one scope and the dashboard page, and counts the SQL
queries at 200 PMEs and at 2,000.

    .venv/bin/python benchmarks/indicators.py            # prints its figures
    .venv/bin/python benchmarks/indicators.py --workbook # also the funder's workbook
    .venv/bin/python benchmarks/indicators.py --pmes 20000  # another size (default 2,000)
    DATABASE_URL=postgres://… benchmarks/indicators.py --pmes 2000 --reuse  # measure again
                                                         # a database an earlier run built
Targets: indicator set < 1 s, dashboard page < 1.5 s, queries independent of the PMEs;
the funder's workbook of the whole programme (8 quarters and the total) < 2 s at 2,000 PMEs.
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="m40-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.accompaniment.models import Plan, PlanDay, Roadmap, RoadmapItem  # noqa: E402
from assessments.models import Answer, Assessment, AxisScore, Cluster, Company  # noqa: E402
from config.celery import app as celery_app  # noqa: E402
from diagnostics.models import Axis, Framework, FrameworkVersion, Question  # noqa: E402
from reports.monitoring.models import (  # noqa: E402
    Activity,
    Indicator,
    Participant,
    Period,
    Programme,
)
from reports.monitoring.selectors.indicators import indicator_frames, indicator_table  # noqa: E402
from reports.monitoring.services.logframe import logframe_load, parse_logframe  # noqa: E402


def _flag(name: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


PMES, CLUSTERS, AXES, QUESTIONS_PER_AXIS = _flag("--pmes", 2000), 20, 10, 5
SECTORS = ["electronics", "mechatronics", "aeronautics", "agrifood", "automotive", "textile"]
REGIONS = ["CSE", "TTA", "FMK", "RSK", "SMA", "MSA"]
SIZES = ["1-9", "10-49", "50-199", "200-499"]
rng = random.Random(2026)


def framework() -> tuple[FrameworkVersion, list[Axis], list[Question]]:
    fw = Framework.objects.create(code="bench", name_fr="Banc", name_en="Bench")
    version = FrameworkVersion.objects.create(
        framework=fw, version="1", published_at=timezone.now()
    )
    axes = Axis.objects.bulk_create(
        Axis(
            framework_version=version,
            code=f"AX{i}",
            order=i,
            name_fr=f"Axe {i}",
            name_en=f"Axis {i}",
        )
        for i in range(AXES)
    )
    questions = Question.objects.bulk_create(
        Question(axis=a, code=f"{a.code}-Q{q}", order=q, text_fr="?", text_en="?")
        for a in axes
        for q in range(QUESTIONS_PER_AXIS)
    )
    return version, axes, questions


@transaction.atomic
def cohort(
    start: int,
    stop: int,
    version: FrameworkVersion,
    axes: list[Axis],
    questions: list[Question],
    clusters: list[Cluster],
    consultant: User,
) -> None:
    companies = Company.objects.bulk_create(
        Company(
            cluster=clusters[i % CLUSTERS],
            name=f"PME {i:05d}",
            ice=f"{i:015d}",
            sector=SECTORS[i % len(SECTORS)],
            region=REGIONS[i % len(REGIONS)],
            city="Casablanca",
            headcount=SIZES[i % len(SIZES)],
        )
        for i in range(start, stop)
    )
    now = timezone.now()
    t0s = Assessment.objects.bulk_create(
        Assessment(
            company=c,
            framework_version=version,
            kind="T0",
            status="validated",
            consultant=consultant,
            visit_date=datetime.date(2026, 3, 1) + datetime.timedelta(days=i % 200),
            overall_score=Decimal(rng.randint(50, 300)) / 100,
            scores_exact=True,  # stored by the scoring service
            validated_at=now,
        )
        for i, c in enumerate(companies)
    )
    t1s = Assessment.objects.bulk_create(
        Assessment(
            company=t0.company,
            framework_version=version,
            kind="T1",
            status="submitted",
            consultant=consultant,
            baseline=t0,
            visit_date=t0.visit_date + datetime.timedelta(days=120),
            overall_score=min(Decimal(5), uplifted(t0.overall_score)),
            scores_exact=True,
        )
        for t0 in t0s
    )
    both = [*t0s, *t1s]
    Answer.objects.bulk_create(
        (
            Answer(assessment=a, question=q, level=rng.randint(0, 5))
            for a in both
            for q in questions
        ),
        batch_size=5000,
    )
    AxisScore.objects.bulk_create(
        (
            AxisScore(assessment=a, axis=x, score=Decimal(rng.randint(0, 500)) / 100, answered=5)
            for a in both
            for x in axes
        ),
        batch_size=5000,
    )
    plans = Plan.objects.bulk_create(
        Plan(assessment=t0, status="in_progress", agreed_at=now) for t0 in t0s
    )
    PlanDay.objects.bulk_create(
        (
            PlanDay(
                plan=p,
                number=n,
                date=datetime.date(2026, 4, 1) + datetime.timedelta(days=7 * n),
                outcome="done" if rng.random() < 0.7 else "planned",
            )
            for p in plans
            for n in range(1, 9)
        ),
        batch_size=5000,
    )
    roadmaps = Roadmap.objects.bulk_create(Roadmap(assessment=t0) for t0 in t0s)
    RoadmapItem.objects.bulk_create(
        (
            RoadmapItem(
                roadmap=r,
                axis=axes[k],
                origin="custom",
                title=f"Action {k}",
                effort_half_days=2,
                impact=3,
                horizon="quick",
                completed_at=now if rng.random() < 0.4 else None,
            )
            for r in roadmaps
            for k in range(5)
        ),
        batch_size=5000,
    )


def uplifted(score: Decimal | None) -> Decimal:
    return (score or Decimal(0)) + Decimal(rng.randint(0, 80)) / 100


def activities(clusters: list[Cluster], programme: Programme) -> None:
    kinds = ["webinar", "bootcamp", "mentoring", "event", "se_training"]
    made = Activity.objects.bulk_create(
        Activity(
            programme=programme,
            cluster=clusters[i % CLUSTERS],
            kind=kinds[i % 5],
            title=f"Activité {i}",
            date=datetime.date(2026, 1, 5) + datetime.timedelta(days=i * 3),
            hours=2,
        )
        for i in range(200)
    )
    Participant.objects.bulk_create(
        Participant(
            activity=a,
            name=f"Personne {a.pk}-{k}",
            sex="FM"[k % 2],
            role=["consultant", "pme", "cluster_staff"][k % 3],
        )
        for a in made
        for k in range(20)
    )


def queries(function) -> int:  # type: ignore[no-untyped-def]
    """SQL statements run (a request resets ``connection.queries``, so count them as they go)."""
    count = 0

    def counter(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        function()
    return count


def timed(function, repeat: int = 5) -> str:  # type: ignore[no-untyped-def]
    """Median wall-clock time, and the median CPU time of this process (the Python side,
    not the database's): on a machine shared with others, the second says more."""
    function()  # warm
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return f"{statistics.median(walls):6.3f} s (CPU {statistics.median(cpus):5.3f} s)"


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def peak_memory(function) -> float:  # type: ignore[no-untyped-def]
    """Peak of the memory Python allocates while the function runs, in MB (tracemalloc:
    the frames, the rows read and the page; not the interpreter's own)."""
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def measure_recheck(coordinator: User, total: Period, label: str) -> None:
    """One change to a diagnostic: the marks it leaves, then the tasks a worker runs after
    the delay (one per scope), in turn in one process, then (after the same change again)
    side by side in as many processes as the Procfile's worker; no recheck in the change."""
    from reports.monitoring import tasks
    from reports.monitoring.models import IndicatorValue
    from reports.monitoring.services.indicators import indicator_value_refresh

    cluster = Cluster.objects.order_by("pk").first()
    if not IndicatorValue.objects.filter(status="submitted").exists():
        for scope in (None, cluster):
            frames = indicator_frames(cluster=scope)
            for indicator in Indicator.objects.filter(kind=Indicator.Kind.COMPUTED):
                indicator_value_refresh(
                    indicator=indicator, period=total, cluster=scope, frames=frames
                )
        IndicatorValue.objects.update(status="submitted", submitted_at=timezone.now())
    reported = IndicatorValue.objects.filter(status="submitted").count()
    company = Company.objects.filter(cluster=cluster).order_by("pk")[0]
    sent: list[dict[str, object]] = []
    original = tasks.indicators_recheck.apply_async
    tasks.indicators_recheck.apply_async = lambda **options: sent.append(options)  # type: ignore[method-assign]
    workers = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:

        def change() -> float:
            # A changed answer reaches the indicators when its diagnostic is scored again:
            # one axis score saved (as scoring saves it) is that change.
            sent.clear()
            start = time.perf_counter()
            score = AxisScore.objects.filter(assessment__company=company).order_by("pk")[0]
            with transaction.atomic():
                score.score = Decimal(rng.randint(0, 500)) / 100
                score.save(update_fields=["score"])
            return time.perf_counter() - start

        request = change()
        start = time.perf_counter()
        for options in sent:
            tasks.indicators_recheck(**options["kwargs"])  # type: ignore[arg-type]
        rechecks = time.perf_counter() - start
        tasks_sent = len(sent)
        change()  # again: the rechecks above cleared the marks
        side_by_side = rechecks_side_by_side([options["kwargs"] for options in sent])
    finally:
        tasks.indicators_recheck.apply_async = original  # type: ignore[method-assign]
        celery_app.conf.task_always_eager = workers
    delay = settings.SE_RECHECK_DELAY
    print(
        f"{label:>10} | one score changed: request {request:6.3f} s ({tasks_sent} tasks sent, "
        f"no recheck in it); rechecks of {reported} reported values {rechecks:6.3f} s in turn "
        f"(one worker process), {side_by_side:6.3f} s side by side (the Procfile's worker, "
        f"concurrency {WORKER_CONCURRENCY}): finished {delay + side_by_side:6.3f} s after the "
        f"change (delay {delay} s) | {load()}"
    )


WORKER_CONCURRENCY = 2  # the Procfile's worker: --concurrency ${WORKER_CONCURRENCY:-2}


def rechecks_side_by_side(calls: list[dict[str, object]]) -> float:
    """The same tasks in worker processes, as many at once as the Procfile's worker runs:
    the wall time from the first start to the last end."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with context.Pool(WORKER_CONCURRENCY) as pool:
        pool.map(_recheck, calls)
    return time.perf_counter() - start


def _recheck(kwargs: dict[str, object]) -> int:
    from reports.monitoring import tasks

    return tasks.indicators_recheck(**kwargs)  # type: ignore[arg-type]


def measure(client: Client, total: Period, label: str) -> None:
    def indicator_set() -> None:
        indicator_table(period=total, cluster=None, viewer=None, frames=indicator_frames())

    def page() -> None:
        response = client.get("/reports/se/?period=TOTAL&scope=programme")
        assert response.status_code == 200

    print(
        f"{label:>10} | indicator set {timed(indicator_set)}, "
        f"{queries(indicator_set):3d} queries | dashboard page {timed(page)}, "
        f"{queries(page):3d} queries, peak memory {peak_memory(page):5.0f} MB | {load()}"
    )
    if "--workbook" in sys.argv:
        measure_workbook(client, label)


def measure_workbook(client: Client, label: str) -> None:
    def download() -> None:
        response = client.get("/reports/se/TOTAL/programme/logframe.xlsx")
        assert response.status_code == 200
        assert response.content.startswith(b"PK")

    print(
        f"{label:>10} | funder workbook (download) {timed(download, repeat=3)}, "
        f"{queries(download):3d} queries | {load()}"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    if "--reuse" in sys.argv and Company.objects.count() >= PMES:
        # Measure the database as it is (built by an earlier run with the same --pmes).
        coordinator = User.objects.get(username="bench-coordinator")
        client.force_login(coordinator)
        total = Period.objects.get(code="TOTAL")
        print(f"Benchmark on {connection.vendor} (reused); programme scope.")
        measure(client, total, f"{Company.objects.count()} PMEs")
        measure_recheck(coordinator, total, f"{Company.objects.count()} PMEs")
        return
    for name in ("consultant", "cluster_staff", "coordinator", "pme_manager", "admin"):
        Group.objects.get_or_create(name=name)
    version, axes, questions = framework()
    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"c{i:02d}", name=f"Cluster {i:02d}", sector="other", region="CSE")
        for i in range(CLUSTERS)
    )
    consultant = User.objects.create(username="bench-consultant")
    coordinator = User.objects.create(username="bench-coordinator")
    coordinator.groups.add(Group.objects.get(name="coordinator"))
    logframe_load(
        spec=parse_logframe((ROOT / "reports/monitoring/logframes/default.yaml").read_bytes())
    )
    total = Period.objects.get(code="TOTAL")
    activities(clusters, total.programme)
    client.force_login(coordinator)
    print(
        f"Benchmark on {connection.vendor}; {Indicator.objects.count()} indicators, "
        "programme scope."
    )
    cohort(0, PMES // 10, version, axes, questions, clusters, consultant)
    measure(client, total, f"{PMES // 10} PMEs")
    start = time.perf_counter()
    for first in range(PMES // 10, PMES, 2000):  # one transaction per 2,000 PMEs
        cohort(first, min(PMES, first + 2000), version, axes, questions, clusters, consultant)
    print(
        f"(built {PMES} PMEs, {Assessment.objects.count()} diagnostics, "
        f"{Answer.objects.count()} answers in {time.perf_counter() - start:.0f} s)"
    )
    measure(client, total, f"{PMES} PMEs")
    measure_recheck(coordinator, total, f"{PMES} PMEs")


if __name__ == "__main__":
    if "--profile" in sys.argv:
        import cProfile

        cProfile.run("main()", sort="cumulative")
    else:
        main()
