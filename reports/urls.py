from django.urls import path

from core.routing import object_urls

from . import views
from .models import StatIndicator
from .summary import urls as summary_urls

app_name = "reports"

urlpatterns = [
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
