"""Reports: generated documents (PDF roadmaps, briefs) and S&E indicators."""

from reports.models.documents import *  # noqa: F403
from reports.models.indicators import *  # noqa: F403
