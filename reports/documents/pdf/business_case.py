"""The business case of a top-priority action: cost, benefits, payback, funding, risks.

Drawn from the action library's data (``diagnostics.Action``) and what the consultant and the
PME set on the roadmap item (owner, dates, budget, KPI). Called inside the report's language.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

from assessments.accompaniment.models import RoadmapItem
from diagnostics.codes import FundingKind, Metric
from diagnostics.models import Action


@dataclass(frozen=True)
class Range:
    low: int | None
    high: int | None

    @property
    def known(self) -> bool:
        return self.low is not None or self.high is not None


@dataclass(frozen=True)
class Benefit:
    metric: str
    text: str
    unit: str
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Risk:
    risk: str
    mitigation: str


@dataclass(frozen=True)
class Funding:
    kind: str
    body: str


@dataclass(frozen=True)
class BusinessCase:
    item: RoadmapItem
    capex: Range
    opex: Range
    internal_days: Range
    payback_months: Range
    benefits: list[Benefit]
    risks: list[Risk]
    funding: list[Funding]
    questions: list[str]

    @property
    def has_library_case(self) -> bool:
        return any(r.known for r in (self.capex, self.opex, self.payback_months)) or bool(
            self.benefits or self.risks or self.funding
        )


def _text(entry: dict, key: str = "") -> str:
    language = (get_language() or "fr").split("-")[0]
    prefix = f"{key}_" if key else ""
    return str(entry.get(f"{prefix}{language}") or entry.get(f"{prefix}fr") or "")


def business_case(item: RoadmapItem) -> BusinessCase:
    action: Action | None = item.action
    if action is None:
        return BusinessCase(item, *(Range(None, None),) * 4, [], [], [], [])
    metrics = dict(Metric.choices)
    kinds = dict(FundingKind.choices)
    improves = getattr(action, "improves", None)
    return BusinessCase(
        item=item,
        capex=Range(action.capex_min_mad, action.capex_max_mad),
        opex=Range(action.opex_min_mad, action.opex_max_mad),
        internal_days=Range(action.internal_days_min, action.internal_days_max),
        payback_months=Range(action.payback_months_min, action.payback_months_max),
        benefits=[
            Benefit(
                metric=str(metrics.get(b.get("metric", ""), b.get("metric", ""))),
                text=_text(b),
                unit=str(b.get("unit", "")),
                low=b.get("low"),
                high=b.get("high"),
            )
            for b in action.benefits or []
        ],
        risks=[Risk(_text(r), _text(r, "mitigation")) for r in action.risks or []],
        funding=[
            Funding(str(kinds.get(f.get("kind", ""), f.get("kind", ""))), _text(f, "body"))
            for f in action.funding or []
        ],
        questions=[
            f"{link.question.code} ({link.from_level}→{link.to_level})"
            for link in (improves.select_related("question").all() if improves else [])
        ],
    )
