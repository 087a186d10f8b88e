from django.urls import path

from core.routing import object_urls

from . import views
from .models import Enterprise, EnterpriseYear, PoolMembership, RDProject

app_name = "enterprises"

urlpatterns = [
    path("diagnosis/", views.RankingView.as_view(), name="diagnosis_ranking"),
    path("warnings/", views.ExpiringCertificatesView.as_view(), name="warnings"),
    path("warnings/no-rd/", views.WithoutRDView.as_view(), name="warnings_no_rd"),
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
        detail_view=views.EnterpriseYearDetailView,
        edit_view=views.EnterpriseYearEditView,
        delete_view=views.EnterpriseYearDeleteView,
        history_view=views.EnterpriseYearHistoryView,
    ),
    *object_urls(
        RDProject,
        prefix="rd/",
        add_prefix="<int:parent_pk>/rd/",
        detail_view=views.RDProjectDetailView,
        edit_view=views.RDProjectEditView,
        delete_view=views.RDProjectDeleteView,
        history_view=views.RDProjectHistoryView,
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
