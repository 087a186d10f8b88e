from django.contrib import admin

from .models import ImportRun, IndustryChain, InvestDirection, Target, Town


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "order"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]


class InvestDirectionInline(admin.TabularInline):
    model = InvestDirection
    extra = 0


@admin.register(IndustryChain)
class IndustryChainAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    inlines = [InvestDirectionInline]


@admin.register(InvestDirection)
class InvestDirectionAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "order"]
    list_filter = ["chain"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "kpi", "town", "value", "note"]
    list_filter = ["year", "kpi", "town"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "original_name", "user", "source", "status", "rows_total", "error_count"]
    list_filter = ["kind", "status", "source"]
    search_fields = ["original_name", "batch", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False  # runs are created by uploads and commands, not by hand
