"""The S&E data as pandas frames, built from plain rows read in a fixed number of queries."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.conf import settings

from reports.monitoring.indicators import scores

# Column names of the rows the selectors read, in ``values_list`` order.
COLUMNS: dict[str, list[str]] = {
    "companies": [
        "company_id",
        "company_code",
        "company",
        "cluster_id",
        "cluster",
        "sector",
        "region",
        "size",
        "women_led",
    ],
    "assessments": [
        "assessment_id",
        "assessment_code",
        "company_id",
        "kind",
        "status",
        "baseline_id",
        "visit_date",
        "created_at",
        "validated_at",
        "overall",
    ],
    "axes": ["axis_id", "axis", "axis_order", "axis_weight"],
    # Scored answers summed per diagnostic, axis and the sectors their questions apply to.
    "answers": ["assessment_id", "axis_id", "sectors", "product", "weight"],
    "axis_scores": ["assessment_id", "axis_id", "score"],
    "plans": ["plan_id", "plan_code", "assessment_id", "plan_status", "agreed_at"],
    "days": ["plan_id", "number", "date", "outcome", "hours", "logged_at", "planned", "closing"],
    "roadmaps": ["roadmap_id", "assessment_id", "computed_at", "pdf_at"],
    "items": ["roadmap_id", "removed", "completed_at"],
    "activities": [
        "activity_id",
        "activity_code",
        "activity_kind",
        "title",
        "date",
        "cluster_id",
        "cluster",
        "hours",
    ],
    "participants": [
        "activity_id",
        "name",
        "email",
        "sex",
        "role",
        "count",
        "person_id",
        "person_cluster",
    ],
    "measurements": [
        "measurement_id",
        "measurement_code",
        "company_id",
        "stage",
        "status",
        "period_end",
        "validated_at",
        "jobs_women",
        "jobs_men",
        "investment_mad",
        "water_m3",
        "turnover_mad",
        "exports_mad",
    ],
    "energy": ["measurement_id", "carrier", "kwh"],
    "factors": ["carrier", "valid_from", "factor", "placeholder"],
    "rules": ["rule_code", "rule_role", "requirements"],
}
DATETIMES = {
    "created_at",
    "validated_at",
    "agreed_at",
    "logged_at",
    "computed_at",
    "completed_at",
    "pdf_at",
}
DATES = {"visit_date", "date", "period_end", "valid_from"}
NUMBERS = {
    "overall",
    "score",
    "hours",
    "planned",
    "axis_weight",
    "weight",
    "product",
    "jobs_women",
    "jobs_men",
    "investment_mad",
    "water_m3",
    "turnover_mad",
    "exports_mad",
    "kwh",
    "factor",
    "person_id",
}


@dataclass(frozen=True)
class Frames:
    """Every table an indicator is computed from, for one scope."""

    companies: pd.DataFrame
    assessments: pd.DataFrame
    axis_scores: pd.DataFrame
    plans: pd.DataFrame
    days: pd.DataFrame
    roadmaps: pd.DataFrame
    items: pd.DataFrame
    activities: pd.DataFrame
    participants: pd.DataFrame
    measurements: pd.DataFrame
    energy: pd.DataFrame
    factors: pd.DataFrame
    rules: pd.DataFrame
    extra: dict[Any, Any] = field(default_factory=dict)


def frame(name: str, rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """A frame of typed columns: local dates as ``datetime64``, decimals as floats."""
    data = pd.DataFrame(list(rows), columns=COLUMNS[name])
    for column in data.columns:
        if column in DATETIMES:
            data[column] = local_dates(data[column])
        elif column in DATES:
            data[column] = pd.to_datetime(data[column])
        elif column in NUMBERS:
            data[column] = pd.to_numeric(data[column], errors="coerce").astype("float64")
    for column in (
        "company_code",
        "assessment_code",
        "plan_code",
        "activity_code",
        "measurement_code",
    ):
        if column in data.columns:
            data[column] = data[column].astype(str)
    return data


def local_dates(stamps: pd.Series) -> pd.Series:
    """Aware timestamps as the local calendar day (the programme's time zone)."""
    present = stamps.dropna()
    days = pd.Series(pd.NaT, index=stamps.index, dtype="datetime64[ns]")
    if not present.empty:
        local = pd.to_datetime(present, utc=True).dt.tz_convert(settings.TIME_ZONE)
        days.loc[present.index] = local.dt.tz_localize(None).dt.normalize()
    return days


def frames_from(rows: Mapping[str, Sequence[Sequence[Any]]]) -> Frames:
    """The frames of one scope; axis scores carry their axis code, actions their diagnostic."""
    tables = {name: frame(name, rows.get(name, [])) for name in COLUMNS}
    _unround(tables)
    axes = tables.pop("axes")
    tables["axis_scores"] = tables["axis_scores"].merge(axes, on="axis_id").drop(columns="axis_id")
    roadmaps = tables["roadmaps"][["roadmap_id", "assessment_id"]]
    tables["items"] = tables["items"].merge(roadmaps, on="roadmap_id")
    return Frames(**tables)


def _unround(tables: dict[str, pd.DataFrame]) -> None:
    """Put the scores recomputed from the answers in place of the rounded stored ones."""
    answers = tables.pop("answers")
    if answers.empty:  # every score stored unrounded by the scoring service
        return
    assessments, companies = tables["assessments"], tables["companies"]
    sector = assessments.set_index("assessment_id")["company_id"].map(
        companies.set_index("company_id")["sector"]
    )
    exact_axes = scores.axis_scores(answers, sector)
    stored = tables["axis_scores"].merge(exact_axes, on=["assessment_id", "axis_id"], how="left")
    tables["axis_scores"] = stored.assign(
        score=scores.unrounded(stored["score"], stored["exact"])
    ).drop(columns="exact")
    weights = tables["axes"][["axis_id", "axis_weight"]]
    exact = assessments["assessment_id"].map(
        scores.overall_scores(exact_axes, weights).set_index("assessment_id")["exact"]
    )
    tables["assessments"] = assessments.assign(
        overall=scores.unrounded(assessments["overall"], exact)
    )
