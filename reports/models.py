"""The reports app's models live in its sub-packages; importing them here registers them."""

from reports.documents.models import Report
from reports.monitoring.models import (
    Activity,
    CompletionRule,
    EmissionFactor,
    EnergyUse,
    Indicator,
    IndicatorValue,
    Measurement,
    Participant,
    Period,
    Person,
    Result,
    Target,
    ValueChange,
)

__all__ = [
    "Activity",
    "CompletionRule",
    "EmissionFactor",
    "EnergyUse",
    "Indicator",
    "IndicatorValue",
    "Measurement",
    "Participant",
    "Person",
    "Period",
    "Report",
    "Result",
    "Target",
    "ValueChange",
]
