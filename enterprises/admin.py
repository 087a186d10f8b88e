from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin

from core.admin import ServiceAdmin
from core.resources import spreadsheet_format

from . import services
from .importers import ENTERPRISE_IMPORT
from .models import (
    CultivationEvent,
    Enterprise,
    EnterpriseYear,
    FollowUpNote,
    PoolMembership,
    PoolStageChange,
    RDProject,
    Visit,
    VisitPhoto,
)
from .resources import EnterpriseResource


class EnterpriseAdminForm(forms.ModelForm):
    """Normalises the name and the code before the model's checks see them (as the page's form does)."""

    def clean_name(self):
        return services.normalize_name(self.cleaned_data["name"])

    def clean_credit_code(self):
        return services.normalize_credit_code(self.cleaned_data["credit_code"])


@admin.register(Enterprise)
class EnterpriseAdmin(ServiceAdmin, ImportExportModelAdmin):
    list_display = ["name", "credit_code", "town", "tech_field", "is_key", "grid_officer"]
    list_filter = ["town", "tech_field", "is_key"]
    list_select_related = ["town", "grid_officer"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["grid_officer"]
    form = EnterpriseAdminForm
    save_service = staticmethod(services.enterprise_save)
    resource_classes = [EnterpriseResource]
    # Reads through the portal's reading layer: title rows, aliases, GBK CSV, hidden sheets.
    import_formats = [spreadsheet_format(ENTERPRISE_IMPORT)]


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0
    fields = ["photo_link", "uploaded_at"]
    readonly_fields = ["photo_link", "uploaded_at"]
    can_delete = False  # photos come and go through the visit form, which checks them and removes their files

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="照片")
    def photo_link(self, photo):
        # MEDIA is not public: the scoped photo view serves it.
        url = reverse("enterprises:visit_photo", args=[photo.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, photo.image.name)


@admin.register(Visit)
class VisitAdmin(ServiceAdmin):
    """Corrections by the system administrator, through the same services as /visits/ (最近走访 stays right)."""

    list_display = ["visited_on", "enterprise", "officer", "kind", "follow_up"]
    list_filter = ["kind", "follow_up", "enterprise__town"]
    list_select_related = ["enterprise", "officer"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "content", "problem"]
    raw_id_fields = ["enterprise", "officer"]
    date_hierarchy = "visited_on"
    inlines = [VisitPhotoInline]
    save_service = staticmethod(services.visit_record)
    delete_service = staticmethod(services.visit_delete)


# The bureau admin's correction desk for the rest of the app. Pool stages are read-only here:
# a stage moves only through services.pool_advance, which keeps the timeline (PoolStageChange).


@admin.register(EnterpriseYear)
class EnterpriseYearAdmin(ServiceAdmin):
    list_display = ["enterprise", "year", "revenue", "rd_expense", "employees", "rd_staff"]
    list_filter = ["year"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    raw_id_fields = ["enterprise"]


class PoolStageChangeInline(admin.TabularInline):
    model = PoolStageChange
    extra = 0
    can_delete = False
    fields = ["on", "from_stage", "to_stage", "changed_by", "note", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PoolMembershipAdminForm(forms.ModelForm):
    """Refuses on the form what services.membership_update would refuse (expert scores, certificate)."""

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the submitted values
        for field, message in services.membership_errors(self.instance).items():
            self.add_error(field if field in self.fields else None, message)


@admin.register(PoolMembership)
class PoolMembershipAdmin(ServiceAdmin):
    list_display = ["enterprise", "pool", "year", "stage", "stage_on", "certificate_no", "certified_on"]
    list_filter = ["pool", "year", "stage"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "certificate_no"]
    raw_id_fields = ["enterprise"]
    readonly_fields = ["stage", "stage_on"]
    inlines = [PoolStageChangeInline]
    form = PoolMembershipAdminForm
    save_service = staticmethod(services.membership_update)


@admin.register(PoolStageChange)
class PoolStageChangeAdmin(admin.ModelAdmin):
    list_display = ["membership", "from_stage", "to_stage", "on", "changed_by"]
    list_filter = ["to_stage"]
    list_select_related = ["membership__enterprise", "changed_by"]
    date_hierarchy = "on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RDProject)
class RDProjectAdmin(ServiceAdmin):
    list_display = ["title", "enterprise", "year", "budget", "filed_on", "reviewed"]
    list_filter = ["year", "reviewed"]
    list_select_related = ["enterprise"]
    search_fields = ["title", "enterprise__name"]
    raw_id_fields = ["enterprise"]
    date_hierarchy = "filed_on"


@admin.register(CultivationEvent)
class CultivationEventAdmin(ServiceAdmin):
    list_display = ["held_on", "title", "kind", "town", "attendees"]
    list_filter = ["kind", "town"]
    date_hierarchy = "held_on"


@admin.register(VisitPhoto)
class VisitPhotoAdmin(admin.ModelAdmin):
    list_display = ["visit", "image", "uploaded_at"]
    raw_id_fields = ["visit"]

    def has_add_permission(self, request):
        return False


@admin.register(FollowUpNote)
class FollowUpNoteAdmin(ServiceAdmin):
    """跟进记录 are written by 更新跟进 (services.visit_follow_up); the administrator corrects a note's text or date."""

    list_display = ["on", "visit", "status", "written_by"]
    list_filter = ["status", "visit__enterprise__town"]
    list_select_related = ["visit__enterprise", "written_by"]
    search_fields = ["visit__enterprise__name", "note"]
    raw_id_fields = ["visit", "written_by"]
    date_hierarchy = "on"
