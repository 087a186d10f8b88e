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
