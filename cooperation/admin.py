from django.contrib import admin

from core.admin import ServiceAdmin

from . import services
from .models import Bank, Financing, Intermediary, IntermediaryReview, IntermediaryService

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
# ============================================================================================


@admin.register(Bank)
class BankAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "kind", "parent", "status", "opened_on", "order"]
    list_filter = ["kind", "status"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name"]
    save_service = staticmethod(services.bank_save)


@admin.register(Financing)
class FinancingAdmin(ServiceAdmin):
    list_display = ["on", "enterprise", "bank", "product", "kind", "amount"]
    list_filter = ["kind", "product", "bank"]
    list_select_related = ["enterprise", "bank"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    raw_id_fields = ["enterprise"]
    date_hierarchy = "on"
    save_service = staticmethod(services.financing_save)


@admin.register(Intermediary)
class IntermediaryAdmin(ServiceAdmin):
    list_display = ["name", "kind", "town", "contact", "phone"]
    list_filter = ["kind"]
    list_select_related = ["town"]
    search_fields = ["name"]
    save_service = staticmethod(services.intermediary_save)


@admin.register(IntermediaryService)
class IntermediaryServiceAdmin(ServiceAdmin):
    list_display = ["served_on", "intermediary", "enterprise", "kind", "satisfaction"]
    list_filter = ["kind", "satisfaction"]
    list_select_related = ["intermediary", "enterprise"]
    search_fields = ["enterprise__name", "intermediary__name", "content"]
    raw_id_fields = ["enterprise"]
    save_service = staticmethod(services.service_save)


@admin.register(IntermediaryReview)
class IntermediaryReviewAdmin(ServiceAdmin):
    list_display = ["intermediary", "year", "score", "grade"]
    list_filter = ["year", "grade"]
    list_select_related = ["intermediary"]
    save_service = staticmethod(services.review_save)
