from django.urls import path

from core.routing import object_urls

from . import views
from .dashboard import views as dashboard
from .models import StatIndicator
from .summary import urls as summary_urls

app_name = "reports"

urlpatterns = [
    # The leaders' dashboard (issue 14).
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/screen/", dashboard.ScreenView.as_view(), name="dashboard_screen"),
    path("dashboard/trend/", dashboard.TrendView.as_view(), name="dashboard_trend"),
    path("dashboard/export/", dashboard.ExportView.as_view(), name="dashboard_export"),
    path("dashboard/steps/<str:code>/", dashboard.StepView.as_view(), name="dashboard_step"),
    path("dashboard/warnings/<str:code>/", dashboard.WarningView.as_view(), name="dashboard_warning"),
    path("kpis/", views.KpiIndexView.as_view(), name="kpi_list"),
    *object_urls(
        StatIndicator,
        prefix="kpis/stats/",
        mixin=views.StatIndicatorMixin,
        list_view=views.StatIndicatorListView,
    ),
    # Codes hold a dot (ent.visits), so the stats routes above must come first.
    path("kpis/<str:code>/", views.KpiDetailView.as_view(), name="kpi_detail"),
    *summary_urls.urlpatterns,
]
