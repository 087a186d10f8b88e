from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from . import services
from .models import Enterprise, Visit, VisitPhoto


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "town", "tech_field", "is_key", "grid_officer"]
    list_filter = ["town", "tech_field", "is_key"]
    list_select_related = ["town", "grid_officer"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["grid_officer"]


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
class VisitAdmin(admin.ModelAdmin):
    """Corrections by the system administrator, through the same services as /visits/ (最近走访 stays right)."""

    list_display = ["visited_on", "enterprise", "officer", "kind", "follow_up"]
    list_filter = ["kind", "follow_up", "enterprise__town"]
    list_select_related = ["enterprise", "officer"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "content", "problem"]
    raw_id_fields = ["enterprise", "officer"]
    date_hierarchy = "visited_on"
    inlines = [VisitPhotoInline]

    def save_model(self, request, obj, form, change):
        services.visit_record(instance=obj, user=request.user)

    def delete_model(self, request, obj):
        services.visit_delete(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for visit in queryset:
            services.visit_delete(instance=visit, user=request.user)
