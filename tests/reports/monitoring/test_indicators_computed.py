"""Every computed indicator on a hand-built dataset whose answers were worked out by hand.

The dataset (two clusters, five PMEs) is written straight into the tables the indicators
read, with scores typed in rather than computed, so that the expected figures below owe
nothing to the code under test. The working is in the comments.

- P1 (ce3m, electronics, CSE, 10-49): T0 validated 10 Jul, overall 2.00 (A 2.00, B 2.00);
  T1 submitted 5 Oct, overall 2.60 (A 3.10, B 1.60). Plan agreed 20 Jul, 8 days done
  (5 in Q3, 3 in Q4), each of two half-days, the closing review on day 8. T1 validated
  6 Oct. Roadmap computed 12 Jul, its PDF ready that day: one action done 15 Sep, one
  20 Oct, one removed (done 21 Oct, not counted), one open.
- P2 (ce3m, mechatronics, SMA, 50-199): an N/A-heavy T0 (axis B all not applicable: no
  score) validated 20 Aug, overall 1.50 (A 1.50); T1 validated 3 Nov, overall 1.90
  (A 1.90, B 2.50). Plan agreed 1 Sep: done 7 and 14 Sep, done with no date but logged
  1 Oct, postponed, cancelled, three planned. Roadmap computed 25 Aug, its PDF ready
  20 Aug (before validation); one action done 5 Nov.
- P3 (ce3m, electronics): a T0 only, validated 15 Oct, overall 3.00; roadmap with only a
  removed action (a PDF of it ready).
- P4 (agro, agrifood, FMK): T0 submitted, never validated (overall 1.00), with a roadmap
  action done 20 Sep and a PDF; its T1 is a draft.
- P5 (agro, agrifood): T0 validated 30 Jun 23:30 UTC, which is 1 Jul in Casablanca (Q3),
  overall 2.00 (A 1.90, B 2.20); T1 validated 1 Dec, overall 2.50 (A 2.40, B 2.70). A
  draft plan (not agreed: not counted).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.accompaniment.models import Plan, PlanDay, PlanSlot, Roadmap, RoadmapItem
from assessments.models import Answer, Assessment, AxisScore, Company, Sector
from diagnostics.models import Question
from reports.documents.models import Report
from reports.monitoring.indicators import compute
from reports.monitoring.models import Activity, CompletionRule, Participant
from reports.monitoring.selectors.indicators import indicator_frames
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import ClusterFactory, CompanyFactory, UserFactory, install_programme
from tests.reports.monitoring.test_logframe import LOGFRAME

pytestmark = pytest.mark.django_db

Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
Q4 = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


def at(month: int, number: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, number, hour, minute, tzinfo=datetime.UTC)


def assessment(
    company,
    consultant,
    version,
    kind,
    status,
    visit,
    overall,
    scores,
    validated=None,
    baseline=None,
):  # type: ignore[no-untyped-def]
    row = Assessment.objects.create(
        company=company,
        framework_version=version,
        kind=kind,
        status=status,
        consultant=consultant,
        visit_date=visit,
        baseline=baseline,
        overall_score=None if overall is None else Decimal(overall),
        validated_at=validated,
    )
    axes = {a.code: a for a in version.axes.all()}
    for code, score in scores.items():
        AxisScore.objects.create(
            assessment=row, axis=axes[code], score=None if score is None else Decimal(score)
        )
    return row


def plan(t0, status, agreed, days, item=None):  # type: ignore[no-untyped-def]
    """Days of two half-days each: kick-off and action, actions, then action and closing."""
    row = Plan.objects.create(assessment=t0, status=status, agreed_at=agreed)
    for number, (date, outcome, logged) in enumerate(days, start=1):
        planned = PlanDay.objects.create(
            plan=row, number=number, date=date, outcome=outcome, logged_at=logged
        )
        if item is None:
            continue
        slots = {1: [("kickoff", 1), ("action", 1)], 8: [("action", 1), ("closing", 1)]}
        for order, (kind, half_days) in enumerate(slots.get(number, [("action", 2)])):
            PlanSlot.objects.create(
                day=planned,
                kind=kind,
                item=item if kind == "action" else None,
                half_days=half_days,
                order=order,
            )
    return row


def pdf(t0, finished, status="ready"):  # type: ignore[no-untyped-def]
    return Report.objects.create(
        assessment=t0,
        kind="roadmap",
        language="fr",
        version=Report.objects.filter(assessment=t0).count() + 1,
        status=status,
        file="roadmap.pdf" if status == "ready" else "",
        checksum="0" * 64 if status == "ready" else "",
        finished_at=finished,
    )


def roadmap(t0, computed, items):  # type: ignore[no-untyped-def]
    row = Roadmap.objects.create(assessment=t0, computed_at=computed)
    axis = t0.framework_version.axes.first()
    for index, (completed, removed) in enumerate(items):
        RoadmapItem.objects.create(
            roadmap=row,
            axis=axis,
            origin="custom",
            title=f"Action {index}",
            effort_half_days=2,
            impact=3,
            horizon="quick",
            removed=removed,
            completed_at=completed,
        )
    return row


def activity(cluster, kind, date, people, hours=None):  # type: ignore[no-untyped-def]
    row = Activity.objects.create(
        programme=install_programme(),
        cluster=cluster,
        kind=kind,
        title=f"{kind} {date}",
        date=date,
        hours=hours,
    )
    for name, email, sex, role, count in people:
        # As rows recorded before people existed: no person, counted for the activity's cluster.
        Participant.objects.create(
            activity=row, name=name, email=email, sex=sex, role=role, count=count, cluster=cluster
        )
    return row


def build_dataset(version) -> dict[str, object]:  # type: ignore[no-untyped-def]
    consultant = UserFactory(username="se-consultant")
    c1 = ClusterFactory(code="ce3m", name="Cluster CE3M")
    c2 = ClusterFactory(code="agro", name="Cluster Agro")
    companies = {
        "P1": CompanyFactory(
            cluster=c1,
            name="P1",
            sector=Sector.ELECTRONICS,
            region="CSE",
            headcount=Company.Headcount.SMALL,
        ),
        "P2": CompanyFactory(
            cluster=c1,
            name="P2",
            sector=Sector.MECHATRONICS,
            region="SMA",
            headcount=Company.Headcount.MEDIUM,
        ),
        "P3": CompanyFactory(cluster=c1, name="P3", sector=Sector.ELECTRONICS),
        "P4": CompanyFactory(cluster=c2, name="P4", sector=Sector.AGRIFOOD, region="FMK"),
        "P5": CompanyFactory(cluster=c2, name="P5", sector=Sector.AGRIFOOD, region="FMK"),
    }
    for company in companies.values():
        company.consultants.add(consultant)
    p1, p2, p3, p4, p5 = companies.values()

    def make(company, *args, **kw):  # type: ignore[no-untyped-def]
        return assessment(company, consultant, version, *args, **kw)

    t0 = {
        "P1": make(
            p1,
            "T0",
            "validated",
            day(7, 1),
            "2.00",
            {"A": "2.00", "B": "2.00"},
            validated=at(7, 10),
        ),
        "P2": make(
            p2, "T0", "validated", day(8, 1), "1.50", {"A": "1.50", "B": None}, validated=at(8, 20)
        ),
        "P3": make(
            p3,
            "T0",
            "validated",
            day(10, 1),
            "3.00",
            {"A": "3.00", "B": "3.00"},
            validated=at(10, 15),
        ),
        "P4": make(p4, "T0", "submitted", day(9, 1), "1.00", {"A": "1.00", "B": "1.00"}),
        "P5": make(
            p5,
            "T0",
            "validated",
            day(6, 20),
            "2.00",
            {"A": "1.90", "B": "2.20"},
            validated=at(6, 30, 23, 30),
        ),
    }
    make(
        p1,
        "T1",
        "validated",
        day(10, 5),
        "2.60",
        {"A": "3.10", "B": "1.60"},
        baseline=t0["P1"],
        validated=at(10, 6),
    )
    make(
        p2,
        "T1",
        "validated",
        day(11, 2),
        "1.90",
        {"A": "1.90", "B": "2.50"},
        baseline=t0["P2"],
        validated=at(11, 3),
    )
    make(p4, "T1", "draft", day(11, 10), None, {}, baseline=t0["P4"])
    make(
        p5,
        "T1",
        "validated",
        day(12, 1),
        "2.50",
        {"A": "2.40", "B": "2.70"},
        baseline=t0["P5"],
        validated=at(12, 2),
    )

    r1 = roadmap(
        t0["P1"],
        at(7, 12),
        [(at(9, 15), False), (at(10, 20), False), (at(10, 21), True), (None, False)],
    )
    r2 = roadmap(t0["P2"], at(8, 25), [(at(11, 5), False)])
    roadmap(t0["P3"], at(10, 16), [(None, True)])
    roadmap(t0["P4"], at(9, 2), [(at(9, 20), False)])
    pdf(t0["P1"], at(7, 12))
    pdf(t0["P2"], at(8, 20))  # before the validation (20 Aug, 10:00): delivered when validated
    pdf(t0["P3"], at(10, 16))  # only a removed action: not a roadmap
    pdf(t0["P4"], at(9, 2))  # never validated

    done = "done"
    plan(
        t0["P1"],
        "in_progress",
        at(7, 20),
        [
            (day(8, 3), done, None),
            (day(8, 10), done, None),
            (day(8, 17), done, None),
            (day(8, 24), done, None),
            (day(8, 31), done, None),
            (day(10, 5), done, None),
            (day(10, 12), done, None),
            (day(10, 19), done, None),
        ],
        r1.items.first(),
    )
    plan(
        t0["P2"],
        "in_progress",
        at(9, 1),
        [
            (day(9, 7), done, None),
            (day(9, 14), done, None),
            (None, done, at(10, 1)),
            (day(10, 8), "postponed", None),
            (day(10, 15), "cancelled", None),
            (day(11, 20), "planned", None),
            (day(11, 27), "planned", None),
            (day(12, 4), "planned", None),
        ],
        r2.items.first(),
    )
    plan(t0["P5"], "draft", None, [(day(9, 1), "planned", None)])

    activity(
        c1,
        "webinar",
        day(7, 15),
        [
            ("Amina Benali", "amina@example.ma", "F", "consultant", 1),
            ("Karim Alaoui", "", "M", "consultant", 1),
            ("Sara PME", "", "F", "pme", 1),
            ("", "", "M", "institution", 3),
        ],
    )
    activity(
        c2,
        "webinar",
        day(10, 10),
        [
            ("Amina B.", " AMINA@example.ma ", "F", "consultant", 1),
            ("Omar  Tazi", "", "M", "consultant", 1),
        ],
    )
    activity(
        c1,
        "bootcamp",
        day(9, 5),
        [
            ("karim  alaoui", "", "M", "consultant", 1),
            ("Nadia Fassi", "", "F", "consultant", 1),
            ("", "", "F", "consultant", 2),
        ],
    )
    activity(c1, "mentoring", day(8, 12), [("Nadia Fassi", "", "F", "consultant", 1)], "2.5")
    activity(c2, "mentoring", day(11, 3), [("Omar Tazi", "", "M", "consultant", 1)], "1.5")
    activity(
        c1,
        "event",
        day(11, 20),
        [
            ("", "", "F", "pme", 10),
            ("", "", "M", "pme", 15),
            ("Ali Institution", "", "M", "institution", 1),
        ],
    )
    activity(
        c2,
        "se_training",
        day(9, 25),
        [
            ("Fatima", "fatima@agro.ma", "F", "cluster_staff", 1),
            ("Hamza", "", "M", "cluster_staff", 1),
            ("Amina Benali", "amina@example.ma", "F", "consultant", 1),
        ],
    )
    activity(
        c1,
        "se_training",
        day(12, 10),
        [
            ("Youssef", "", "M", "cluster_staff", 1),
            ("Fatima A.", "Fatima@agro.ma", "F", "cluster_staff", 1),
        ],
    )
    return {"c1": c1, "c2": c2, "companies": companies, "t0": t0, "consultant": consultant}


def se_dataset(version) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The dataset above and the default logframe (imported by the other S&E test modules)."""
    data = build_dataset(version)
    logframe_load(spec=parse_logframe(LOGFRAME))
    return data


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


