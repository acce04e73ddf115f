"""S&E indicators computed with pandas: the one place pandas lives (with the S&E charts)."""

from reports.monitoring.indicators import completion, participation, results
from reports.monitoring.indicators.computed import (
    REGISTRY,
    Cell,
    Outcome,
    Window,
    compute,
    is_share,
)
from reports.monitoring.indicators.frames import Frames, frames_from
from reports.monitoring.indicators.progress import (
    aggregate,
    elapsed,
    fraction,
    hidden,
    progress,
    small,
    status,
)

__all__ = [
    "REGISTRY",
    "completion",
    "participation",
    "results",
    "Cell",
    "Frames",
    "Outcome",
    "Window",
    "aggregate",
    "compute",
    "elapsed",
    "fraction",
    "frames_from",
    "hidden",
    "is_share",
    "progress",
    "small",
    "status",
]
