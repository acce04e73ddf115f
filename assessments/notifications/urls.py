"""The account page, under the ``assessments`` namespace."""

from django.urls import URLPattern, path

from assessments.notifications import views

urlpatterns: list[URLPattern] = [
    path("account/", views.account, name="account"),
]
