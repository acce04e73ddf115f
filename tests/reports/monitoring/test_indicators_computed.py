"""Every computed indicator on a hand-built dataset whose answers were worked out by hand.

The dataset (two clusters, five PMEs) is written straight into the tables the indicators
read, with scores typed in rather than computed, so that the expected figures below owe
nothing to the code under test. The working is in the comments.

- P1 (ce3m, electronics, CSE, 10-49): T0 validated 10 Jul, overall 2.00 (A 2.00, B 2.00);
  T1 submitted 5 Oct, overall 2.60 (A 3.10, B 1.60). Plan agreed 20 Jul, 8 days done
  (5 in Q3, 3 in Q4). Roadmap computed 12 Jul: one action done 15 Sep, one 20 Oct, one
  removed (done 21 Oct, not counted), one open.
- P2 (ce3m, mechatronics, SMA, 50-199): an N/A-heavy T0 (axis B all not applicable: no
  score) validated 20 Aug, overall 1.50 (A 1.50); T1 submitted 2 Nov, overall 1.90
  (A 1.90, B 2.50). Plan agreed 1 Sep: done 7 and 14 Sep, done with no date but logged
  1 Oct, postponed, cancelled, three planned. Roadmap computed 25 Aug, one action done 5 Nov.
- P3 (ce3m, electronics): a T0 only, validated 15 Oct, overall 3.00; roadmap with only a
  removed action.
- P4 (agro, agrifood, FMK): T0 submitted, never validated (overall 1.00), with a roadmap
  action done 20 Sep; its T1 is a draft.
- P5 (agro, agrifood): T0 validated 30 Jun 23:30 UTC, which is 1 Jul in Casablanca (Q3),
  overall 2.00 (A 1.90, B 2.20); T1 validated 1 Dec, overall 2.50 (A 2.40, B 2.70). A
  draft plan (not agreed: not counted).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.accompaniment.models import Plan, PlanDay, Roadmap, RoadmapItem
from assessments.models import Assessment, AxisScore, Company, Sector
from reports.monitoring.indicators import compute
from reports.monitoring.models import Activity, Participant
from reports.monitoring.selectors.indicators import indicator_frames
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import ClusterFactory, CompanyFactory, UserFactory
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


def plan(t0, status, agreed, days):  # type: ignore[no-untyped-def]
    row = Plan.objects.create(assessment=t0, status=status, agreed_at=agreed)
    for number, (date, outcome, logged) in enumerate(days, start=1):
        PlanDay.objects.create(
            plan=row, number=number, date=date, outcome=outcome, logged_at=logged
        )
    return row


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
        cluster=cluster, kind=kind, title=f"{kind} {date}", date=date, hours=hours
    )
    for name, email, sex, role, count in people:
        Participant.objects.create(
            activity=row, name=name, email=email, sex=sex, role=role, count=count
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
    make(p1, "T1", "submitted", day(10, 5), "2.60", {"A": "3.10", "B": "1.60"}, baseline=t0["P1"])
    make(p2, "T1", "submitted", day(11, 2), "1.90", {"A": "1.90", "B": "2.50"}, baseline=t0["P2"])
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
    )
    plan(t0["P5"], "draft", None, [(day(9, 1), "planned", None)])
    roadmap(
        t0["P1"],
        at(7, 12),
        [(at(9, 15), False), (at(10, 20), False), (at(10, 21), True), (None, False)],
    )
    roadmap(t0["P2"], at(8, 25), [(at(11, 5), False)])
    roadmap(t0["P3"], at(10, 16), [(None, True)])
    roadmap(t0["P4"], at(9, 2), [(at(9, 20), False)])

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
    # P1 (12 Jul) and P2 (25 Aug); P3 has only a removed action, P4 is not validated.
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


def test_consultants_trained_are_distinct_people_to_date(dataset) -> None:
    # To 30 Sep: Amina, Karim (twice, same name), Nadia (twice) and an anonymous group of 2.
    q3 = value("consultants-trained", Q3, cumulative=True, dims=("sex",))
    assert q3.value == 5
    assert cells(q3, "sex") == {"F": (4, 4), "M": (1, 1)}
    # To 31 Dec: Amina again (same e-mail, other case) and Omar (twice) → one more.
    assert value("consultants-trained", Q4, cumulative=True).value == 6
    assert value("consultants-trained", Q4, cluster=dataset["c2"], cumulative=True).value == 2


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
    with django_assert_max_num_queries(10):
        indicator_frames()
    for index in range(6):
        CompanyFactory(cluster=dataset["c1"], name=f"Extra {index}")
    with django_assert_max_num_queries(10):
        indicator_frames()


def test_every_registered_indicator_is_in_the_default_logframe(dataset) -> None:
    from reports.monitoring.indicators import REGISTRY
    from reports.monitoring.models import Indicator

    computed = set(Indicator.objects.filter(kind="computed").values_list("code", flat=True))
    assert computed == set(REGISTRY)
    assert timezone.now()