def value(
    code: str,
    period: tuple[datetime.date, datetime.date],
    cluster=None,
    cumulative: bool = False,
    dims: tuple[str, ...] = (),
):  # type: ignore[no-untyped-def]
    from reports.monitoring.indicators import Window

    start, end = period
    window = Window(None if cumulative else start, end)
    return compute(code, indicator_frames(cluster=cluster), window, list(dims))


def cells(outcome, dimension: str) -> dict[str, tuple[float | None, int]]:  # type: ignore[no-untyped-def]
    return {c.category: (c.value, c.n) for c in outcome.breakdown if c.dimension == dimension}


def test_pmes_with_a_validated_t0_count_by_local_validation_date(dataset) -> None:
    q3 = value("pme-t0-validated", Q3, dims=("sector", "cluster"))
    # P1 10 Jul, P2 20 Aug, P5 1 Jul local (30 Jun UTC); P4 never validated; P3 in October.
    assert (q3.value, q3.n) == (3, 3)
    assert cells(q3, "cluster") == {"ce3m": (2, 2), "agro": (1, 1)}
    assert value("pme-t0-validated", Q4).value == 1
    assert value("pme-t0-validated", (Q3[0], Q4[1]), dims=("sector",)).breakdown
    assert (
        value("pme-t0-validated", (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))).value
        == 0
    )


