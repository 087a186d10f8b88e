from django.contrib import admin

from core.admin import ServiceAdmin

from . import services
from .models import (
    Carrier,
    ConstructionReport,
    LevelApplication,
    LevelChange,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformProject,
    PlatformTarget,
    RubricIndicator,
    ScheduleSetting,
    Tenancy,
)


@admin.register(Carrier)
class CarrierAdmin(ServiceAdmin):
    list_display = ["name", "kind", "level", "town", "area_sqm", "status", "area", "group_managed"]
    list_filter = ["kind", "level", "status", "area", "group_managed", "town"]
    list_select_related = ["town"]
    search_fields = ["name", "operator"]
    save_service = staticmethod(services.carrier_save)


@admin.register(Tenancy)
class TenancyAdmin(ServiceAdmin):
    list_display = ["enterprise", "carrier", "moved_in_on", "moved_out_on", "graduated"]
    list_select_related = ["enterprise", "carrier"]
    search_fields = ["enterprise__name", "carrier__name"]
    raw_id_fields = ["enterprise"]


@admin.register(ConstructionReport)
class ConstructionReportAdmin(ServiceAdmin):
    list_display = ["carrier", "year", "quarter", "planned_pct", "actual_pct", "assessment"]
    list_filter = ["year", "quarter", "assessment"]
    list_select_related = ["carrier"]


class LevelChangeInline(admin.TabularInline):
    model = LevelChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "on", "changed_by", "recorded_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False  # moves go through the workflow (the page's 推进阶段)


@admin.register(LevelApplication)
class LevelApplicationAdmin(ServiceAdmin):
    list_display = ["carrier", "year", "target_level", "applied_as", "stage", "stage_on"]
    list_filter = ["year", "stage", "target_level"]
    list_select_related = ["carrier"]
    readonly_fields = ["stage", "stage_on"]
    inlines = [LevelChangeInline]


@admin.register(OperatorContract)
class OperatorContractAdmin(ServiceAdmin):
    list_display = ["company", "carrier", "stage", "signed_on"]
    list_filter = ["stage"]
    list_select_related = ["carrier"]


@admin.register(Platform)
class PlatformAdmin(ServiceAdmin):
    list_display = ["name", "kind", "level", "partner", "town", "status"]
    list_filter = ["kind", "level", "status"]
    list_select_related = ["town"]
    search_fields = ["name", "partner"]


@admin.register(PlatformTarget)
class PlatformTargetAdmin(ServiceAdmin):
    list_display = ["platform", "year", "projects", "incubated", "service_platforms"]
    list_select_related = ["platform"]


@admin.register(PlatformProject)
class PlatformProjectAdmin(ServiceAdmin):
    list_display = ["title", "platform", "year", "stage", "started_on"]
    list_filter = ["year", "stage"]
    list_select_related = ["platform"]


@admin.register(ScheduleSetting)
class ScheduleSettingAdmin(ServiceAdmin):
    list_display = ["__str__", "threshold_pct"]

    def has_add_permission(self, request):
        return not ScheduleSetting.objects.exists()  # one setting


@admin.register(RubricIndicator)
class RubricIndicatorAdmin(ServiceAdmin):
    """The evaluation rubric: weights an admin may change; reviews take them when next saved."""

    list_display = ["name", "code", "weight", "full_mark", "order"]
    list_editable = ["weight", "full_mark", "order"]


@admin.register(PerformanceReview)
class PerformanceReviewAdmin(ServiceAdmin):
    list_display = ["carrier", "year", "score", "grade"]
    list_filter = ["year", "grade"]
    list_select_related = ["carrier"]
    save_service = staticmethod(services.review_save)


@admin.register(LevelChange)
class LevelChangeAdmin(admin.ModelAdmin):
    """The moves of level applications, read only: a move is made through the workflow (推进阶段)."""

    list_display = ["application", "from_stage", "to_stage", "on", "changed_by"]
    list_filter = ["to_stage"]
    list_select_related = ["application__carrier", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
