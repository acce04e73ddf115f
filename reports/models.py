"""The reports app's models live in its sub-packages; importing them here registers them."""

from reports.documents.models import Report
from reports.monitoring.models import (
    Activity,
    Indicator,
    IndicatorValue,
    Participant,
    Period,
    Result,
    Target,
    ValueChange,
)

__all__ = [
    "Activity",
    "Indicator",
    "IndicatorValue",
    "Participant",
    "Period",
    "Report",
    "Result",
    "Target",
    "ValueChange",
]
