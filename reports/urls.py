from django.urls import path

from core.routing import object_urls

from . import views
from .models import StatIndicator

app_name = "reports"

urlpatterns = [
    path("kpis/", views.KpiIndexView.as_view(), name="kpi_list"),
    *object_urls(
        StatIndicator,
        prefix="kpis/stats/",
        list_view=views.StatIndicatorListView,
        detail_view=views.StatIndicatorDetailView,
        edit_view=views.StatIndicatorEditView,
        delete_view=views.StatIndicatorDeleteView,
        history_view=views.StatIndicatorHistoryView,
    ),
    # Codes hold a dot (ent.visits), so the stats routes above must come first.
    path("kpis/<str:code>/", views.KpiDetailView.as_view(), name="kpi_detail"),
]
