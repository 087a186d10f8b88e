from django.urls import path

from core.routing import import_urls, object_urls

from . import views
from .importers import ENTERPRISE_IMPORT, RD_IMPORT
from .models import Enterprise, EnterpriseYear, PoolMembership, RDProject, Visit

app_name = "enterprises"

urlpatterns = [
    path("diagnosis/", views.RankingView.as_view(), name="diagnosis_ranking"),
    path("pipeline/", views.PipelineView.as_view(), name="pool_pipeline"),
    path("warnings/", views.ExpiringCertificatesView.as_view(), name="warnings"),
    path("warnings/no-rd/", views.WithoutRDView.as_view(), name="warnings_no_rd"),
    path("search/", views.EnterpriseJumpView.as_view(), name="enterprise_jump"),
    *import_urls(spec=ENTERPRISE_IMPORT),
    *import_urls(spec=RD_IMPORT, prefix="import/rd/", name="rd_import"),
    *object_urls(
        Enterprise,
        list_view=views.EnterpriseListView,
        detail_view=views.EnterpriseDetailView,
        edit_view=views.EnterpriseEditView,
        delete_view=views.EnterpriseDeleteView,
        history_view=views.EnterpriseHistoryView,
    ),
    path("<int:pk>/diagnosis/", views.EnterpriseDiagnosisView.as_view(), name="enterprise_diagnosis"),
    path("<int:pk>/pools/new/", views.PoolEnterView.as_view(), name="poolmembership_add"),
    *object_urls(
        EnterpriseYear,
        prefix="years/",
        add_prefix="<int:parent_pk>/years/",
        mixin=views.EnterpriseYearMixin,
    ),
    *object_urls(
        RDProject,
        prefix="rd/",
        add_prefix="<int:parent_pk>/rd/",
        mixin=views.RDProjectMixin,
    ),
    *object_urls(
        PoolMembership,
        prefix="pools/",
        detail_view=views.MembershipDetailView,
        delete_view=views.MembershipDeleteView,
        history_view=views.MembershipHistoryView,
    ),
    path("pools/<int:pk>/edit/", views.MembershipEditView.as_view(), name="poolmembership_edit"),
    path("pools/<int:pk>/move/", views.PoolMoveView.as_view(), name="poolmembership_move"),
    path("pools/<int:pk>/pangao/", views.PangaoView.as_view(), name="poolmembership_pangao"),
]

# /visits/... (docs/domain.md §5 fixes /visits/new/). They belong to this app's `enterprises` namespace;
# haimen_sci/urls.py mounts this list under /visits/ inside the same namespace.
visit_urlpatterns = [
    path("mine/", views.MyVisitListView.as_view(), name="visit_mine"),
    path("follow-ups/", views.FollowUpListView.as_view(), name="visit_follow_ups"),
    path("due/", views.KeyEnterpriseDueView.as_view(), name="visit_due"),
    path("enterprise-search/", views.VisitEnterpriseSearchView.as_view(), name="visit_enterprise_search"),
    path("photos/<int:pk>/", views.VisitPhotoView.as_view(), name="visit_photo"),
    path("photos/<int:pk>/thumb/", views.VisitPhotoView.as_view(thumbnail=True), name="visit_photo_thumb"),
    path("<int:pk>/follow-up/", views.VisitFollowUpView.as_view(), name="visit_follow_up"),
    *object_urls(
        Visit,
        list_view=views.VisitListView,
        detail_view=views.VisitDetailView,
        edit_view=views.VisitEditView,
        delete_view=views.VisitDeleteView,
        history_view=views.VisitHistoryView,
    ),
]
