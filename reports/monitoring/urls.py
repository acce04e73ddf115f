from django.urls import URLPattern, path

from reports.monitoring.views import (
    activities,
    approvals,
    indicators,
    measurements,
    narratives,
    people,
)
from reports.monitoring.views import exports as se_exports

urlpatterns: list[URLPattern] = [
    path("se/", indicators.dashboard, name="se_dashboard"),
    path("se/periods/", indicators.period_list, name="se_periods"),
    path("se/approvals/", approvals.approval_queue, name="se_approvals"),
    path("se/approvals/review/", approvals.approvals_review, name="se_approvals_review"),
    path(
        "se/narratives/<uuid:code>/<slug:action>/",
        narratives.narrative_review,
        name="se_narrative_review",
    ),
    path("se/periods/<slug:code>/lock/", indicators.period_lock, name="se_period_lock"),
    path("se/activities/", activities.activity_list, name="se_activities"),
    path("se/activities/new/", activities.activity_edit, name="se_activity_new"),
    path("se/activities/<uuid:code>/", activities.activity_edit, name="se_activity"),
    path(
        "se/activities/<uuid:code>/evidence/",
        activities.activity_evidence,
        name="se_activity_evidence",
    ),
    path(
        "se/pmes/<uuid:company>/measurements/",
        measurements.measurement_list,
        name="se_measurements",
    ),
    path(
        "se/pmes/<uuid:company>/measurements/new/",
        measurements.measurement_edit,
        name="se_measurement_new",
    ),
    path("se/measurements/<uuid:code>/", measurements.measurement_edit, name="se_measurement"),
    path(
        "se/measurements/<uuid:code>/validate/",
        measurements.measurement_validate,
        name="se_measurement_validate",
    ),
    path(
        "se/measurements/<uuid:code>/evidence/",
        measurements.measurement_evidence,
        name="se_measurement_evidence",
    ),
    path("se/completions/", people.completion_list, name="se_completions"),
    path(
        "se/people/<uuid:code>/certificates/<slug:rule>/",
        people.certificate,
        name="se_certificate",
    ),
    path("se/values/<uuid:code>/evidence/", indicators.value_evidence, name="se_value_evidence"),
    path("se/values/<uuid:code>/<slug:action>/", indicators.value_review, name="se_value_review"),
    path("se/<slug:period>/<slug:scope>/refresh/", indicators.values_refresh, name="se_refresh"),
    path(
        "se/<slug:period>/<slug:scope>/logframe.xlsx",
        se_exports.export_logframe,
        name="se_export_logframe",
    ),
    path(
        "se/<slug:period>/<slug:scope>/narrative/",
        narratives.narrative_edit,
        name="se_narrative",
    ),
    path("se/<slug:period>/<slug:scope>/tidy.csv", se_exports.export_tidy, name="se_export_tidy"),
    path(
        "se/<slug:period>/<slug:scope>/<slug:indicator>/", indicators.value_detail, name="se_value"
    ),
    path(
        "se/<slug:period>/<slug:scope>/<slug:indicator>/enter/",
        indicators.value_enter,
        name="se_value_enter",
    ),
    path(
        "se/<slug:period>/<slug:scope>/<slug:indicator>/submit/",
        indicators.value_submit,
        name="se_value_submit",
    ),
]
