from django.contrib import admin

from . import services
from .models import KpiSnapshot, StatIndicator


@admin.register(StatIndicator)
class StatIndicatorAdmin(admin.ModelAdmin):
    list_display = ["year", "through_month", "name", "group", "value", "unit", "benchmark_value", "rank"]
    list_filter = ["year", "group"]
    search_fields = ["name", "source", "note"]

    def save_model(self, request, obj, form, change):
        services.stat_indicator_save(instance=obj, user=request.user)


@admin.register(KpiSnapshot)
class KpiSnapshotAdmin(admin.ModelAdmin):
    """Read-only: the beat job writes the monthly snapshots (reports.dashboard.tasks.kpi_snapshot_task)."""

    list_display = ["year", "month", "kpi", "town", "value", "taken_at"]
    list_filter = ["year", "month", "kpi"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---- the work summary (issue 15) --------------------------------------------------------------

from .models import ReportNote, ReportRun  # noqa: E402  (kept with its own block for merging)


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Read-only: runs change only through reports.summary.services (conditional updates)."""

    list_display = ["kind", "year", "period", "version", "status", "percent", "created_by", "created_at", "seconds"]
    list_filter = ["kind", "status", "year"]
    readonly_fields = [f.name for f in ReportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportNote)
class ReportNoteAdmin(admin.ModelAdmin):
    list_display = ["year", "period", "section", "order", "text", "author", "updated_at"]
    list_filter = ["year", "period", "section"]
    search_fields = ["text"]

    def save_model(self, request, obj, form, change):
        from .summary.services import note_save

        note_save(obj, user=request.user, year=obj.year, period=obj.period)
