from core.routing import import_urls, object_urls

from . import views
from .importers import FINANCING_IMPORT
from .models import Bank, Financing, Intermediary, IntermediaryReview, IntermediaryService

app_name = "cooperation"

urlpatterns = []

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
# ============================================================================================

urlpatterns += [
    *import_urls(spec=FINANCING_IMPORT, prefix="finance/import/", name="financing_import"),
    *object_urls(Bank, prefix="finance/banks/", list_view=views.BankListView, detail_view=views.BankDetailView,
                 mixin=views.BankMixin),
    *object_urls(Financing, prefix="finance/", list_view=views.FinancingListView,
                 detail_view=views.FinancingDetailView, mixin=views.FinancingMixin),
    *object_urls(IntermediaryService, prefix="intermediaries/services/", list_view=views.ServiceListView,
                 mixin=views.ServiceMixin),
    *object_urls(IntermediaryReview, prefix="intermediaries/reviews/", list_view=views.ReviewListView,
                 mixin=views.ReviewMixin),
    *object_urls(Intermediary, prefix="intermediaries/", list_view=views.IntermediaryListView,
                 detail_view=views.IntermediaryDetailView, mixin=views.IntermediaryMixin),
]  # fmt: skip
