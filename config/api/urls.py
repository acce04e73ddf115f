"""The API under /api/: version 1, its OpenAPI schema and the docs page.

Endpoints register on ``router``; anything else under /api/ answers a JSON 404.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from assessments.accompaniment.api import PlanViewSet, RoadmapItemViewSet
from assessments.api.clusters import ClusterViewSet
from assessments.api.companies import CompanyViewSet
from assessments.api.diagnostics import AssessmentViewSet, EvidenceViewSet
from diagnostics import api as diagnostics
from reports.bank.api import ProjectBankViewSet
from reports.documents.api import DocumentViewSet
from reports.monitoring.api.activities import ActivityViewSet
from reports.monitoring.api.indicators import IndicatorValueViewSet, IndicatorViewSet, PeriodViewSet
from reports.monitoring.api.measurements import MeasurementViewSet

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False  # no ".json" routes: the API speaks JSON only
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("pmes", CompanyViewSet, basename="pme")
router.register("diagnostics", AssessmentViewSet, basename="diagnostic")
router.register("roadmap-actions", RoadmapItemViewSet, basename="roadmap-action")
router.register("plans", PlanViewSet, basename="plan")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("activities", ActivityViewSet, basename="activity")
router.register("measurements", MeasurementViewSet, basename="measurement")
router.register("documents", DocumentViewSet, basename="document")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("periods", PeriodViewSet, basename="period")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("project-bank", ProjectBankViewSet, basename="project-bank")


class DocsView(SpectacularSwaggerView):
    """Swagger UI from our static files, started by a static script: no inline code for CSP."""

    template_name = "api/docs.html"
    url_name = "api:schema"


@csrf_exempt  # it changes nothing; a CSRF refusal here would be an HTML page
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse({"detail": _("Not found.")}, status=404)


v1 = [
    path("frameworks/", diagnostics.FrameworkVersionList.as_view(), name="framework-list"),
    path(
        "frameworks/<slug:framework>/<str:version>/",
        diagnostics.FrameworkVersionDetail.as_view(),
        name="framework-detail",
    ),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    re_path(r"^(?P<rest>.*)$", not_found),
]
