"""The one place views get PMEs and diagnostics: through the user's scope, else 404."""

from uuid import UUID

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from assessments.models import Assessment, Company, Evidence
from assessments.selectors import assessments_visible_to, companies_visible_to


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: its user is a real account."""

    user: User


def get_company_for_user(request: HttpRequest, code: UUID) -> Company:
    try:
        return companies_visible_to(request.user).get(code=code)
    except Company.DoesNotExist as exc:
        raise Http404 from exc


def get_assessment_for_user(request: HttpRequest, code: UUID) -> Assessment:
    try:
        return assessments_visible_to(request.user).get(code=code)
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


def get_assessment_to_answer(request: HttpRequest, code: UUID) -> Assessment:
    """The same scope as ``get_assessment_for_user``, read with its PME only: what an autosave
    needs, at a fraction of the row (no framework version, cluster or consultant)."""
    try:
        return (
            assessments_visible_to(request.user)
            .select_related(None)
            .select_related("company")
            .get(code=code)
        )
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


def get_evidence_for_user(request: HttpRequest, code: UUID) -> Evidence:
    visible = assessments_visible_to(request.user)
    try:
        return Evidence.objects.select_related("answer__assessment__company").get(
            code=code, answer__assessment__in=visible
        )
    except Evidence.DoesNotExist as exc:
        raise Http404 from exc


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
