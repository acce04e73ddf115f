from django.contrib import admin

from assessments.models import Assessment, AssessmentEvent, Cluster, Company
from assessments.notifications.models import MailSent
from assessments.selfassessment.models import SelfAssessment


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "region"]
    filter_horizontal = ["staff"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "ice", "cluster", "sector", "region", "city"]
    list_filter = ["cluster", "sector", "region"]
    search_fields = ["name", "ice", "city"]
    filter_horizontal = ["consultants", "managers"]


class EventInline(admin.TabularInline):
    model = AssessmentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "reason"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only here: diagnostics change through the app, so that every change is recorded."""

    list_display = ["company", "kind", "status", "visit_date", "consultant", "overall_score"]
    list_filter = ["kind", "status", "company__cluster"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(MailSent)
class MailSentAdmin(admin.ModelAdmin):
    """What was e-mailed to whom: a record to read, written only by the sending service."""

    list_display = ["sent_at", "kind", "address", "language", "key"]
    list_filter = ["kind", "language"]
    search_fields = ["address", "key"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    """Read-only: the PME's managers answer it in the app; it is theirs, not the admin's."""

    list_display = ["company", "status", "created_at", "submitted_at"]
    list_filter = ["status", "company__cluster"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
