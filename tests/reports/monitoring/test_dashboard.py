"""The S&E pages: who sees what, small-n suppression, exports, query counts."""

import csv
import datetime
import io
from decimal import Decimal
from typing import cast

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from assessments.roles import Role
from reports.monitoring.models import Indicator, IndicatorValue, Period, Target
from reports.monitoring.selectors.dashboard import default_period, se_dashboard
from reports.monitoring.selectors.indicators import indicator_table
from reports.monitoring.services import indicators as services
from tests.factories import CompanyFactory, UserFactory
from tests.reports.monitoring.test_indicators_computed import se_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(small_version):  # type: ignore[no-untyped-def]
    return se_dataset(small_version)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    """A logged-in client reading the pages in English, as the assertions are written."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def staff(dataset):  # type: ignore[no-untyped-def]
    user = UserFactory(username="staff-ce3m", role=Role.CLUSTER_STAFF)
    dataset["c1"].staff.add(user)
    return user


@pytest.fixture
def coordinator(groups):  # type: ignore[no-untyped-def]
    return UserFactory(username="coord", role=Role.COORDINATOR)


def test_cluster_staff_see_only_their_cluster(dataset, staff) -> None:
    client = client_for(staff)
    page = client.get("/reports/se/")
    assert page.status_code == 200
    assert page.context["cluster"] == dataset["c1"]
    scopes = [code for code, _label in page.context["form"].fields["scope"].choices]
    assert scopes == ["ce3m"]
    assert client.get("/reports/se/?period=TOTAL&scope=agro").context["cluster"] == dataset["c1"]
    assert client.get("/reports/se/TOTAL/agro/webinars-held/").status_code == 404
    assert client.get("/reports/se/TOTAL/programme/webinars-held/").status_code == 404
    assert client.get("/reports/se/TOTAL/agro/logframe.xlsx").status_code == 404


def test_the_coordinator_sees_the_programme_and_each_cluster(dataset, coordinator) -> None:
    client = client_for(coordinator)
    page = client.get("/reports/se/")
    assert page.context["cluster"] is None
    scopes = [code for code, _label in page.context["form"].fields["scope"].choices]
    assert scopes == ["programme", "agro", "ce3m"]
    assert client.get("/reports/se/?period=2026-Q4&scope=agro").context["cluster"] == dataset["c2"]
    assert b"Monitoring and evaluation" in page.content


def test_a_pme_manager_has_no_access(dataset) -> None:
    manager = UserFactory(username="manager", role=Role.PME_MANAGER)
    client = client_for(manager)
    assert client.get("/reports/se/").status_code == 403
    assert client.get("/reports/se/activities/").status_code == 403
    assert client.get("/reports/se/TOTAL/ce3m/logframe.xlsx").status_code == 403
    assert b"/reports/se/" not in client.get("/pme/").content


def test_the_dashboard_shows_the_indicator_table_and_charts(dataset, coordinator) -> None:
    page = client_for(coordinator).get("/reports/se/?period=2026-Q4&scope=programme")
    html = page.content.decode()
    assert 'data-indicator="uplift-mean"' in html
    assert {"uplift", "days", "heatmap", "benchmark"} <= set(page.context["figures"])
    assert html.count('role="img"') == len(page.context["figures"])
    assert "<details" in html  # every chart has its figures as a table


def test_small_aggregates_are_hidden_outside_the_pmes_cluster(dataset, staff) -> None:
    # A consultant of one ce3m PME follows ce3m read-only: 3 PMEs behind uplift, 2 not theirs.
    consultant = cast(User, UserFactory(username="outsider", role=Role.CONSULTANT))
    dataset["companies"]["P3"].consultants.add(consultant)
    q4 = Period.objects.get(code="2026-Q4")
    seen = se_dashboard(period=q4, cluster=dataset["c1"], viewer=consultant)
    row = next(r for r in seen.table.rows if r.indicator.code == "uplift-mean")
    assert row.hidden
    assert row.actual is None
    assert row.status == "no_data"
    assert all(bar.value is None for bar in seen.uplift)
    assert seen.heatmap.companies == ["P3"]  # only the PME the consultant follows
    # The cluster's own staff see the same aggregate.
    own = se_dashboard(period=q4, cluster=dataset["c1"], viewer=staff)
    row = next(r for r in own.table.rows if r.indicator.code == "uplift-mean")
    assert not row.hidden
    assert row.actual == pytest.approx(10.0)
    page = client_for(consultant).get("/reports/se/?period=2026-Q4&scope=ce3m")
    assert "not enough data" in page.content.decode()
    assert client_for(consultant).get("/reports/se/2026-Q4/ce3m/uplift-mean/").context["hidden"]


def test_a_hidden_value_keeps_its_history_figures_hidden_too(dataset, staff) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    value = services.indicator_value_submit(
        indicator=Indicator.objects.get(code="uplift-mean"),
        period=Period.objects.get(code="2026-Q4"),
        cluster=dataset["c1"],
        by=coordinator,
    )
    services.indicator_value_approve(value=value, by=UserFactory(role=Role.COORDINATOR))
    consultant = cast(User, UserFactory(username="outsider", role=Role.CONSULTANT))
    dataset["companies"]["P3"].consultants.add(consultant)
    url = "/reports/se/2026-Q4/ce3m/uplift-mean/"

    shown = client_for(staff).get(url)
    assert shown.context["history"]
    assert 'id="history"' in shown.content.decode()
    hidden = client_for(consultant).get(url)
    assert hidden.context["hidden"]
    assert hidden.context["history"] == []
    assert 'id="history"' not in hidden.content.decode()
    assert 'id="stored-value"' not in hidden.content.decode()


def test_five_pmes_are_enough_to_show_an_aggregate(dataset) -> None:
    consultant = cast(User, UserFactory(username="outsider", role=Role.CONSULTANT))
    dataset["companies"]["P3"].consultants.add(consultant)
    total = Period.objects.get(code="TOTAL")
    seen = se_dashboard(period=total, cluster=dataset["c1"], viewer=consultant)
    row = next(r for r in seen.table.rows if r.indicator.code == "pme-t0-validated")
    assert row.hidden  # 3 PMEs
    for index in range(3):
        CompanyFactory(cluster=dataset["c1"], name=f"Extra {index}")
    row = next(r for r in seen.table.rows if r.indicator.code == "webinars-held")
    assert not row.hidden  # activities are not PME aggregates


def test_a_value_page_links_the_records_behind_it(dataset, coordinator) -> None:
    page = client_for(coordinator).get("/reports/se/2026-Q4/programme/uplift-mean/")
    links = page.context["sources"]
    assert {link.label for link in links} == {
        "P1 · T1",
        "P1 · T0",
        "P2 · T1",
        "P2 · T0",
        "P5 · T1",
        "P5 · T0",
    }
    assert all(link.url and link.url.endswith("/results/") for link in links)


def test_cluster_staff_submit_and_the_coordinator_approves_over_http(
    dataset, staff, coordinator
) -> None:
    response = client_for(staff).post("/reports/se/2026-Q3/ce3m/webinars-held/submit/")
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator__code="webinars-held", cluster=dataset["c1"])
    assert value.status == "submitted"
    assert client_for(staff).post(f"/reports/se/values/{value.code}/approve/").status_code == 403
    client_for(coordinator).post(f"/reports/se/values/{value.code}/approve/")
    value.refresh_from_db()
    assert value.status == "approved"


def test_a_collected_value_is_entered_with_its_evidence(dataset, staff) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("enquete.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client = client_for(staff)
    client.post(
        "/reports/se/2026-Q4/ce3m/pme-satisfaction/enter/",
        {"value": "4.2", "n": "2", "comment": "", "evidence": upload, "submit": "1"},
    )
    value = IndicatorValue.objects.get(indicator__code="pme-satisfaction")
    assert (value.status, value.value, value.entered_by) == ("submitted", Decimal("4.20"), staff)
    download = client.get(f"/reports/se/values/{value.code}/evidence/")
    assert download.status_code == 200
    assert download.getvalue().startswith(b"%PDF")
    other = UserFactory(username="staff-agro", role=Role.CLUSTER_STAFF)
    dataset["c2"].staff.add(other)
    assert client_for(other).get(f"/reports/se/values/{value.code}/evidence/").status_code == 404


def test_the_coordinator_locks_a_period_after_seeing_what_it_freezes(
    dataset, staff, coordinator
) -> None:
    url = "/reports/se/periods/2026-Q3/lock/"
    assert client_for(staff).post(url, {"confirm": "on"}).status_code == 403
    assert not Period.objects.get(code="2026-Q3").locked
    shown = client_for(coordinator).get(url)
    assert 'id="freeze"' in shown.content.decode()
    unconfirmed = client_for(coordinator).post(url)
    assert unconfirmed.context["form"].errors["confirm"]
    assert not Period.objects.get(code="2026-Q3").locked
    client_for(coordinator).post(url, {"confirm": "on"})
    period = Period.objects.get(code="2026-Q3")
    assert period.locked
    assert period.locked_by == coordinator


def test_the_dashboard_queries_do_not_grow_with_the_pmes(
    dataset, coordinator, django_assert_max_num_queries
) -> None:
    client = client_for(coordinator)
    client.get("/reports/se/?period=TOTAL&scope=programme")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get("/reports/se/?period=TOTAL&scope=programme")
    for index in range(10):
        CompanyFactory(cluster=dataset["c1"], name=f"More {index}")
    with CaptureQueriesContext(connection) as after:
        client.get("/reports/se/?period=TOTAL&scope=programme")
    assert len(after) == len(before)


def test_the_compute_command_prints_the_table(dataset, capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command(
        "compute_indicators", "--period", "2026-Q4", "--cluster", "ce3m", "--format", "csv"
    )
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:4] == ["code", "baseline", "target", "actual"]
    assert next(r for r in rows if r[0] == "webinars-held")[:4] == [
        "webinars-held",
        "0.00",
        "",
        "0.0",
    ]
    call_command("compute_indicators", "--period", "2026-Q4", "--save")
    assert IndicatorValue.objects.filter(period__code="2026-Q4", cluster=None).count() == 24


# What an auditor recounts: shares with their parts, small n, rates against targets, defaults


def test_a_share_reads_with_its_numerator_and_denominator_and_small_n_is_flagged(
    dataset, coordinator
) -> None:
    # By hand: P1 has its 16 half-days and its closing, P2 not; both plans agreed: 1 of 2.
    client = client_for(coordinator)
    page = client.get("/reports/se/?period=TOTAL&scope=programme")
    row = next(r for r in page.context["table"].rows if r.indicator.code == "pct-full-eight-days")
    assert (row.actual, row.n, row.fraction, row.small_n) == (50, 2, (1, 2), True)
    html = page.content.decode()
    cell = html[html.index('data-indicator="pct-full-eight-days"') :]
    cell = cell[: cell.index("</tr>")]
    assert "50.0 % (1/2)" in cell
    assert "n &lt; 5" in cell
    assert 'class="small se-definition"' in cell  # the written definition beside the figure
    french = Client()
    french.force_login(coordinator)
    html = french.get("/reports/se/?period=TOTAL&scope=programme").content.decode()
    assert "50,0 % (1/2)" in html


def test_a_rate_is_not_ahead_of_its_target_because_time_passed(dataset, coordinator) -> None:
    # The case: 62.5 % of 8 PMEs with the full eight days, against 100 %, with less
    # than half of the programme gone. Pro rata it read "ahead"; it is off track.
    value = IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="pct-full-eight-days"),
        period=Period.objects.get(code="TOTAL"),
        value=Decimal("62.50"),
        n=8,
        status=IndicatorValue.Status.APPROVED,
        approved_at=datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC),
    )
    table = indicator_table(
        period=value.period, cluster=None, viewer=coordinator, today=datetime.date(2026, 11, 22)
    )
    row = next(r for r in table.rows if r.indicator.code == "pct-full-eight-days")
    assert table.share < 0.5
    assert (row.actual, row.fraction, row.small_n) == (62.5, (5, 8), False)
    assert (row.percent_of_target, row.status) == (62.5, "off_track")


def test_the_dashboard_opens_on_the_period_with_targets_and_says_so(dataset, coordinator) -> None:
    page = client_for(coordinator).get("/reports/se/")
    assert page.context["period"].code == "TOTAL"
    assert page.context["table"].has_targets
    assert 'id="se-default-view"' in page.content.decode()
    quarter = client_for(coordinator).get("/reports/se/?period=2026-Q4&scope=programme")
    html = quarter.content.decode()
    assert 'id="se-no-targets"' in html  # a period without targets says so, and where they are
    assert "?period=TOTAL&amp;scope=programme" in html


def test_without_targets_on_the_total_the_default_is_a_period_that_has_them(dataset) -> None:
    Target.objects.filter(period__code__in=["TOTAL"]).delete()
    assert default_period(datetime.date(2026, 11, 22)).code == "MID-TERM"
    Target.objects.all().delete()
    assert default_period(datetime.date(2026, 11, 22)).code == "TOTAL"