def test_pmes_with_a_validated_t0_are_counted_per_cluster(dataset) -> None:
    whole_year = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    total = value("pme-t0-validated", whole_year, dims=("sector",))
    assert total.value == 4
    assert cells(total, "sector") == {
        "agrifood": (1, 1),
        "electronics": (2, 2),
        "mechatronics": (1, 1),
    }
    assert value("pme-t0-validated", whole_year, cluster=dataset["c1"]).value == 3
    assert value("pme-t0-validated", whole_year, cluster=dataset["c2"]).value == 1


def test_accompaniment_days_count_done_days_by_date_or_log_date(dataset) -> None:
    # Q3: P1 five (3 Aug–31 Aug), P2 two (7, 14 Sep). Q4: P1 three, P2 one (no date, logged 1 Oct).
    q3, q4 = value("accompaniment-days", Q3), value("accompaniment-days", Q4)
    assert (q3.value, q3.n) == (7, 2)
    assert (q4.value, q4.n) == (4, 2)
    assert value("accompaniment-days", Q4, cluster=dataset["c2"]).value == 0


def test_share_of_pmes_with_the_full_eight_days_is_over_agreed_plans(dataset) -> None:
    # Agreed by 30 Sep: P1 (5 done so far) and P2; P5's plan is a draft.
    q3 = value("pct-full-eight-days", Q3, cumulative=True)
    assert (q3.value, q3.n) == (0, 2)
    # By 31 Dec: P1 has its 8 days, P2 3 → 1 of 2.
    q4 = value("pct-full-eight-days", Q4, cumulative=True)
    assert (q4.value, q4.n) == (50, 2)
    assert value("pct-full-eight-days", Q4, cluster=dataset["c2"], cumulative=True).value is None


