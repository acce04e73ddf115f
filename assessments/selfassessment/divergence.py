"""The manager's view beside the consultant's: which questions diverge. Pure Python.

Two answers diverge when both are levels (not N/A, not missing) at least ``THRESHOLD``
levels apart; such a question must be discussed, and the discussion noted, before the
diagnostic is submitted.
"""

from dataclasses import dataclass

THRESHOLD = 2


@dataclass(frozen=True)
class Pair:
    consultant: int | None
    manager: int | None

    @property
    def gap(self) -> int | None:
        if self.consultant is None or self.manager is None:
            return None
        return self.manager - self.consultant

    @property
    def diverges(self) -> bool:
        return self.gap is not None and abs(self.gap) >= THRESHOLD


def divergent(pairs: dict[str, Pair]) -> list[str]:
    """The codes of the questions whose two levels diverge, in the order given."""
    return [code for code, pair in pairs.items() if pair.diverges]


def undiscussed(pairs: dict[str, Pair], noted: set[str]) -> list[str]:
    """The divergent questions that have no note yet."""
    return [code for code in divergent(pairs) if code not in noted]
