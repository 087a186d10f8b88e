from django.urls import path

from core.routing import import_urls, object_urls

from .importers import PROJECT_IMPORT
from .models import InvestmentLead, InvestmentProject
from .views import leads, pipeline, projects

app_name = "investment"

# =============================================================================================
# Project pipeline (issue 12, part A)
# =============================================================================================

urlpatterns = [
    path("board/", pipeline.BoardView.as_view(), name="board"),
    path("board/<int:pk>/move/", pipeline.BoardMoveView.as_view(), name="board_move"),
    *import_urls(spec=PROJECT_IMPORT, prefix="import/", name="project_import"),
    path("<int:pk>/move/", projects.ProjectMoveView.as_view(), name="investmentproject_move"),
    path("<int:pk>/key/", projects.ProjectKeyView.as_view(), name="investmentproject_key"),
    path("<int:pk>/recognize/", projects.ProjectRecognizeView.as_view(), name="investmentproject_recognize"),
    *object_urls(
        InvestmentProject,
        list_view=projects.ProjectListView,
        detail_view=projects.ProjectDetailView,
        delete_view=projects.ProjectDeleteView,
        mixin=projects.ProjectMixin,
    ),
    path("leads/<int:pk>/convert/", leads.LeadConvertView.as_view(), name="investmentlead_convert"),
    *object_urls(
        InvestmentLead,
        prefix="leads/",
        list_view=leads.LeadListView,
        detail_view=leads.LeadDetailView,
        delete_view=leads.LeadDeleteView,
        mixin=leads.LeadMixin,
    ),
]

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
