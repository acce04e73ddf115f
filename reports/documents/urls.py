from django.urls import URLPattern, path

from reports.documents import views as documents

urlpatterns: list[URLPattern] = [
    path("diagnostics/<uuid:code>/pdf/", documents.report_request, name="report_request"),
    path("diagnostics/<uuid:code>/pdf/panel/", documents.report_panel, name="report_panel"),
    path(
        "diagnostics/<uuid:code>/roadmap.<str:fmt>",
        documents.roadmap_export,
        name="roadmap_export",
    ),
    path("pdf/<uuid:code>/download/", documents.report_download, name="report_download"),
    path("se/<str:period>/<slug:scope>/brief/", documents.brief_request, name="brief_request"),
    path("pdf/<uuid:code>/retry/", documents.report_retry, name="report_retry"),
]
