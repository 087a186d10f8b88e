from django.urls import path

from core.routing import import_urls, object_urls

from . import views
from .importers import CARRIER_IMPORT, REPORT_IMPORT, TENANCY_IMPORT
from .models import (
    Carrier,
    ConstructionReport,
    LevelApplication,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformProject,
    PlatformTarget,
    Tenancy,
)

app_name = "carriers"

urlpatterns = [
    path("behind/", views.BehindScheduleView.as_view(), name="behind_schedule"),
    path("totals/", views.TotalsView.as_view(), name="totals"),
    # Three importers, each under its own name; the import pages offer them as tabs.
    *import_urls(spec=CARRIER_IMPORT, prefix="import/", name="carrier_import"),
    *import_urls(spec=TENANCY_IMPORT, prefix="import/tenants/", name="tenant_import"),
    *import_urls(spec=REPORT_IMPORT, prefix="import/reports/", name="report_import"),
    *object_urls(
        Carrier,
        list_view=views.CarrierListView,
        detail_view=views.CarrierDetailView,
        mixin=views.CarrierMixin,
    ),
    *object_urls(
        Tenancy,
        prefix="tenants/",
        list_view=views.TenancyListView,
        mixin=views.TenancyMixin,
    ),
    *object_urls(
        ConstructionReport,
        prefix="reports/",
        list_view=views.ReportListView,
        mixin=views.ReportMixin,
    ),
    *object_urls(
        LevelApplication,
        prefix="applications/",
        list_view=views.ApplicationListView,
        detail_view=views.ApplicationDetailView,
        edit_view=views.ApplicationEditView,
        delete_view=views.ApplicationDeleteView,
        history_view=views.ApplicationHistoryView,
    ),
    path("applications/<int:pk>/move/", views.ApplicationMoveView.as_view(), name="levelapplication_move"),
    *object_urls(
        OperatorContract,
        prefix="operators/",
        list_view=views.ContractListView,
        mixin=views.ContractMixin,
    ),
    *object_urls(
        PerformanceReview,
        prefix="reviews/",
        list_view=views.ReviewListView,
        detail_view=views.ReviewDetailView,
        mixin=views.ReviewMixin,
    ),
    *object_urls(
        PlatformTarget,
        prefix="platforms/targets/",
        mixin=views.TargetMixin,
    ),
    *object_urls(
        PlatformProject,
        prefix="platforms/projects/",
        list_view=views.ProjectListView,
        mixin=views.ProjectMixin,
    ),
    *object_urls(
        Platform,
        prefix="platforms/",
        list_view=views.PlatformListView,
        detail_view=views.PlatformDetailView,
        mixin=views.PlatformMixin,
    ),
]
