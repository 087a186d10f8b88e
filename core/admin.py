from django.contrib import admin

from .models import IndustryChain, InvestDirection, Target, Town


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
