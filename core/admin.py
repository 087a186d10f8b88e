from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect

from .models import ImportRun, IndustryChain, InvestDirection, Target, Town
from .services import model_delete, model_save


class ServiceAdmin(admin.ModelAdmin):
    """An admin whose writes go through the app's services, like the pages and the API.

    `save_service(instance=, user=)` and `delete_service(instance=, user=)` default to core's
    model_save/model_delete (full validation, change log); apps name their own where they have one.
    """

    save_service = staticmethod(model_save)
    delete_service = staticmethod(model_delete)

    def save_model(self, request, obj, form, change):
        self.save_service(instance=obj, user=request.user)

    def delete_model(self, request, obj):
        self.delete_service(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # 删除所选: all or none, like a bulk action on the pages
            for obj in queryset:
                self.delete_model(request, obj)

    # A delete service's refusal (a rule of the app, a record still referred to) is shown as the
    # admin's error message, and nothing is deleted: the admin's delete view runs in a transaction,
    # which the refusal rolls back with the deletion's log entry.
    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect(request.path)

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect(request.get_full_path())


@admin.register(Town)
class TownAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "kind", "order"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]


class InvestDirectionInline(admin.TabularInline):
    model = InvestDirection
    extra = 0


@admin.register(IndustryChain)
class IndustryChainAdmin(ServiceAdmin):
    list_display = ["name", "order"]
    inlines = [InvestDirectionInline]


@admin.register(InvestDirection)
class InvestDirectionAdmin(ServiceAdmin):
    list_display = ["name", "chain", "order"]
    list_filter = ["chain"]


@admin.register(Target)
class TargetAdmin(ServiceAdmin):
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
