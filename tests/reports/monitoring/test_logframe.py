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
    assert len(codes) == 25
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
    assert "25" in capsys.readouterr().out
    assert Indicator.objects.count() == 25


@pytest.mark.django_db
def test_formula_min_n_and_thresholds_are_loaded_from_the_logframe() -> None:
    logframe_load(spec=parse_logframe(LOGFRAME))
    full = Indicator.objects.get(code="pct-full-eight-days")
    assert full.formula_fr.startswith("PME aux 16 demi-journées")
    assert full.formula_en.startswith("PMEs with all 16 half-days")
    assert full.min_n == 5
    assert (full.on_track_from, full.at_risk_from) == (95, 80)  # its own thresholds
    uplift = Indicator.objects.get(code="uplift-mean")
    assert (uplift.on_track_from, uplift.at_risk_from) == (90, 70)  # the programme's default


def test_thresholds_out_of_order_are_refused() -> None:
    source = LOGFRAME.decode().replace(
        "status: {on_track: 95, at_risk: 80}", "status: {on_track: 60, at_risk: 80}"
    )
    with pytest.raises(LogframeError) as error:
        parse_logframe(source)
    assert any("pct-full-eight-days" in e and "at_risk" in e for e in error.value.errors)


def test_a_minimum_n_below_one_is_refused() -> None:
    source = LOGFRAME.decode().replace("min_n: 5", "min_n: 0", 1)
    with pytest.raises(LogframeError) as error:
        parse_logframe(source)
    assert any("min_n" in e for e in error.value.errors)


@pytest.mark.django_db
def test_the_exported_logframe_loads_back_to_the_same_definitions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ClusterFactory(code="ce3m")
    logframe_load(spec=parse_logframe(LOGFRAME))
    Indicator.objects.filter(code="uplift-mean").update(min_n=8, formula_en="changed")
    exported = tmp_path / "logframe.yaml"
    call_command("load_logframe", "--export", str(exported))

    def snapshot() -> list[tuple[object, ...]]:
        return list(
            Indicator.objects.order_by("code").values_list(
                "code", "formula_fr", "formula_en", "min_n", "on_track_from", "at_risk_from"
            )
        ) + list(
            Target.objects.order_by("pk").values_list("indicator__code", "period__code", "value")
        )

    before = snapshot()
    Indicator.objects.update(min_n=1, formula_en="", on_track_from=50, at_risk_from=10)
    logframe_load(spec=parse_logframe(exported.read_bytes()))
    assert snapshot() == before
    assert Indicator.objects.get(code="uplift-mean").min_n == 8