def test_roadmaps_delivered_need_a_validated_diagnostic_and_a_kept_action(dataset) -> None:
    # P1 (PDF 12 Jul) and P2 (PDF before validation: 20 Aug); P3 has only a removed action,
    # P4 is not validated.
    q3 = value("roadmaps-delivered", Q3)
    assert (q3.value, q3.n) == (2, 2)
    assert {s["label"] for s in q3.sources} == {"P1", "P2"}
    assert value("roadmaps-delivered", Q4).value == 0


def test_roadmap_actions_implemented_leave_out_removed_actions(dataset) -> None:
    # Q3: P1 15 Sep, P4 20 Sep. Q4: P1 20 Oct, P2 5 Nov; P1's removed action done 21 Oct is out.
    q3, q4 = value("actions-implemented", Q3), value("actions-implemented", Q4)
    assert (q3.value, q3.n) == (2, 2)
    assert (q4.value, q4.n) == (2, 2)


def test_uplift_is_paired_over_pmes_with_both_diagnostics(dataset) -> None:
    # P1 (2.60 − 2.00) × 20 = 12, P2 (1.90 − 1.50) × 20 = 8, P5 (2.50 − 2.00) × 20 = 10.
    q4 = value("uplift-mean", Q4, cumulative=True, dims=("axis", "cluster"))
    assert (q4.value, q4.n) == (pytest.approx(10.0), 3)
    # Axis A: 22, 8, 10 → 40 / 3; axis B: P2's T0 has no B score, so P1 −8 and P5 10 → 1.
    assert cells(q4, "axis") == {
        "A": (pytest.approx(40 / 3, abs=1e-3), 3),
        "B": (pytest.approx(1.0), 2),
    }
    assert cells(q4, "cluster") == {
        "ce3m": (pytest.approx(10.0), 2),
        "agro": (pytest.approx(10.0), 1),
    }
    assert {s["label"] for s in q4.sources} >= {"P1 · T1", "P1 · T0", "P5 · T1"}


