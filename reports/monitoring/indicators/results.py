"""The results chain: jobs, turnover, exports, investment, energy, water and CO₂e of the
PMEs, from their validated measurements, and the women-led PMEs accompanied.

A PME's follow-up is its latest validated follow-up measurement ending by the period end; its
baseline, its first validated baseline. A measurement entered but not yet validated by
another person counts nowhere.
"""

import numpy as np
import pandas as pd

from reports.monitoring.indicators.computed import (
    Frames,
    Measured,
    Window,
    assessments_of_companies,
    memo,
    registered,
    with_company,
)

SEXES = (("jobs_women", "F"), ("jobs_men", "M"))
KG_PER_TONNE = 1000


def validated(frames: Frames, window: Window) -> pd.DataFrame:
    rows = frames.measurements
    rows = rows[(rows["status"] == "validated") & window.upto_end(rows["validated_at"])]
    return rows[window.upto_end(rows["period_end"])]


def footprints(frames: Frames) -> pd.DataFrame:
    """Per measurement: kWh over every carrier, and kg CO₂e with each carrier's factor valid
    on the last day the measurement covers (NaN when a carrier has no factor yet)."""
    return memo(frames, "footprints", lambda: _footprints(frames))


def _footprints(frames: Frames) -> pd.DataFrame:
    lines = frames.energy.merge(
        frames.measurements[["measurement_id", "period_end"]], on="measurement_id"
    )
    factored = lines.merge(frames.factors, on="carrier", how="left")
    factored = factored[
        factored["valid_from"].isna() | (factored["valid_from"] <= factored["period_end"])
    ]
    factored = factored.sort_values("valid_from").drop_duplicates(
        ["measurement_id", "carrier"], keep="last"
    )
    # A line whose only factors start after its date has been dropped: put it back unfactored.
    lines = lines.merge(
        factored[["measurement_id", "carrier", "factor"]],
        on=["measurement_id", "carrier"],
        how="left",
    )
    lines = lines.assign(kg=lines["kwh"] * lines["factor"])
    return lines.groupby("measurement_id").agg(
        kwh=("kwh", "sum"), kg=("kg", lambda kg: kg.sum(min_count=len(kg)))
    )


def pairs(frames: Frames, window: Window) -> pd.DataFrame:
    """One row per PME with a validated baseline and follow-up: ``*_b`` and ``*_f`` columns."""
    return memo(frames, ("measured_pairs", window.end), lambda: _pairs(frames, window))


def _pairs(frames: Frames, window: Window) -> pd.DataFrame:
    rows = validated(frames, window).merge(footprints(frames), on="measurement_id", how="left")
    ordered = rows.sort_values(["period_end", "measurement_id"])
    baseline = ordered[ordered["stage"] == "baseline"].drop_duplicates("company_id")
    follow_up = ordered[ordered["stage"] == "follow_up"].drop_duplicates("company_id", keep="last")
    both = baseline.merge(follow_up, on="company_id", suffixes=("_b", "_f"))
    return with_company(frames, both)


