from django.urls import path

from core.routing import import_urls, object_urls

from .importers import PROJECT_IMPORT
from .models import InvestmentLead, InvestmentProject
from .views import leads, pipeline, projects

app_name = "investment"

# =============================================================================================
# Project pipeline
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
        mixin=projects.ProjectMixin,
    ),
    path("leads/<int:pk>/convert/", leads.LeadConvertView.as_view(), name="investmentlead_convert"),
    *object_urls(
        InvestmentLead,
        prefix="leads/",
        list_view=leads.LeadListView,
        detail_view=leads.LeadDetailView,
        mixin=leads.LeadMixin,
    ),
]

# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================

from .importers import CLIENT_VISIT_IMPORT, EVENT_IMPORT  # noqa: E402
from .models import ClientVisit, Fund, InvestmentEvent, TeamMember  # noqa: E402
from .views import activity, funds, team  # noqa: E402

urlpatterns += [
    *import_urls(spec=EVENT_IMPORT, prefix="events/import/", name="event_import"),
    *import_urls(spec=CLIENT_VISIT_IMPORT, prefix="visits/import/", name="clientvisit_import"),
    *object_urls(
        InvestmentEvent,
        prefix="events/",
        list_view=activity.EventListView,
        detail_view=activity.EventDetailView,
        edit_view=activity.EventEditView,
        mixin=activity.EventMixin,
    ),
    *object_urls(
        ClientVisit,
        prefix="visits/",
        list_view=activity.ClientVisitListView,
        detail_view=activity.ClientVisitDetailView,
        edit_view=activity.ClientVisitEditView,
        mixin=activity.ClientVisitMixin,
    ),
    path("team/week/", team.TeamWeekView.as_view(), name="team_week"),
    path("team/short/", team.TeamShortView.as_view(), name="team_short"),
    *object_urls(
        TeamMember,
        prefix="team/",
        list_view=team.TeamListView,
        detail_view=team.TeamMemberDetailView,
        mixin=team.TeamMemberMixin,
    ),
    path("funds/totals/", funds.FundTotalsView.as_view(), name="fund_totals"),
    path("funds/<int:pk>/move/", funds.FundMoveView.as_view(), name="fund_move"),
    *object_urls(
        Fund,
        prefix="funds/",
        list_view=funds.FundListView,
        detail_view=funds.FundDetailView,
        edit_view=funds.FundEditView,
        mixin=funds.FundMixin,
    ),
]
