from django.contrib import admin

from . import services
from .models import StatIndicator


@admin.register(StatIndicator)
class StatIndicatorAdmin(admin.ModelAdmin):
    list_display = ["year", "through_month", "name", "group", "value", "unit", "benchmark_value", "rank"]
    list_filter = ["year", "group"]
    search_fields = ["name", "source", "note"]

    def save_model(self, request, obj, form, change):
        services.stat_indicator_save(instance=obj, user=request.user)
