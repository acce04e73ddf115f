from django.contrib import admin

from reports.monitoring.models import (
    Activity,
    Indicator,
    IndicatorValue,
    Participant,
    Participation,
    Period,
    Programme,
    Result,
    Target,
    ValueChange,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["company"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_fr", "funder", "start", "end", "open_to_all"]
    filter_horizontal = ["clusters", "coordinators"]
    readonly_fields = ["code"]
    inlines = [ParticipationInline]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["code", "programme", "level", "statement_fr", "order"]
    list_filter = ["programme"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "programme",
        "name_fr",
        "kind",
        "unit",
        "across_scopes",
        "across_periods",
    ]
    list_filter = ["programme", "kind", "result"]
    inlines = [TargetInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "programme", "kind", "start", "end", "locked", "locked_by", "locked_at"]
    list_filter = ["programme", "kind", "locked"]
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
    list_display = ["date", "title", "kind", "programme", "cluster"]
    list_filter = ["programme", "kind", "cluster"]
    search_fields = ["title"]
    inlines = [ParticipantInline]
