from django.urls import path

from assessments.accompaniment.urls import urlpatterns as accompaniment_urls
from assessments.imports.urls import urlpatterns as import_urls
from assessments.notifications.urls import urlpatterns as notification_urls
from assessments.selfassessment.urls import urlpatterns as self_assessment_urls
from assessments.views import account, answers, assessments, companies

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
    path(
        "diagnostics/<uuid:code>/answers/<str:question>/evidence/sent/",
        answers.evidence_send,
        name="evidence_send",
    ),
    path("evidence/<uuid:code>/", answers.evidence_download, name="evidence_download"),
    path("evidence/<uuid:code>/delete/", answers.evidence_delete, name="evidence_delete"),
]

urlpatterns += accompaniment_urls + import_urls + notification_urls + self_assessment_urls
urlpatterns += [
    path("account/api-token/", account.api_token, name="api_token"),
]
