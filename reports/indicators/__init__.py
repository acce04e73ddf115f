"""S&E indicators computed with pandas: the one place (with ``reports.charts``) pandas lives."""

from .computed import REGISTRY, Cell, Outcome, Window, compute
from .frames import Frames, frames_from
from .progress import aggregate, elapsed, hidden, progress, status

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
