from django.urls import URLPattern, path

from reports.bank import views

urlpatterns: list[URLPattern] = [
    path("bank/", views.project_bank, name="project_bank"),
    path("bank/projects.xlsx", views.project_bank_xlsx, name="project_bank_xlsx"),
    path("bank/projects.csv", views.project_bank_csv, name="project_bank_csv"),
]
