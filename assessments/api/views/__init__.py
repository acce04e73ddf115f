"""API views: fetch through the user's scope, check the predicate, call a service, answer.

A service's ``ValidationError`` becomes a 400 with its message (see ``..errors``).
"""

from .clusters import ClusterViewSet
from .companies import CompanyViewSet
from .diagnostics import AssessmentViewSet, EvidenceViewSet
from .plans import PlanViewSet, RoadmapItemViewSet

__all__ = [
    "AssessmentViewSet",
    "ClusterViewSet",
    "CompanyViewSet",
    "EvidenceViewSet",
    "PlanViewSet",
    "RoadmapItemViewSet",
]
