"""Values you can trust: draft → submitted → approved or returned, locks, staleness, history."""

import datetime
from decimal import Decimal
from typing import cast

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.models import Assessment, AxisScore
from assessments.roles import Role
from reports.monitoring.indicators import aggregate, elapsed, fraction, progress, small, status
from reports.monitoring.models import Indicator, IndicatorValue, Period
from reports.monitoring.selectors.indicators import indicator_table
from reports.monitoring.services import indicators as services
from tests.factories import UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def staff(dataset):  # type: ignore[no-untyped-def]
    user = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    dataset["c1"].staff.add(user)
    return user


@pytest.fixture
def coordinator(groups):  # type: ignore[no-untyped-def]
    return UserFactory(username="coord", role=Role.COORDINATOR)


def period(code: str) -> Period:
    return Period.objects.get(code=code)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def test_progress_is_measured_from_the_baseline() -> None:
    assert progress(60, 20, 100) == 0.5
    assert progress(None, 0, 10) is None
    assert progress(5, None, 10) == 0.5
    assert progress(8, 10, 2) == 0.25  # a "down" indicator: from 10 towards 2


def test_a_count_is_judged_against_its_target_pro_rata_with_the_thresholds() -> None:
    # Half the period gone, target 100 from 0: 50 due; on track from 90 % of it, at risk from 70 %.
    assert status(50, 0, 100, 0.5) == "on_track"
    assert status(45, 0, 100, 0.5) == "on_track"
    assert status(44, 0, 100, 0.5) == "at_risk"
    assert status(35, 0, 100, 0.5) == "at_risk"
    assert status(34, 0, 100, 0.5) == "off_track"
    assert status(90, 0, 100, 0.5) == "on_track"  # beyond the pro-rata target
    assert status(None, 0, 100, 0.5) == "no_data"
    assert status(0, 0, 100, 0.5) == "off_track"  # zero is a value, unlike no data
    assert status(10, 0, None, 0.5) == "no_target"
    assert status(10, 0, 100, 0) == "not_started"


def test_a_rate_is_judged_against_the_target_itself_never_pro_rata() -> None:
    # The case: 62.5 % of PMEs with their eight days against a 100 % target, half the
    # programme gone. Pro rata it read "ahead"; against the target it is off track.
    assert status(62.5, 0, 100, 0.5, rate=True) == "off_track"
    assert status(62.5, 0, 100, 0.5, rate=False) == "on_track"  # what a count would say
    assert status(92, 0, 100, 0.1, rate=True) == "on_track"
    assert status(75, 0, 100, 0.1, rate=True) == "at_risk"


def test_the_thresholds_are_the_indicators_own() -> None:
    assert status(85, 0, 100, 1.0, rate=True, thresholds=(0.95, 0.8)) == "at_risk"
    assert status(85, 0, 100, 1.0, rate=True, thresholds=(0.8, 0.5)) == "on_track"
    assert status(40, 0, 100, 1.0, rate=True, thresholds=(0.8, 0.5)) == "off_track"


def test_a_percentage_splits_into_numerator_and_denominator() -> None:
    assert fraction(62.5, 8) == (5, 8)
    assert fraction(33.33, 3) == (1, 3)
    assert fraction(100.0, 1) == (1, 1)
    assert fraction(None, 8) is None
    assert fraction(50.0, 0) is None


def test_below_the_minimum_n_a_figure_is_small() -> None:
    assert small(4, 5)
    assert not small(5, 5)
    assert not small(None, 5)


def test_elapsed_share_counts_whole_days() -> None:
    assert elapsed(
        datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), datetime.date(2026, 10, 1)
    ) == pytest.approx(1 / 92)
    assert (
        elapsed(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), datetime.date(2027, 1, 5))
        == 1
    )


