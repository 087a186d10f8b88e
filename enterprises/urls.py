from core.routing import object_urls

from . import views
from .models import Enterprise

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
