"""The unrounded scores of submitted diagnostics, recomputed from their answers. Pure pandas.

Scores are stored rounded to two decimals; a difference of two rounded scores, or the
stage of a score stored as 3.00 that is really 2.996, is then off. The answers give the
exact score by the rules of ``assessments.scoring`` (weighted means, N/A and missing left
out, questions of other sectors left out). A recomputed score replaces the stored one only
where it rounds to it: if the framework's weights changed since, the stored score stands.
"""

import json

import pandas as pd

MAX_LEVEL = 5.0
ROUNDING = 0.005 + 1e-9


def _weighted(sums: pd.DataFrame, keys: list[str], weight: str) -> pd.DataFrame:
    sums = sums.groupby(keys)[["product", weight]].sum()
    sums = sums[sums[weight] > 0]
    exact = (sums["product"] / sums[weight]).clip(0.0, MAX_LEVEL)
    return exact.rename("exact").reset_index()


def axis_scores(answers: pd.DataFrame, sectors: pd.Series) -> pd.DataFrame:
    """(assessment_id, axis_id, exact) from the answers' sums; ``sectors`` maps assessment →
    sector. ``answers`` holds sum(level × weight) as ``product`` and sum(weight) per
    diagnostic, axis and the ``sectors`` its questions apply to (empty: every sector)."""
    pairs = pd.DataFrame(
        {"wanted": answers["sectors"].map(_text), "sector": answers["assessment_id"].map(sectors)}
    )
    # Whether a question applies is decided once per distinct (sectors, sector) pair.
    distinct = pairs.drop_duplicates()
    verdicts = [
        _applies(wanted, sector)
        for wanted, sector in zip(distinct["wanted"], distinct["sector"], strict=True)
    ]
    decided = distinct.assign(applies=verdicts)
    applies = pairs.merge(decided, on=["wanted", "sector"], how="left")["applies"].to_numpy()
    return _weighted(answers[applies.astype(bool)], ["assessment_id", "axis_id"], "weight")


def _text(sectors: object) -> str:
    """The sectors a question applies to as JSON text (as read), whatever they came as."""
    return sectors if isinstance(sectors, str) else json.dumps(sectors or [])


def _applies(wanted: str, sector: object) -> bool:
    names = json.loads(wanted) if wanted else []
    return not names or sector in names


def overall_scores(axes: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """(assessment_id, exact): the axis scores' mean weighted by the axis weights."""
    rows = axes.rename(columns={"exact": "score"}).merge(weights, on="axis_id")
    return _weighted(
        rows.assign(product=rows["score"] * rows["axis_weight"]), ["assessment_id"], "axis_weight"
    )


def unrounded(stored: pd.Series, exact: pd.Series) -> pd.Series:
    """The exact score where there is one that rounds to the stored score; else the stored."""
    agrees = exact.notna() & stored.notna() & ((exact - stored).abs() <= ROUNDING)
    return exact.where(agrees, stored)