def test_uplift_has_no_data_before_any_follow_up(dataset) -> None:
    q3 = value("uplift-mean", Q3, cumulative=True)
    assert (q3.value, q3.n) == (None, 0)


def test_uplift_leaves_out_a_pme_with_a_t0_only_and_a_draft_t1(dataset) -> None:
    agro = value("uplift-mean", Q4, cluster=dataset["c2"], cumulative=True)
    assert (agro.value, agro.n) == (pytest.approx(10.0), 1)  # P5 only: P4's T1 is a draft


def test_share_of_pmes_gaining_a_level_on_an_axis(dataset) -> None:
    # P1 A 2→3: yes. P2 A 1.50→1.90 stays at 1, B not comparable: no. P5 A 1.90→2.40: yes.
    q4 = value("pct-level-gain", Q4, cumulative=True)
    assert (q4.value, q4.n) == (pytest.approx(200 / 3), 3)


def test_webinars_held_count_activities_and_their_participants(dataset) -> None:
    q3 = value("webinars-held", Q3)
    assert (q3.value, q3.n) == (1, 6)  # one webinar, 3 named people and a group of 3
    assert value("webinars-held", Q4).value == 1
    assert value("webinars-held", Q4, cluster=dataset["c1"]).value == 0


def test_consultants_trained_are_those_who_meet_the_completion_rule(dataset) -> None:
    CompletionRule.objects.filter(code="consultant-trained").update(
        requirements=[{"kind": "bootcamp", "min": 1}, {"kind": "webinar", "min": 1}]
    )
    # Karim: the webinar (15 Jul) and the bootcamp (5 Sep, as "karim  alaoui"). Amina and Omar
    # only attended webinars, Nadia and the anonymous pair only the bootcamp.
    q3 = value("consultants-trained", Q3, cumulative=True, dims=("sex",))
    assert (q3.value, q3.n) == (1, 1)
    assert cells(q3, "sex") == {"M": (1, 1)}
    assert value("consultants-trained", Q4, cumulative=True).value == 1
    assert value("consultants-trained", Q4, cluster=dataset["c2"], cumulative=True).value == 0


def test_one_webinar_is_not_the_eight_the_default_rule_asks(dataset) -> None:
    assert value("consultants-trained", Q4, cumulative=True).value == 0
    CompletionRule.objects.all().delete()
    assert value("consultants-trained", Q4, cumulative=True).value == 0


def test_mentoring_hours_sum_session_durations(dataset) -> None:
    assert value("mentoring-hours", Q3).value == pytest.approx(2.5)
    assert value("mentoring-hours", Q4).value == pytest.approx(1.5)


def test_event_participants_are_disaggregated_by_sex_and_role(dataset) -> None:
    q4 = value("event-participants", Q4, dims=("sex", "role"))
    assert (q4.value, q4.n) == (26, 26)
    assert cells(q4, "sex") == {"F": (10, 10), "M": (16, 16)}
    assert cells(q4, "role") == {"institution": (1, 1), "pme": (25, 25)}
    assert value("event-participants", Q3).value == 0


def test_cluster_staff_trained_on_se_are_distinct_staff(dataset) -> None:
    # Q3: Fatima and Hamza (Amina is a consultant). Q4 adds Youssef; Fatima comes back.
    assert value("se-staff-trained", Q3, cumulative=True).value == 2
    q4 = value("se-staff-trained", Q4, cumulative=True, dims=("sex",))
    assert q4.value == 3
    assert cells(q4, "sex") == {"F": (1, 1), "M": (2, 2)}


