"""The roadmap and eight-day plan pages, under the ``assessments`` namespace."""

from django.urls import URLPattern, path

from assessments.accompaniment import views

urlpatterns: list[URLPattern] = [
    path("diagnostics/<uuid:code>/roadmap/", views.roadmap_detail, name="roadmap"),
    path("diagnostics/<uuid:code>/roadmap/propose/", views.roadmap_propose, name="roadmap_propose"),
    path("diagnostics/<uuid:code>/roadmap/add/", views.roadmap_add, name="roadmap_add"),
    path("diagnostics/<uuid:code>/roadmap/targets/", views.roadmap_targets, name="roadmap_targets"),
    path("diagnostics/<uuid:code>/synthesis/", views.synthesis_edit, name="synthesis"),
    path("roadmap-actions/<uuid:code>/track/", views.roadmap_item_track, name="roadmap_item_track"),
    path(
        "roadmap-actions/<uuid:code>/<str:change>/",
        views.roadmap_item_change,
        name="roadmap_item_change",
    ),
    path("diagnostics/<uuid:code>/plan/propose/", views.plan_propose, name="plan_propose"),
    path("plans/<uuid:code>/", views.plan_detail, name="plan_detail"),
    path("plans/<uuid:code>/schedule/", views.plan_schedule, name="plan_schedule"),
    path("plans/<uuid:code>/slots/add/", views.plan_slot_add, name="plan_slot_add"),
    path(
        "plans/<uuid:code>/slots/<int:slot_id>/move/", views.plan_slot_move, name="plan_slot_move"
    ),
    path(
        "plans/<uuid:code>/slots/<int:slot_id>/remove/",
        views.plan_slot_remove,
        name="plan_slot_remove",
    ),
    path("plans/<uuid:code>/days/<int:number>/", views.plan_day_edit, name="plan_day_edit"),
    path("plans/<uuid:code>/days/<int:number>/log/", views.plan_day_log, name="plan_day_log"),
    path(
        "plans/<uuid:code>/days/<int:number>/participants/<int:participant_id>/remove/",
        views.plan_participant_remove,
        name="plan_participant_remove",
    ),
    path(
        "plans/<uuid:code>/days/<int:number>/sheet.pdf", views.plan_day_sheet, name="plan_day_sheet"
    ),
    path("plans/<uuid:code>/plan.pdf", views.plan_print, name="plan_print"),
    path("plans/<uuid:code>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("plans/<uuid:code>/<str:transition>/", views.plan_transition, name="plan_transition"),
]
