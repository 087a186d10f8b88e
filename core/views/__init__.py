"""Generic views: object pages (objects.py) and the import flow (imports.py), configured per model."""

from .imports import (  # noqa: F401
    ImportCancelView,
    ImportChangesView,
    ImportConfirmView,
    ImportErrorReportView,
    ImportExportView,
    ImportHistoryView,
    ImportProgressView,
    ImportRunView,
    ImportTemplateView,
    ImportUploadView,
    ImportViewMixin,
)
from .objects import (  # noqa: F401
    BulkAction,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ScopedObjectMixin,
    SelectColumn,
    add_service_errors,
    views_for,
)
