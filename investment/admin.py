from django.contrib import admin

from core.admin import ServiceAdmin

from .models import InvestmentLead, InvestmentProject, ProjectStageChange

# =============================================================================================
# Project pipeline (issue 12, part A)
# =============================================================================================


class ProjectStageChangeInline(admin.TabularInline):
    model = ProjectStageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "on", "changed_by", "recorded_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False  # moves go through the workflow (the board, 推进阶段)


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(ServiceAdmin):
    list_display = ["name", "chain", "direction", "town", "source_kind", "owner", "stage", "stage_on", "is_key"]
    list_filter = ["stage", "is_key", "source_kind", "chain", "town"]
    list_select_related = ["chain", "direction", "town", "owner"]
    search_fields = ["name", "counterpart", "source_unit"]
    readonly_fields = ["stage", "stage_on"]
    raw_id_fields = ["owner"]
    inlines = [ProjectStageChangeInline]


@admin.register(ProjectStageChange)
class ProjectStageChangeAdmin(admin.ModelAdmin):
    """The moves of projects, read only: a move is made through the workflow."""

    list_display = ["project", "from_stage", "to_stage", "on", "changed_by"]
    list_filter = ["to_stage"]
    list_select_related = ["project", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InvestmentLead)
class InvestmentLeadAdmin(ServiceAdmin):
    list_display = ["name", "kind", "chain", "direction", "town", "owner", "status", "project"]
    list_filter = ["status", "kind", "chain", "town"]
    list_select_related = ["chain", "direction", "town", "owner", "project"]
    search_fields = ["name", "contact"]
    readonly_fields = ["project"]
    raw_id_fields = ["owner"]


# =============================================================================================
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
