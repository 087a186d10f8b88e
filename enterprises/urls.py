from core.routing import import_urls, object_urls

from . import views
from .importers import ENTERPRISE_IMPORT
from .models import Enterprise
from .tasks import import_enterprises_task

app_name = "enterprises"

urlpatterns = [
    *import_urls(spec=ENTERPRISE_IMPORT, task=import_enterprises_task),
    *object_urls(
        Enterprise,
        list_view=views.EnterpriseListView,
        detail_view=views.EnterpriseDetailView,
        edit_view=views.EnterpriseEditView,
        delete_view=views.EnterpriseDeleteView,
        history_view=views.EnterpriseHistoryView,
    ),
]
