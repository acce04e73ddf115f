"""Importing a PME list, under the ``assessments`` namespace."""

from django.urls import URLPattern, path

from assessments.imports import views

urlpatterns: list[URLPattern] = [
    path("pme/import/", views.import_upload, name="import_upload"),
    path("pme/import/confirm/", views.import_confirm, name="import_confirm"),
    path("pme/import/template.csv", views.import_template, name="import_template"),
]
