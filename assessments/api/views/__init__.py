"""API views: fetch through the user's scope, check the predicate, call a service, answer.

A service's ``ValidationError`` becomes a 400 with its message (see ``..errors``).
"""

from assessments.api.views.clusters import ClusterViewSet
from assessments.api.views.companies import CompanyViewSet
from assessments.api.views.diagnostics import AssessmentViewSet, EvidenceViewSet
from assessments.api.views.plans import PlanViewSet, RoadmapItemViewSet

__all__ = [
    "AssessmentViewSet",
    "ClusterViewSet",
    "CompanyViewSet",
    "EvidenceViewSet",
    "PlanViewSet",
    "RoadmapItemViewSet",
]
