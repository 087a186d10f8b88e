"""URL patterns for a model's generic views, named `<app>:<model>_<action>`."""

from django.urls import path


def object_urls(
    model,
    *,
    list_view=None,
    detail_view=None,
    edit_view=None,
    delete_view=None,
    history_view=None,
    prefix="",
    add_prefix=None,
):
    """`add_prefix` puts the add route under a parent record instead, e.g. "<int:parent_pk>/years/"
    gives `<parent>/years/new/` (the edit view's `parent_model` resolves the parent)."""
    name = model._meta.model_name
    patterns = []
    if list_view:
        patterns.append(path(f"{prefix}", list_view.as_view(), name=f"{name}_list"))
    if edit_view:
        add_at = prefix if add_prefix is None else add_prefix
        patterns.append(path(f"{add_at}new/", edit_view.as_view(), name=f"{name}_add"))
        patterns.append(path(f"{prefix}<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"))
    if detail_view:
        patterns.append(path(f"{prefix}<int:pk>/", detail_view.as_view(), name=f"{name}_detail"))
    if history_view:
        patterns.append(path(f"{prefix}<int:pk>/history/", history_view.as_view(), name=f"{name}_history"))
    if delete_view:
        patterns.append(path(f"{prefix}<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"))
    return patterns


def import_urls(*, spec, task=None, prefix="import/"):
    """The import pages of one importer, named `<namespace>:import`, `:import_run`, ... (core.views)."""
    from . import views

    kwargs = {"spec": spec, "task": task}
    return [
        path(f"{prefix}", views.ImportUploadView.as_view(**kwargs), name="import"),
        path(f"{prefix}template/", views.ImportTemplateView.as_view(**kwargs), name="import_template"),
        path(f"{prefix}export/", views.ImportExportView.as_view(**kwargs), name="import_export"),
        path(f"{prefix}history/", views.ImportHistoryView.as_view(**kwargs), name="import_history"),
        path(f"{prefix}<int:pk>/", views.ImportRunView.as_view(**kwargs), name="import_run"),
        path(f"{prefix}<int:pk>/progress/", views.ImportProgressView.as_view(**kwargs), name="import_progress"),
        path(f"{prefix}<int:pk>/confirm/", views.ImportConfirmView.as_view(**kwargs), name="import_confirm"),
        path(f"{prefix}<int:pk>/cancel/", views.ImportCancelView.as_view(**kwargs), name="import_cancel"),
        path(f"{prefix}<int:pk>/errors/", views.ImportErrorReportView.as_view(**kwargs), name="import_errors"),
        path(f"{prefix}<int:pk>/changes/", views.ImportChangesView.as_view(**kwargs), name="import_changes"),
    ]
