from django.urls import path

from core.routing import object_urls

from . import views
from .models import Enterprise, Visit

app_name = "enterprises"

urlpatterns = [
    *object_urls(
        Enterprise,
        list_view=views.EnterpriseListView,
        detail_view=views.EnterpriseDetailView,
        edit_view=views.EnterpriseEditView,
        delete_view=views.EnterpriseDeleteView,
        history_view=views.EnterpriseHistoryView,
    ),
]

# /visits/... (SPEC §5 fixes /visits/new/). They belong to this app's `enterprises` namespace;
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
