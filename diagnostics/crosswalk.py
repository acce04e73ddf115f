"""The ``dma:`` section of a framework file: our questions → the EU DMA's dimensions.

::

    dma:
      digital_business_strategy:
        STRAT-01: 1      # question code: weight (> 0)
        STRAT-02: 1

Read and checked with the rest of the file (``framework_io.parse_framework`` calls
``read_crosswalk``): an unknown dimension or question, a question named under two
dimensions or a bad weight is refused with its place, and the whole file with it.
"""

from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diagnostics.dma import DIMENSIONS

MAX_WEIGHT = 100

# The EU's names of its dimensions, as its questionnaire words them.
DIMENSION_LABELS = {
    "digital_business_strategy": gettext_lazy("Digital business strategy"),
    "digital_readiness": gettext_lazy("Digital readiness"),
    "human_centric_digitalisation": gettext_lazy("Human-centric digitalisation"),
    "data_management_connectivity": gettext_lazy("Data management and connectivity"),
    "automation_ai": gettext_lazy("Automation and artificial intelligence"),
    "green_digitalisation": gettext_lazy("Green digitalisation"),
}


class Reader(Protocol):
    def fail(self, where: str, message: str) -> None: ...

    def mapping(self, value: Any, where: str) -> dict[str, Any]: ...


def read_crosswalk(reader: Reader, value: Any, questions: set[str]) -> dict[str, dict[str, float]]:
    """The crosswalk as ``{dimension: {question: weight}}``; {} when the file has none."""
    if value is None:
        return {}
    data = reader.mapping(value, "dma")
    read: dict[str, dict[str, float]] = {}
    seen: dict[str, str] = {}
    for dimension, entries in data.items():
        where = f"dma.{dimension}"
        if dimension not in DIMENSIONS:
            known = ", ".join(DIMENSIONS)
            reader.fail(where, _("unknown DMA dimension (known: %(known)s)") % {"known": known})
            continue
        read[dimension] = {}
        for code, weight in reader.mapping(entries, where).items():
            place = f"{where}.{code}"
            if code not in questions:
                reader.fail(place, _("unknown question %(code)s") % {"code": code})
            elif code in seen:
                reader.fail(
                    place,
                    _("this question already feeds dimension %(dimension)s")
                    % {"dimension": seen[code]},
                )
            elif (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not 0 < weight <= MAX_WEIGHT
            ):
                reader.fail(
                    place,
                    _("the weight must be a number above 0 and at most %(n)s") % {"n": MAX_WEIGHT},
                )
            else:
                read[dimension][str(code)] = float(weight)
                seen[code] = dimension
    return read


def dump_crosswalk(crosswalk: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """The section as written in a file: dimensions in the DMA's order."""
    return {d: dict(crosswalk[d]) for d in DIMENSIONS if crosswalk.get(d)}
