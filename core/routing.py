"""URL patterns for a model's generic views, named `<app>:<model>_<action>`."""

from django.urls import path


def object_urls(
    model,
    *,
    mixin=None,
    list_view=None,
    detail_view=None,
    edit_view=None,
    delete_view=None,
    history_view=None,
    prefix="",
    add_prefix=None,
):
    """The routes of one model's pages.

    `mixin` (model, selector, form_class, service, `actions`) is all an ordinary model needs:
    the generic list/detail/edit/delete/history views of each action it lists are made from it
    (core.views.views_for); a view passed by name replaces the made one. `add_prefix` puts the
    add route under a parent record instead, e.g. "<int:parent_pk>/years/" gives
    `<parent>/years/new/` (the edit view's `parent_model` resolves the parent)."""
    if mixin is not None:
        from .views import views_for

        made = views_for(mixin)
        list_view = list_view or made.get("list")
        detail_view = detail_view or made.get("detail")
        edit_view = edit_view or made.get("edit")
        delete_view = delete_view or made.get("delete")
        history_view = history_view or made.get("history")
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


# The import pages mounted so far, {(app label, URL name base): importer name}, so that the
# import pages of one app's namespace offer each other as tabs (an app with several importers).
# Keyed by the app too: two apps may both mount their importer under the default name "import".
MOUNTED_IMPORTS: dict[tuple[str, str], str] = {}


def import_urls(*, spec, task=None, prefix="import/", name="import", background=True):
    """The import pages of one importer, named `<namespace>:<name>`, `:<name>_run`, ... (core.views).

    An app mounts several importers under their own prefixes and names, e.g.
    `import_urls(spec=RD_IMPORT, prefix="import/rd/", name="rd_import")`. Large files go to the
    generic Celery task (core.tasks.import_run_task) unless `background` is False; `task` (an
    object with `.delay(run_id)`) replaces it.
    """
    from . import views
    from .tasks import ImportTask

    if task is None and background:
        task = ImportTask(spec.kind)
    MOUNTED_IMPORTS[(spec.model._meta.app_label, name)] = spec.kind
    kwargs = {"spec": spec, "task": task, "url_name": name}
    return [
        path(f"{prefix}", views.ImportUploadView.as_view(**kwargs), name=name),
        path(f"{prefix}template/", views.ImportTemplateView.as_view(**kwargs), name=f"{name}_template"),
        path(f"{prefix}export/", views.ImportExportView.as_view(**kwargs), name=f"{name}_export"),
        path(f"{prefix}history/", views.ImportHistoryView.as_view(**kwargs), name=f"{name}_history"),
        path(f"{prefix}<int:pk>/", views.ImportRunView.as_view(**kwargs), name=f"{name}_run"),
        path(f"{prefix}<int:pk>/progress/", views.ImportProgressView.as_view(**kwargs), name=f"{name}_progress"),
        path(f"{prefix}<int:pk>/confirm/", views.ImportConfirmView.as_view(**kwargs), name=f"{name}_confirm"),
        path(f"{prefix}<int:pk>/cancel/", views.ImportCancelView.as_view(**kwargs), name=f"{name}_cancel"),
        path(f"{prefix}<int:pk>/errors/", views.ImportErrorReportView.as_view(**kwargs), name=f"{name}_errors"),
        path(f"{prefix}<int:pk>/changes/", views.ImportChangesView.as_view(**kwargs), name=f"{name}_changes"),
    ]
