from django.contrib import admin

from core.admin import ServiceAdmin

from . import services
from .models import (
    Bank,
    Financing,
    IACooperation,
    IAEvent,
    Institution,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    TechContract,
)

# ============================================================================================
# Industry–academia cooperation
# ============================================================================================


@admin.register(Institution)
class InstitutionAdmin(ServiceAdmin):
    list_display = ["name", "region", "kind", "contact"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]
    save_service = staticmethod(services.record_save)


@admin.register(IACooperation)
class IACooperationAdmin(ServiceAdmin):
    list_display = ["title", "enterprise", "institution", "kind", "amount", "signed_on", "status"]
    list_filter = ["kind", "status", "institution__region"]
    list_select_related = ["enterprise", "institution"]
    search_fields = ["title", "enterprise__name", "institution__name"]
    raw_id_fields = ["enterprise"]
    date_hierarchy = "signed_on"
    save_service = staticmethod(services.record_save)


@admin.register(TechContract)
class TechContractAdmin(ServiceAdmin):
    list_display = ["reg_number", "title", "enterprise", "direction", "contract_amount", "registered_on", "status"]
    list_filter = ["direction", "kind", "status"]
    list_select_related = ["enterprise"]
    search_fields = ["reg_number", "title", "enterprise__name", "counterpart"]
    raw_id_fields = ["enterprise"]
    save_service = staticmethod(services.contract_save)


@admin.register(IAEvent)
class IAEventAdmin(ServiceAdmin):
    """Enterprises and institutions go to the service with the record, so its checks (a clinic
    serves an enterprise) see them; the admin's own m2m step then writes the same sets again."""

    list_display = ["held_on", "title", "kind", "town", "expert"]
    list_filter = ["kind", "town"]
    list_select_related = ["town"]
    search_fields = ["title", "expert", "organizer"]
    raw_id_fields = ["enterprises"]
    filter_horizontal = ["institutions"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.event_save(
            instance=obj, user=request.user, enterprises=data.get("enterprises"), institutions=data.get("institutions")
        )


# ============================================================================================
# Science finance and intermediaries
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
    delete_service = staticmethod(services.financing_delete)


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
