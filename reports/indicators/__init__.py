"""S&E indicators computed with pandas: the one place (with ``reports.charts``) pandas lives."""

from reports.indicators.computed import REGISTRY, Cell, Outcome, Window, compute
from reports.indicators.frames import Frames, frames_from
from reports.indicators.progress import aggregate, elapsed, hidden, progress, status

__all__ = [
    "REGISTRY",
    "Cell",
    "Frames",
    "Outcome",
    "Window",
    "aggregate",
    "compute",
    "elapsed",
    "frames_from",
    "hidden",
    "progress",
    "status",
]
