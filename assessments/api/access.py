"""The API's getters for PMEs, diagnostics and evidence: through the user's scope, else 404."""

from typing import Any

from assessments.models import Assessment, Cluster, Company, Evidence
from assessments.selectors import assessments_visible_to, clusters_visible_to, companies_visible_to
from config.api.permissions import code_or_404, object_or_404


def visible_cluster(user: Any, code: str) -> Cluster:
    cluster: Cluster = object_or_404(clusters_visible_to(user), code=code)
    return cluster


def visible_company(user: Any, code: object) -> Company:
    company: Company = object_or_404(companies_visible_to(user), code=code_or_404(code))
    return company


def visible_assessment(user: Any, code: object) -> Assessment:
    visible = assessments_visible_to(user).select_related("framework_version__framework")
    assessment: Assessment = object_or_404(visible, code=code_or_404(code))
    return assessment


def visible_evidence(user: Any, code: object) -> Evidence:
    """An evidence file of a diagnostic the user sees (as the app's download view)."""
    files = Evidence.objects.select_related("answer__assessment__company", "answer__question")
    visible = files.filter(answer__assessment__in=assessments_visible_to(user))
    evidence: Evidence = object_or_404(visible, code=code_or_404(code))
    return evidence
