from django.urls import path

from core.routing import import_urls, object_urls

from .importers import CONTRACT_IMPORT, FINANCING_IMPORT, IA_IMPORT
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
from .views import contracts, events, finance, ia, intermediaries

app_name = "cooperation"

urlpatterns = [
    # ---- industry–academia cooperation --------------------------------------
    *import_urls(spec=IA_IMPORT, prefix="import/", name="ia_import"),
    *import_urls(spec=CONTRACT_IMPORT, prefix="import/contracts/", name="contract_import"),
    path("contracts/rectify/", contracts.RectifyListView.as_view(), name="rectify_list"),
    path("contracts/<int:pk>/register/", contracts.ContractRegisterView.as_view(), name="techcontract_register"),
    path("contracts/<int:pk>/rectify/", contracts.ContractRectifyView.as_view(), name="techcontract_rectify"),
    path("events/monthly/", events.MonthlyActivitiesView.as_view(), name="event_monthly"),
    *object_urls(
        Institution,
        prefix="institutions/",
        list_view=ia.InstitutionListView,
        detail_view=ia.InstitutionDetailView,
        mixin=ia.InstitutionMixin,
    ),
    *object_urls(
        TechContract,
        prefix="contracts/",
        list_view=contracts.TechContractListView,
        detail_view=contracts.TechContractDetailView,
        mixin=contracts.TechContractMixin,
    ),
    *object_urls(
        IAEvent,
        prefix="events/",
        list_view=events.IAEventListView,
        detail_view=events.IAEventDetailView,
        edit_view=events.IAEventEditView,
        mixin=events.IAEventMixin,
    ),
    # The app's front page (/cooperation/, the menu's 产学研) is the project list.
    *object_urls(
        IACooperation,
        list_view=ia.IACooperationListView,
        detail_view=ia.IACooperationDetailView,
        mixin=ia.IACooperationMixin,
    ),
    # ---- science finance and intermediaries ---------------------------------
    *import_urls(spec=FINANCING_IMPORT, prefix="finance/import/", name="financing_import"),
    *object_urls(
        Bank,
        prefix="finance/banks/",
        list_view=finance.BankListView,
        detail_view=finance.BankDetailView,
        mixin=finance.BankMixin,
    ),
    *object_urls(
        Financing,
        prefix="finance/",
        list_view=finance.FinancingListView,
        detail_view=finance.FinancingDetailView,
        mixin=finance.FinancingMixin,
    ),
    *object_urls(
        IntermediaryService,
        prefix="intermediaries/services/",
        list_view=intermediaries.ServiceListView,
        mixin=intermediaries.ServiceMixin,
    ),
    *object_urls(
        IntermediaryReview,
        prefix="intermediaries/reviews/",
        list_view=intermediaries.ReviewListView,
        mixin=intermediaries.ReviewMixin,
    ),
    *object_urls(
        Intermediary,
        prefix="intermediaries/",
        list_view=intermediaries.IntermediaryListView,
        detail_view=intermediaries.IntermediaryDetailView,
        mixin=intermediaries.IntermediaryMixin,
    ),
]
