from django.urls import path

from assessments.selfassessment import views

urlpatterns = [
    path("pme/<uuid:code>/self-assessment/", views.self_assessment_page, name="self_assessment"),
    path(
        "pme/<uuid:code>/self-assessment/answers/<str:question>/",
        views.self_answer_save,
        name="self_answer_save",
    ),
    path("diagnostics/<uuid:code>/divergences/", views.divergences, name="divergences"),
]
