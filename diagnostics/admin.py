from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from diagnostics.models import Action, Axis, Framework, FrameworkVersion, Question, Stage


class ReadOnlyWhenPublished(admin.ModelAdmin):
    """Published framework content is immutable: a change is a new version (load_framework)."""

    def _published(self, obj: object | None) -> bool:
        version = getattr(obj, "framework_version", None) or getattr(
            getattr(obj, "axis", None), "framework_version", None
        )
        if isinstance(obj, FrameworkVersion):
            version = obj
        return bool(version and version.is_published)

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return not self._published(obj) and super().has_delete_permission(request, obj)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyWhenPublished, SimpleHistoryAdmin):
    """With its history: who loaded, published or retired each version, and when."""

    def revert_disabled(self, request: HttpRequest, obj: object | None = None) -> bool:
        return True  # a version's past is read, never restored: a change is a new version

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "GET":  # the form would save the old state over the version
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    list_display = ["framework", "version", "status", "published_at"]
    list_filter = ["status", "framework"]


@admin.register(Stage)
class StageAdmin(ReadOnlyWhenPublished):
    list_display = ["framework_version", "level", "name_fr", "name_en"]


@admin.register(Axis)
class AxisAdmin(ReadOnlyWhenPublished):
    list_display = ["code", "name_fr", "framework_version", "order", "weight"]
    list_filter = ["framework_version"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyWhenPublished):
    list_display = ["code", "axis", "weight"]
    list_filter = ["axis__framework_version", "axis"]
    search_fields = ["code", "text_fr", "text_en"]


@admin.register(Action)
class ActionAdmin(ReadOnlyWhenPublished):
    list_display = [
        "code",
        "title_fr",
        "axis",
        "requires_level",
        "target_level",
        "effort_half_days",
    ]
    list_filter = ["axis__framework_version"]
