from django.contrib import admin

from reports.monitoring.models import (
    Activity,
    Indicator,
    IndicatorValue,
    Participant,
    Period,
    Result,
    Target,
    ValueChange,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "statement_fr", "order"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "kind", "unit", "across_scopes", "across_periods"]
    list_filter = ["kind", "result"]
    inlines = [TargetInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "start", "end", "locked", "locked_by", "locked_at"]
    readonly_fields = ["locked_by", "locked_at"]


class ChangeInline(admin.TabularInline):
    model = ValueChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "action",
        "before",
        "after",
        "status_before",
        "status_after",
        "reason",
        "by",
        "at",
    ]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Read-only: values change through the S&E pages, which keep their history."""

    list_display = ["indicator", "period", "cluster", "value", "n", "status", "stale"]
    list_filter = ["status", "stale", "period", "cluster"]
    inlines = [ChangeInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "kind", "cluster"]
    list_filter = ["kind", "cluster"]
    search_fields = ["title"]
    inlines = [ParticipantInline]
