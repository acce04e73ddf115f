import datetime
from pathlib import Path
from typing import cast

import pytest
from django.core.management import call_command

from assessments.models import Cluster
from reports.monitoring.models import Indicator, Period, Target
from reports.monitoring.services.logframe import (
    LogframeError,
    logframe_load,
    parse_logframe,
    quarters,
)
from tests.factories import ClusterFactory

LOGFRAME = (
    Path(__file__).resolve().parents[3] / "reports" / "monitoring" / "logframes" / "default.yaml"
).read_bytes()


def test_quarters_run_from_the_first_to_the_last() -> None:
    found = quarters("2026-Q3", "2027-Q1")
    assert [code for code, _s, _e in found] == ["2026-Q3", "2026-Q4", "2027-Q1"]
    assert found[1][1:] == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert found[2][2] == datetime.date(2027, 3, 31)


def test_the_default_logframe_parses() -> None:
    spec = parse_logframe(LOGFRAME)
    codes = [i["code"] for r in spec["results"] for i in r["indicators"]]
    assert len(codes) == 23
    assert {"pme-t0-validated", "accompaniment-days", "uplift-mean", "pme-satisfaction"} <= set(
        codes
    )


def test_a_summed_percentage_is_refused() -> None:
    source = LOGFRAME.decode().replace(
        "aggregate: {scopes: none, periods: last}", "aggregate: {scopes: sum, periods: last}", 1
    )
    with pytest.raises(LogframeError) as error:
        parse_logframe(source)
    assert any("never summed" in e for e in error.value.errors)


def test_a_computed_indicator_needs_a_registered_function() -> None:
    source = LOGFRAME.decode().replace("code: webinars-held", "code: webinars-counted")
    with pytest.raises(LogframeError) as error:
        parse_logframe(source)
    assert any("webinars-counted" in e for e in error.value.errors)


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    ClusterFactory(code="ce3m")
    spec = parse_logframe(LOGFRAME)
    first = logframe_load(spec=spec)
    counts = (Indicator.objects.count(), Target.objects.count(), Period.objects.count())
    assert logframe_load(spec=spec) == first
    assert (Indicator.objects.count(), Target.objects.count(), Period.objects.count()) == counts
    assert Period.objects.filter(kind="quarter").count() == 8
    assert Period.objects.get(code="TOTAL").end == datetime.date(2027, 12, 31)


@pytest.mark.django_db
def test_targets_are_set_for_the_programme_and_each_cluster() -> None:
    cluster = cast(Cluster, ClusterFactory(code="ce3m"))
    logframe_load(spec=parse_logframe(LOGFRAME))
    days = Indicator.objects.get(code="accompaniment-days")
    assert Target.objects.get(indicator=days, period__code="TOTAL", cluster=None).value == 120
    assert Target.objects.get(indicator=days, period__code="TOTAL", cluster=cluster).value == 40


@pytest.mark.django_db
def test_a_reload_keeps_a_lock() -> None:
    logframe_load(spec=parse_logframe(LOGFRAME))
    Period.objects.filter(code="2026-Q1").update(
        locked=True, locked_at=datetime.datetime.now(datetime.UTC)
    )
    logframe_load(spec=parse_logframe(LOGFRAME))
    assert Period.objects.get(code="2026-Q1").locked


@pytest.mark.django_db
def test_the_command_loads_the_default_file(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("load_logframe")
    assert "23" in capsys.readouterr().out
    assert Indicator.objects.count() == 23