def _sources(rows: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for suffix, stage in (("_b", "baseline"), ("_f", "follow-up")):
        parts.append(
            rows.assign(
                source_kind="measurement",
                source_code=rows[f"measurement_code{suffix}"],
                source_label=rows["company"] + " · " + stage,
            )
        )
    return pd.concat(parts) if parts else rows


def _jobs(frames: Frames, window: Window, kept: bool) -> Measured:
    both = pairs(frames, window)
    per_sex: list[pd.DataFrame] = []
    for column, sex in SEXES:
        known = both[both[f"{column}_b"].notna() & both[f"{column}_f"].notna()]
        before, after = known[f"{column}_b"], known[f"{column}_f"]
        measure = np.minimum(before, after) if kept else (after - before).clip(lower=0)
        per_sex.append(known.assign(measure=measure, sex=sex, order=len(per_sex)))
    rows = pd.concat(per_sex)
    rows = rows.assign(unit=rows["company_id"])
    return Measured(rows, source_rows=lambda: _sources(rows))


@registered("jobs-created")
def jobs_created(frames: Frames, window: Window) -> Measured:
    return _jobs(frames, window, kept=False)


@registered("jobs-maintained")
def jobs_maintained(frames: Frames, window: Window) -> Measured:
    return _jobs(frames, window, kept=True)


@registered("investment-triggered")
def investment_triggered(frames: Frames, window: Window) -> Measured:
    rows = validated(frames, window)
    rows = rows[(rows["stage"] == "follow_up") & rows["investment_mad"].notna()]
    latest = rows.sort_values(["period_end", "measurement_id"]).drop_duplicates(
        "company_id", keep="last"
    )
    latest = with_company(frames, latest)
    latest = latest.assign(
        measure=latest["investment_mad"],
        unit=latest["company_id"],
        source_kind="measurement",
        source_code=latest["measurement_code"],
        source_label=latest["company"] + " · follow-up",
    )
    return Measured(latest)


def _saved(frames: Frames, window: Window, column: str, percent: bool) -> Measured:
    both = pairs(frames, window)
    both = both[both[f"{column}_b"].notna() & both[f"{column}_f"].notna()]
    saved = both[f"{column}_b"] - both[f"{column}_f"]
    if percent:
        both, saved = both[both[f"{column}_b"] > 0], saved[both[f"{column}_b"] > 0]
        saved = saved / both[f"{column}_b"] * 100
    rows = both.assign(measure=saved, unit=both["company_id"])
    return Measured(rows, how="mean" if percent else "sum", source_rows=lambda: _sources(rows))


@registered("energy-saved-kwh")
def energy_saved_kwh(frames: Frames, window: Window) -> Measured:
    return _saved(frames, window, "kwh", percent=False)


@registered("energy-saved-pct", mean=True)
def energy_saved_pct(frames: Frames, window: Window) -> Measured:
    return _saved(frames, window, "kwh", percent=True)


@registered("water-saved-m3")
def water_saved_m3(frames: Frames, window: Window) -> Measured:
    return _saved(frames, window, "water_m3", percent=False)


@registered("water-saved-pct", mean=True)
def water_saved_pct(frames: Frames, window: Window) -> Measured:
    return _saved(frames, window, "water_m3", percent=True)


def _growth(frames: Frames, window: Window, column: str) -> Measured:
    """Mean, over paired PMEs with a positive baseline, of the % change (a fall is negative)."""
    saved = _saved(frames, window, column, percent=True)
    rows = saved.rows
    return Measured(
        rows.assign(measure=-rows["measure"]), how="mean", source_rows=saved.source_rows
    )


@registered("turnover-growth-pct", mean=True)
def turnover_growth_pct(frames: Frames, window: Window) -> Measured:
    return _growth(frames, window, "turnover_mad")


@registered("exports-growth-pct", mean=True)
def exports_growth_pct(frames: Frames, window: Window) -> Measured:
    return _growth(frames, window, "exports_mad")


@registered("co2e-avoided")
def co2e_avoided(frames: Frames, window: Window) -> Measured:
    measured = _saved(frames, window, "kg", percent=False)
    rows = measured.rows
    return Measured(
        rows.assign(measure=rows["measure"] / KG_PER_TONNE), source_rows=measured.source_rows
    )


@registered("women-led-pmes")
def women_led_pmes(frames: Frames, window: Window) -> Measured:
    """Women-led PMEs accompanied: with a validated T0 diagnostic by the period end."""
    rows = assessments_of_companies(frames)
    rows = rows[(rows["kind"] == "T0") & (rows["status"] == "validated")]
    rows = rows[rows["women_led"].astype(bool) & window.contains(rows["validated_at"])]
    first = rows.sort_values(["validated_at", "assessment_id"]).drop_duplicates("company_id")
    return Measured(
        first.assign(
            measure=1,
            unit=first["company_id"],
            source_kind="assessment",
            source_code=first["assessment_code"],
            source_label=first["company"],
        )
    )
