from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from config import health, offline

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("assessments.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("config.api.urls")),
    path("guide/", include("guide.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", offline.LogoutView.as_view(), name="logout"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