def test_values_aggregate_by_their_rule_and_a_percentage_is_never_summed() -> None:
    pairs = [(4.2, 2), (3.6, 1), (None, None)]
    assert aggregate(pairs, "sum") == pytest.approx(7.8)
    assert aggregate(pairs, "mean") == pytest.approx(4.0)  # (4.2 × 2 + 3.6) / 3
    assert aggregate(pairs, "last") == 3.6
    assert aggregate(pairs, "none") is None
    assert aggregate([(None, None)], "sum") is None


def test_a_computed_value_is_submitted_then_approved(dataset, staff, coordinator) -> None:
    value = services.indicator_value_submit(
        indicator=indicator("webinars-held"),
        period=period("2026-Q3"),
        cluster=dataset["c1"],
        by=staff,
    )
    assert (value.status, value.value, value.n) == ("submitted", Decimal("1.00"), 6)
    assert value.sources[0]["kind"] == "activity"
    value = services.indicator_value_approve(value=value, by=coordinator)
    assert value.status == "approved"
    assert value.approved_by == coordinator
    assert list(value.changes.values_list("action", flat=True)) == [
        "computed",
        "submitted",
        "approved",
    ]


def test_who_entered_or_submitted_a_value_never_approves_it(dataset, coordinator) -> None:
    programme_value = services.indicator_value_enter(
        indicator=indicator("pme-satisfaction"),
        period=period("2026-Q3"),
        cluster=None,
        by=coordinator,
        value=Decimal("4.1"),
        n=12,
        comment="Survey",
    )
    services.indicator_value_submit(
        indicator=programme_value.indicator,
        period=programme_value.period,
        cluster=None,
        by=coordinator,
    )
    with pytest.raises(ValidationError, match="four eyes"):
        services.indicator_value_approve(value=programme_value, by=coordinator)
    programme_value.refresh_from_db()
    assert programme_value.status == "submitted"
    second = UserFactory(role=Role.COORDINATOR)
    assert services.indicator_value_approve(value=programme_value, by=second).status == "approved"


def test_cluster_staff_cannot_approve_nor_submit_for_another_cluster(dataset, staff) -> None:
    value = services.indicator_value_submit(
        indicator=indicator("webinars-held"),
        period=period("2026-Q3"),
        cluster=dataset["c1"],
        by=staff,
    )
    with pytest.raises(ValidationError):
        services.indicator_value_approve(value=value, by=staff)
    with pytest.raises(ValidationError):
        services.indicator_value_submit(
            indicator=indicator("webinars-held"),
            period=period("2026-Q3"),
            cluster=dataset["c2"],
            by=staff,
        )


def test_a_returned_value_keeps_the_comment_and_can_be_resubmitted(
    dataset, staff, coordinator
) -> None:
    entered = services.indicator_value_enter(
        indicator=indicator("pme-satisfaction"),
        period=period("2026-Q3"),
        cluster=dataset["c1"],
        by=staff,
        value=Decimal("3.00"),
        n=2,
        evidence_link="https://example.org/survey",
    )
    submitted = services.indicator_value_submit(
        indicator=entered.indicator, period=entered.period, cluster=dataset["c1"], by=staff
    )
    with pytest.raises(ValidationError):
        services.indicator_value_return(value=submitted, by=coordinator, comment=" ")
    returned = services.indicator_value_return(
        value=submitted, by=coordinator, comment="Joindre les questionnaires signés."
    )
    assert returned.status == "returned"
    assert returned.changes.get(action="returned").reason == "Joindre les questionnaires signés."
    services.indicator_value_enter(
        indicator=entered.indicator,
        period=entered.period,
        cluster=dataset["c1"],
        by=staff,
        value=Decimal("4.10"),
        n=2,
        evidence=SimpleUploadedFile("enquete.pdf", PDF, content_type="application/pdf"),
    )
    again = services.indicator_value_submit(
        indicator=entered.indicator, period=entered.period, cluster=dataset["c1"], by=staff
    )
    assert (again.status, again.value, again.evidence_name) == (
        "submitted",
        Decimal("4.10"),
        "enquete.pdf",
    )


