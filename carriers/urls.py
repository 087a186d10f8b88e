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
        edit_view=views.CarrierEditView,
        delete_view=views.CarrierDeleteView,
        history_view=views.CarrierHistoryView,
    ),
    *object_urls(
        Tenancy,
        prefix="tenants/",
        list_view=views.TenancyListView,
        detail_view=views.TenancyDetailView,
        edit_view=views.TenancyEditView,
        delete_view=views.TenancyDeleteView,
        history_view=views.TenancyHistoryView,
    ),
    *object_urls(
        ConstructionReport,
        prefix="reports/",
        list_view=views.ReportListView,
        detail_view=views.ReportDetailView,
        edit_view=views.ReportEditView,
        delete_view=views.ReportDeleteView,
        history_view=views.ReportHistoryView,
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
        detail_view=views.ContractDetailView,
        edit_view=views.ContractEditView,
        delete_view=views.ContractDeleteView,
        history_view=views.ContractHistoryView,
    ),
    *object_urls(
        PerformanceReview,
        prefix="reviews/",
        list_view=views.ReviewListView,
        detail_view=views.ReviewDetailView,
        edit_view=views.ReviewEditView,
        delete_view=views.ReviewDeleteView,
        history_view=views.ReviewHistoryView,
    ),
    *object_urls(
        PlatformTarget,
        prefix="platforms/targets/",
        detail_view=views.TargetDetailView,
        edit_view=views.TargetEditView,
        delete_view=views.TargetDeleteView,
        history_view=views.TargetHistoryView,
    ),
    *object_urls(
        PlatformProject,
        prefix="platforms/projects/",
        list_view=views.ProjectListView,
        detail_view=views.ProjectDetailView,
        edit_view=views.ProjectEditView,
        delete_view=views.ProjectDeleteView,
        history_view=views.ProjectHistoryView,
    ),
    *object_urls(
        Platform,
        prefix="platforms/",
        list_view=views.PlatformListView,
        detail_view=views.PlatformDetailView,
        edit_view=views.PlatformEditView,
        delete_view=views.PlatformDeleteView,
        history_view=views.PlatformHistoryView,
    ),
]
