from django.contrib import admin

from core.admin import ServiceAdmin

from .models import InvestmentLead, InvestmentProject, ProjectStageChange

# =============================================================================================
# Project pipeline
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
# Events, client visits, team and funds
# =============================================================================================


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================

from . import services as activity_services  # noqa: E402
from .models import ClientVisit, Fund, FundStageChange, InvestmentEvent, TeamMember  # noqa: E402


@admin.register(TeamMember)
class TeamMemberAdmin(ServiceAdmin):
    list_display = ["name", "unit_kind", "unit_name", "town", "is_head", "active_from", "active_to"]
    list_filter = ["unit_kind", "is_head", "town"]
    list_select_related = ["town"]
    search_fields = ["name", "unit_name", "phone"]
    raw_id_fields = ["user"]
    save_service = staticmethod(activity_services.member_save)


@admin.register(InvestmentEvent)
class InvestmentEventAdmin(ServiceAdmin):
    list_display = ["held_on", "title", "kind", "city", "host", "town"]
    list_filter = ["kind", "town"]
    list_select_related = ["town"]
    search_fields = ["title", "host", "city"]
    filter_horizontal = ["members"]
    raw_id_fields = ["projects"]
    save_service = staticmethod(activity_services.event_save)


@admin.register(ClientVisit)
class ClientVisitAdmin(ServiceAdmin):
    list_display = ["visited_at", "member", "counterpart", "city", "project"]
    list_filter = ["member__unit_kind", "member__town"]
    list_select_related = ["member", "project"]
    search_fields = ["counterpart", "city", "member__name"]
    raw_id_fields = ["member", "project"]
    save_service = staticmethod(activity_services.client_visit_record)


class FundStageChangeInline(admin.TabularInline):
    model = FundStageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "on", "changed_by", "recorded_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False  # moves go through the workflow (推进阶段)


@admin.register(Fund)
class FundAdmin(ServiceAdmin):
    list_display = ["name", "kind", "manager", "target_size", "raised_size", "stage", "stage_on", "counts_as_new"]
    list_filter = ["kind", "stage", "counts_as_new"]
    list_select_related = ["town"]
    search_fields = ["name", "manager"]
    readonly_fields = ["stage", "stage_on"]
    inlines = [FundStageChangeInline]

    @staticmethod
    def save_service(*, instance, user):
        return activity_services.fund_save(instance=instance, user=user)


@admin.register(FundStageChange)
class FundStageChangeAdmin(admin.ModelAdmin):
    """The moves of funds, read only: a move is made through the workflow (推进阶段)."""

    list_display = ["fund", "from_stage", "to_stage", "on", "changed_by"]
    list_filter = ["to_stage"]
    list_select_related = ["fund", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