def test_a_refused_value_leaves_no_evidence_file_behind(dataset, staff, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.indicator_value_enter(
            indicator=indicator("pme-satisfaction"),
            period=period("2026-Q3"),
            cluster=dataset["c1"],
            by=staff,
            value=Decimal("3.00"),
            n=-2,  # refused by the model's validation, after the upload was stored
            evidence=SimpleUploadedFile("enquete.pdf", PDF, content_type="application/pdf"),
        )
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert not IndicatorValue.objects.filter(value=Decimal("3.00")).exists()


@pytest.mark.parametrize("typed", ["0", "5.5", "-5", "99"])
def test_a_value_outside_its_unit_is_refused(dataset, staff, typed) -> None:
    assert indicator("pme-satisfaction").unit == "score"  # 1 to 5
    with pytest.raises(ValidationError, match="between 1 and 5"):
        services.indicator_value_enter(
            indicator=indicator("pme-satisfaction"),
            period=period("2026-Q3"),
            cluster=dataset["c1"],
            by=staff,
            value=Decimal(typed),
            n=4,
        )
    assert not IndicatorValue.objects.filter(indicator__code="pme-satisfaction").exists()


def test_a_computed_indicator_is_not_typed_by_hand(dataset, staff) -> None:
    with pytest.raises(ValidationError):
        services.indicator_value_enter(
            indicator=indicator("webinars-held"),
            period=period("2026-Q3"),
            cluster=dataset["c1"],
            by=staff,
            value=Decimal(40),
        )


def test_changing_an_approved_value_needs_a_reason_and_is_kept(dataset, staff, coordinator) -> None:
    args = {
        "indicator": indicator("pme-satisfaction"),
        "period": period("2026-Q4"),
        "cluster": dataset["c1"],
    }
    services.indicator_value_enter(**args, by=staff, value=Decimal("4.20"), n=2)
    value = services.indicator_value_submit(**args, by=staff)
    services.indicator_value_approve(value=value, by=coordinator)
    with pytest.raises(ValidationError):
        services.indicator_value_enter(**args, by=coordinator, value=Decimal("4.30"), n=2)
    changed = services.indicator_value_enter(
        **args, by=coordinator, value=Decimal("4.30"), n=3, reason="Un questionnaire arrivé tard."
    )
    assert changed.status == "approved"
    change = changed.changes.get(action="changed")
    assert (change.before, change.after, change.reason) == (
        Decimal("4.20"),
        Decimal("4.30"),
        "Un questionnaire arrivé tard.",
    )
    # A cluster officer's change sends the value back to draft.
    back = services.indicator_value_enter(
        **args, by=staff, value=Decimal("4.25"), n=3, reason="Typo"
    )
    assert back.status == "draft"


def test_nothing_in_a_locked_period_changes(dataset, staff, coordinator) -> None:
    q3 = period("2026-Q3")
    services.indicator_value_submit(
        indicator=indicator("webinars-held"), period=q3, cluster=dataset["c1"], by=staff
    )
    services.period_lock(period=q3, by=coordinator)
    with pytest.raises(ValidationError, match="locked"):
        services.indicator_value_approve(
            value=IndicatorValue.objects.get(period=q3), by=coordinator
        )
    with pytest.raises(ValidationError, match="locked"):
        services.indicator_value_enter(
            indicator=indicator("pme-satisfaction"),
            period=q3,
            cluster=dataset["c1"],
            by=staff,
            value=Decimal(4),
        )
    assert services.indicator_values_refresh(period=q3, cluster=dataset["c1"]) == []
    with pytest.raises(ValidationError):
        services.period_lock(period=q3, by=staff)


def test_an_approved_value_turns_stale_when_its_data_change(dataset, staff, coordinator) -> None:
    args = {
        "indicator": indicator("uplift-mean"),
        "period": period("2026-Q4"),
        "cluster": dataset["c1"],
    }
    value = services.indicator_value_submit(**args, by=staff)
    services.indicator_value_approve(value=value, by=coordinator)
    assert value.value == Decimal("10.00")  # P1 12 and P2 8
    # P1's follow-up is reopened: it leaves the pairs, and the value is not silently changed.
    Assessment.objects.filter(company__name="P1", kind="T1").update(status="draft")
    services.indicator_values_refresh(period=args["period"], cluster=dataset["c1"])
    value.refresh_from_db()
    assert (value.value, value.status, value.stale) == (Decimal("10.00"), "approved", True)
    assert (value.recomputed_value, value.recomputed_n) == (Decimal("8.00"), 1)
    table = indicator_table(
        period=args["period"], cluster=dataset["c1"], viewer=coordinator, today=TODAY
    )
    row = next(r for r in table.rows if r.indicator.code == "uplift-mean")
    assert row.stale
    assert row.actual == 10.0

    services.indicator_value_reapprove(value=value, by=coordinator, reason="T1 de P1 rouvert.")
    value.refresh_from_db()
    assert (value.value, value.stale, value.status) == (Decimal("8.00"), False, "approved")
    assert value.changes.filter(action="reapproved", reason="T1 de P1 rouvert.").exists()


def test_a_stale_flag_clears_when_the_data_come_back(dataset, staff, coordinator) -> None:
    args = {
        "indicator": indicator("uplift-mean"),
        "period": period("2026-Q4"),
        "cluster": dataset["c1"],
    }
    value = services.indicator_value_submit(**args, by=staff)
    services.indicator_value_approve(value=value, by=coordinator)
    score = AxisScore.objects.filter(assessment__company__name="P1", assessment__kind="T1").first()
    Assessment.objects.filter(company__name="P1", kind="T1").update(overall_score=Decimal("2.50"))
    services.indicator_values_refresh(period=args["period"], cluster=dataset["c1"])
    value.refresh_from_db()
    assert value.stale
    Assessment.objects.filter(company__name="P1", kind="T1").update(overall_score=Decimal("2.60"))
    services.indicator_values_refresh(period=args["period"], cluster=dataset["c1"])
    value.refresh_from_db()
    assert not value.stale
    assert score is not None


def test_drafts_follow_the_data(dataset, staff) -> None:
    q4, c1 = period("2026-Q4"), dataset["c1"]
    services.indicator_values_refresh(period=q4, cluster=c1)
    days = IndicatorValue.objects.get(indicator__code="accompaniment-days", period=q4, cluster=c1)
    assert days.value == Decimal("4.00")
    days.__class__.objects.filter(pk=days.pk)  # unchanged row object
    from assessments.accompaniment.models import PlanDay

    PlanDay.objects.filter(plan__assessment__company__name="P2", outcome="postponed").update(
        outcome="done"
    )
    services.indicator_values_refresh(period=q4, cluster=c1)
    days.refresh_from_db()
    assert (days.value, days.stale, days.status) == (Decimal("5.00"), False, "draft")


def test_the_programme_value_of_a_collected_indicator_derives_from_the_clusters(
    dataset, staff, coordinator
) -> None:
    agro_staff = cast(User, UserFactory(username="staff-agro", role=Role.CLUSTER_STAFF))
    dataset["c2"].staff.add(agro_staff)
    q4 = period("2026-Q4")
    for cluster, user, score, n in (
        (dataset["c1"], staff, "4.20", 2),
        (dataset["c2"], agro_staff, "3.60", 1),
    ):
        services.indicator_value_enter(
            indicator=indicator("pme-satisfaction"),
            period=q4,
            cluster=cluster,
            by=user,
            value=Decimal(score),
            n=n,
        )
        services.indicator_value_submit(
            indicator=indicator("pme-satisfaction"), period=q4, cluster=cluster, by=user
        )
    # A returned value of another quarter does not count.
    services.indicator_value_enter(
        indicator=indicator("pme-satisfaction"),
        period=period("2026-Q3"),
        cluster=dataset["c1"],
        by=staff,
        value=Decimal("1.00"),
        n=5,
    )
    table = indicator_table(period=q4, cluster=None, viewer=coordinator, today=TODAY)
    row = next(r for r in table.rows if r.indicator.code == "pme-satisfaction")
    assert row.derived
    assert row.actual == pytest.approx(4.0)  # (4.2 × 2 + 3.6 × 1) / 3
    assert row.n == 3


def test_the_table_reports_progress_and_status(dataset, coordinator) -> None:
    total = period("TOTAL")
    table = indicator_table(period=total, cluster=None, viewer=coordinator, today=TODAY)
    row = next(r for r in table.rows if r.indicator.code == "pme-t0-validated")
    # 4 of 15 from 0; 1 Jan 2026 – 31 Dec 2027, 326 days of 730 gone: pro rata 6.7, of which
    # 4 is 60 %: under the 70 % of "at risk", off track.
    assert (row.actual, row.percent_of_target, row.status) == (4, 26.7, "off_track")
    satisfaction = next(r for r in table.rows if r.indicator.code == "pme-satisfaction")
    assert (satisfaction.actual, satisfaction.status) == (None, "no_data")


def test_the_value_page_offers_approval_to_another_person_only(dataset, coordinator) -> None:
    value = services.indicator_value_enter(
        indicator=indicator("pme-satisfaction"),
        period=period("2026-Q3"),
        cluster=None,
        by=coordinator,
        value=Decimal("4.1"),
        n=12,
        comment="Survey",
    )
    services.indicator_value_submit(
        indicator=value.indicator, period=value.period, cluster=None, by=coordinator
    )
    url = "/reports/se/2026-Q3/programme/pme-satisfaction/"
    author, second = Client(), Client()
    author.force_login(coordinator)
    second.force_login(UserFactory(role=Role.COORDINATOR))
    mine = author.get(url).content.decode()
    assert 'id="four-eyes"' in mine
    assert 'id="approve-value"' not in mine
    assert 'id="approve-value"' in second.get(url).content.decode()


def test_the_approvers_queue_lists_submitted_values_for_a_second_person(
    dataset, staff, coordinator
) -> None:
    submitted = services.indicator_value_submit(
        indicator=indicator("webinars-held"),
        period=period("2026-Q3"),
        cluster=dataset["c1"],
        by=staff,
    )
    second = Client()
    second.force_login(coordinator)
    queue = second.get("/reports/se/approvals/")
    assert [v.code for v, may in queue.context["rows"]] == [submitted.code]
    assert queue.context["rows"][0][1] is True
    approved = second.post(f"/reports/se/values/{submitted.code}/approve/", {"from": "queue"})
    assert approved.url == "/reports/se/approvals/"
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert second.get("/reports/se/approvals/").context["rows"] == []


@pytest.mark.parametrize("role", [Role.CLUSTER_STAFF, Role.CONSULTANT])
def test_only_approvers_open_the_queue(dataset, role) -> None:
    client = Client()
    client.force_login(UserFactory(role=role))
    assert client.get("/reports/se/approvals/").status_code == 403


def test_the_home_page_lists_the_s_and_e_work_waiting(dataset, staff, coordinator) -> None:
    value = services.indicator_value_submit(
        indicator=indicator("webinars-held"),
        period=period("2026-Q3"),
        cluster=dataset["c1"],
        by=staff,
    )
    approver = Client()
    approver.force_login(coordinator)
    home = approver.get("/").content.decode()
    assert 'id="todo-approve"' in home
    assert 'id="todo-lock"' in home  # 2026-Q3 has ended and is open
    services.indicator_value_return(value=value, by=coordinator, comment="Source?")
    entered_by = Client()
    entered_by.force_login(staff)
    assert 'id="todo-returned"' in entered_by.get("/").content.decode()
