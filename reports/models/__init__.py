"""Reports: generated documents (PDF roadmaps, briefs) and S&E indicators."""

from .documents import *  # noqa: F403
from .indicators import *  # noqa: F403