def test_the_data_are_read_in_a_fixed_number_of_queries(
    dataset, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(15):
        indicator_frames()
    for index in range(6):
        CompanyFactory(cluster=dataset["c1"], name=f"Extra {index}")
    with django_assert_max_num_queries(15):
        indicator_frames()


def test_every_registered_indicator_is_in_the_default_logframe(dataset) -> None:
    from reports.monitoring.indicators import REGISTRY
    from reports.monitoring.models import Indicator

    computed = set(Indicator.objects.filter(kind="computed").values_list("code", flat=True))
    assert computed == set(REGISTRY)
    assert timezone.now()


# A second, smaller cohort for what a day, a completed accompaniment, a pair, a score and a
# delivered roadmap are. Every figure is recounted by hand in the comments.

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
FULL = [[("kickoff", 1), ("action", 1)], *[[("action", 2)]] * 6, [("action", 1), ("closing", 1)]]


def slotted_plan(t0, status, days):  # type: ignore[no-untyped-def]
    """A plan whose days are (outcome, [(slot kind, half-days), ...]), dated 1 Sep onwards."""
    row = Plan.objects.create(assessment=t0, status=status, agreed_at=at(8, 20))
    item = RoadmapItem.objects.create(
        roadmap=Roadmap.objects.create(assessment=t0, computed_at=at(8, 15)),
        axis=t0.framework_version.axes.first(),
        origin="custom",
        title="Action",
        effort_half_days=2,
        impact=3,
        horizon="quick",
    )
    for number, (outcome, slots) in enumerate(days, start=1):
        planned = PlanDay.objects.create(
            plan=row, number=number, date=day(9, number), outcome=outcome
        )
        for order, (kind, half_days) in enumerate(slots):
            PlanSlot.objects.create(
                day=planned,
                kind=kind,
                item=item if kind == "action" else None,
                half_days=half_days,
                order=order,
            )
    return row


@pytest.fixture
def cohort(small_version, cluster, consultant):  # type: ignore[no-untyped-def]
    logframe_load(spec=parse_logframe(LOGFRAME))
    names = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    companies = {n: CompanyFactory(cluster=cluster, name=n) for n in names}

    def make(name, *args, **kw):  # type: ignore[no-untyped-def]
        return assessment(companies[name], consultant, small_version, *args, **kw)

    return {"companies": companies, "make": make}


def test_accompaniment_days_are_delivered_half_days_over_two(cohort) -> None:
    make, done = cohort["make"], "done"
    t0 = {
        n: make(n, "T0", "validated", day(7, 1), "2.00", {}, validated=at(7, 2))
        for n in ("Q1", "Q2", "Q3", "Q4")
    }
    # Q1: 8 days done, 16 half-days → 8 days.
    slotted_plan(t0["Q1"], "in_progress", [(done, s) for s in FULL])
    # Q2: marked completed, 8 days done, but day 4 held one half-day → 15 half-days → 7.5.
    halved = [*FULL[:3], [("action", 1)], *FULL[4:]]
    slotted_plan(t0["Q2"], "completed", [(done, s) for s in halved])
    # Q3: days 1–7 done (14 half-days), the closing day postponed → 7.
    slotted_plan(t0["Q3"], "in_progress", [(done, s) for s in FULL[:7]] + [("postponed", FULL[7])])
    # Q4: day 1 done with the kick-off only (1 half-day), day 2 done with nothing planned on it
    # (no half-day recorded: 0) → 0.5.
    slotted_plan(t0["Q4"], "in_progress", [(done, [("kickoff", 1)]), (done, [])])
    # By hand: (16 + 15 + 14 + 1) / 2 = 23 days over 4 PMEs (it said 8 + 8 + 7 + 2 = 25).
    total = value("accompaniment-days", YEAR)
    assert (total.value, total.n) == (23, 4)


def test_a_completed_accompaniment_is_sixteen_half_days_and_the_closing_day(cohort) -> None:
    make, done = cohort["make"], "done"
    t0 = {
        n: make(n, "T0", "validated", day(7, 1), "2.00", {}, validated=at(7, 2))
        for n in ("Q1", "Q2", "Q3")
    }
    slotted_plan(t0["Q1"], "in_progress", [(done, s) for s in FULL])  # complete
    halved = [*FULL[:3], [("action", 1)], *FULL[4:]]
    slotted_plan(t0["Q2"], "completed", [(done, s) for s in halved])  # 15 of 16: not complete
    slotted_plan(t0["Q3"], "in_progress", [(done, s) for s in FULL[:7]] + [("postponed", FULL[7])])
    # By hand: 1 PME of 3 with an agreed plan (it said 2 of 3: eight days logged done).
    share = value("pct-full-eight-days", YEAR, cumulative=True)
    assert (share.value, share.n) == (pytest.approx(100 / 3, abs=1e-3), 3)


def test_uplift_and_level_gains_pair_validated_diagnostics_only(cohort) -> None:
    make = cohort["make"]
    ok = {"validated": at(7, 2)}
    a0 = make("Q1", "T0", "validated", day(7, 1), "2.00", {"A": "2.00", "B": "2.00"}, **ok)
    b0 = make("Q2", "T0", "validated", day(7, 1), "2.00", {"A": "2.00", "B": "2.00"}, **ok)
    c0 = make("Q3", "T0", "submitted", day(7, 1), "1.00", {"A": "1.00", "B": "1.00"})
    later = {"validated": at(11, 2)}
    make(
        "Q1",
        "T1",
        "validated",
        day(11, 1),
        "2.50",
        {"A": "2.50", "B": "2.50"},
        baseline=a0,
        **later,
    )
    make("Q2", "T1", "submitted", day(11, 1), "4.00", {"A": "4.00", "B": "4.00"}, baseline=b0)
    make(
        "Q3",
        "T1",
        "validated",
        day(11, 1),
        "2.00",
        {"A": "2.00", "B": "2.00"},
        baseline=c0,
        **later,
    )
    # By hand: only Q1 has both validated: (2.50 − 2.00) × 20 = 10, no level gained
    # (it said (10 + 40 + 20) / 3 over 3 PMEs, and 2 of 3 gaining a level).
    uplift = value("uplift-mean", YEAR, cumulative=True)
    assert (uplift.value, uplift.n) == (pytest.approx(10.0), 1)
    gain = value("pct-level-gain", YEAR, cumulative=True)
    assert (gain.value, gain.n) == (0, 1)


def answered(row, levels):  # type: ignore[no-untyped-def]
    questions = {
        q.code: q for q in Question.objects.filter(axis__framework_version=row.framework_version)
    }
    for code, level in levels.items():
        Answer.objects.create(assessment=row, question=questions[code], level=level)
    return row


def test_uplift_is_computed_from_the_unrounded_scores(cohort) -> None:
    make = cohort["make"]
    # T0: A = (3 + 3 × 2) / 4 = 2.25 (A2 weighs 3), B = 1 → overall (2 × 2.25 + 1) / 3 = 1.8333…
    # stored 1.83. T1: A = 2.75, B = 1 → (5.5 + 1) / 3 = 2.1666… stored 2.17.
    t0 = make(
        "Q1", "T0", "validated", day(7, 1), "1.83", {"A": "2.25", "B": "1.00"}, validated=at(7, 2)
    )
    t1 = make(
        "Q1",
        "T1",
        "validated",
        day(11, 1),
        "2.17",
        {"A": "2.75", "B": "1.00"},
        baseline=t0,
        validated=at(11, 2),
    )
    answered(t0, {"A1": 3, "A2": 2, "B1": 1})
    answered(t1, {"A1": 2, "A2": 3, "B1": 1})
    # By hand: (2.1666… − 1.8333…) × 20 = 6.6667 (from the stored scores: 0.34 × 20 = 6.8).
    uplift = value("uplift-mean", YEAR, cumulative=True)
    assert uplift.value == pytest.approx(20 / 3, abs=1e-4)


def test_a_roadmap_is_delivered_once_its_pdf_is_ready(cohort) -> None:
    make = cohort["make"]
    rows = {
        n: make(n, "T0", "validated", day(7, 1), "2.00", {}, validated=at(7, 2))
        for n in ("Q1", "Q2", "Q3")
    }
    for row in rows.values():
        roadmap(row, at(7, 1), [(None, False)])
    pdf = {"kind": "roadmap", "language": "fr", "version": 1, "file": "r.pdf", "checksum": "x"}
    Report.objects.create(assessment=rows["Q1"], status="ready", finished_at=at(10, 5), **pdf)
    Report.objects.create(assessment=rows["Q2"], status="failed", finished_at=at(7, 3), **pdf)
    # By hand: only Q1's PDF was produced, on 5 Oct (it said 3, all in Q3).
    assert value("roadmaps-delivered", Q3).value == 0
    q4 = value("roadmaps-delivered", Q4)
    assert (q4.value, q4.n) == (1, 1)
    assert {s["label"] for s in q4.sources} == {"Q1"}
