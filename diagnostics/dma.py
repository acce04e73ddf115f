"""Our answers read on the six dimensions of the EU Digital Maturity Assessment (DMA).

Pure Python, no Django. The crosswalk (framework data, ``dma:`` in the framework file)
names, for each DMA dimension, the questions that feed it and their weights.

- A question's level 0–5 reads as ``level × 20`` on the DMA's 0–100 scale.
- A dimension's score is the weighted mean of the 0–100 readings of its questions that
  were answered; not applicable and unanswered questions are left out of both sums.
- A dimension with no answered question is *not covered*: no score, never 0.
- The overall score is the plain mean of the dimensions' scores, as the EU tool averages
  its six dimensions; over the covered ones only, and ``complete`` says whether all six are.

docs/dma.md explains the method, the coverage of each dimension and its limits.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_LEVEL = 5
SCALE = 100

# The EU DMA's six dimensions, in its order (JRC/EDIH Digital Maturity Assessment).
DIMENSIONS = (
    "digital_business_strategy",
    "digital_readiness",
    "human_centric_digitalisation",
    "data_management_connectivity",
    "automation_ai",
    "green_digitalisation",
)

Crosswalk = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    score: float | None
    answered: int
    mapped: int

    @property
    def covered(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class DmaResult:
    dimensions: list[DimensionScore]
    overall: float | None

    @property
    def covered(self) -> int:
        return sum(d.covered for d in self.dimensions)

    @property
    def complete(self) -> bool:
        return self.covered == len(self.dimensions)


def reading(level: int) -> float:
    """A level 0–5 on the DMA's 0–100 scale."""
    if not 0 <= level <= MAX_LEVEL:
        raise ValueError(f"level {level} outside 0–{MAX_LEVEL}")
    return level * SCALE / MAX_LEVEL


def dimension_score(
    dimension: str, weights: Mapping[str, float], levels: Mapping[str, int | None]
) -> DimensionScore:
    """``levels`` maps a question code to its level, or None when not applicable."""
    answered = [
        (reading(level), weight)
        for code, weight in weights.items()
        if (level := levels.get(code)) is not None
    ]
    total = sum(weight for _, weight in answered)
    score = sum(value * weight for value, weight in answered) / total if total > 0 else None
    if score is not None:
        score = min(float(SCALE), max(0.0, score))  # float sums may stray by 1e-14
    return DimensionScore(dimension, score, len(answered), len(weights))


def dma_score(crosswalk: Crosswalk, levels: Mapping[str, int | None]) -> DmaResult:
    """Each DMA dimension's 0–100 and the overall, from the answers' levels."""
    dimensions = [dimension_score(d, crosswalk.get(d, {}), levels) for d in DIMENSIONS]
    scores = [d.score for d in dimensions if d.score is not None]
    overall = sum(scores) / len(scores) if scores else None
    return DmaResult(dimensions, overall)


def shown(value: float | None) -> int | None:
    """A 0–100 score as shown: a whole number, rounded half up once, from the unrounded value."""
    if value is None:
        return None
    # Float sums' noise first (62.49999999999999 is 62.5), then half up: 62.5 shows as 63.
    denoised = Decimal(repr(value)).quantize(Decimal("1e-9"))
    return int(denoised.quantize(Decimal(1), rounding=ROUND_HALF_UP))
