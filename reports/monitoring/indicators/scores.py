"""The unrounded scores of submitted diagnostics, recomputed from their answers. Pure pandas.

Scores are stored rounded to two decimals; a difference of two rounded scores, or the
stage of a score stored as 3.00 that is really 2.996, is then off. The answers give the
exact score by the rules of ``assessments.scoring`` (weighted means, N/A and missing left
out, questions of other sectors left out). A recomputed score replaces the stored one only
where it rounds to it: if the framework's weights changed since, the stored score stands.
"""

import numpy as np
import pandas as pd

MAX_LEVEL = 5.0
ROUNDING = 0.005 + 1e-9


def _weighted(rows: pd.DataFrame, keys: list[str], value: str, weight: str) -> pd.DataFrame:
    sums = rows.assign(product=rows[value] * rows[weight]).groupby(keys)[["product", weight]].sum()
    sums = sums[sums[weight] > 0]
    exact = (sums["product"] / sums[weight]).clip(0.0, MAX_LEVEL)
    return exact.rename("exact").reset_index()


def axis_scores(answers: pd.DataFrame, sectors: pd.Series) -> pd.DataFrame:
    """(assessment_id, axis_id, exact) from the answers; ``sectors`` maps assessment → sector."""
    sector = answers["assessment_id"].map(sectors)
    applies = [
        not wanted or s in wanted for wanted, s in zip(answers["sectors"], sector, strict=True)
    ]
    scored = answers[np.array(applies, dtype=bool) & ~answers["not_applicable"].astype(bool)]
    scored = scored[scored["level"].notna()]
    return _weighted(scored, ["assessment_id", "axis_id"], "level", "weight")


def overall_scores(axes: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """(assessment_id, exact): the axis scores' mean weighted by the axis weights."""
    rows = axes.rename(columns={"exact": "score"}).merge(weights, on="axis_id")
    return _weighted(rows, ["assessment_id"], "score", "axis_weight")


def unrounded(stored: pd.Series, exact: pd.Series) -> pd.Series:
    """The exact score where there is one that rounds to the stored score; else the stored."""
    agrees = exact.notna() & stored.notna() & ((exact - stored).abs() <= ROUNDING)
    return exact.where(agrees, stored)
