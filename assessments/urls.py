from django.urls import path

from assessments.views import account, answers, assessments, companies, imports, plans

app_name = "assessments"

urlpatterns = [
    path("", companies.home, name="home"),
    path("pme/", companies.company_list, name="company_list"),
    path("pme/new/", companies.company_create, name="company_create"),
    path("pme/<uuid:code>/", companies.company_detail, name="company_detail"),
    path("pme/<uuid:code>/edit/", companies.company_edit, name="company_edit"),
    path("pme/<uuid:code>/diagnostics/new/", assessments.assessment_start, name="assessment_start"),
    path("diagnostics/<uuid:code>/", assessments.assessment_detail, name="assessment_detail"),
    path("diagnostics/<uuid:code>/targets/", assessments.targets_save, name="targets_save"),
    path(
        "diagnostics/<uuid:code>/submit/", assessments.assessment_submit, name="assessment_submit"
    ),
    path(
        "diagnostics/<uuid:code>/validate/",
        assessments.assessment_validate,
        name="assessment_validate",
    ),
    path(
        "diagnostics/<uuid:code>/reopen/", assessments.assessment_reopen, name="assessment_reopen"
    ),
    path("diagnostics/<uuid:code>/results/", assessments.assessment_results, name="results"),
    path("diagnostics/<uuid:code>/resume/", answers.assessment_resume, name="assessment_resume"),
    path("diagnostics/<uuid:code>/axes/<str:axis>/", answers.axis_page, name="axis_page"),
    path(
        "diagnostics/<uuid:code>/answers/<str:question>/", answers.answer_save, name="answer_save"
    ),
    path(
        "diagnostics/<uuid:code>/answers/<str:question>/evidence/",
        answers.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<uuid:code>/", answers.evidence_download, name="evidence_download"),
    path("evidence/<uuid:code>/delete/", answers.evidence_delete, name="evidence_delete"),
]

urlpatterns += [
    path("diagnostics/<uuid:code>/roadmap/", plans.roadmap_detail, name="roadmap"),
    path("diagnostics/<uuid:code>/roadmap/propose/", plans.roadmap_propose, name="roadmap_propose"),
    path("diagnostics/<uuid:code>/roadmap/add/", plans.roadmap_add, name="roadmap_add"),
    path(
        "roadmap-actions/<uuid:code>/<str:change>/",
        plans.roadmap_item_change,
        name="roadmap_item_change",
    ),
    path("diagnostics/<uuid:code>/plan/propose/", plans.plan_propose, name="plan_propose"),
    path("plans/<uuid:code>/", plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:code>/slots/add/", plans.plan_slot_add, name="plan_slot_add"),
    path(
        "plans/<uuid:code>/slots/<int:slot_id>/move/", plans.plan_slot_move, name="plan_slot_move"
    ),
    path(
        "plans/<uuid:code>/slots/<int:slot_id>/remove/",
        plans.plan_slot_remove,
        name="plan_slot_remove",
    ),
    path("plans/<uuid:code>/days/<int:number>/", plans.plan_day_edit, name="plan_day_edit"),
    path("plans/<uuid:code>/days/<int:number>/log/", plans.plan_day_log, name="plan_day_log"),
    path("plans/<uuid:code>/<str:transition>/", plans.plan_transition, name="plan_transition"),
]

urlpatterns += [
    path("pme/import/", imports.import_upload, name="import_upload"),
    path("pme/import/confirm/", imports.import_confirm, name="import_confirm"),
    path("pme/import/template.csv", imports.import_template, name="import_template"),
    path("account/api-token/", account.api_token, name="api_token"),
]
