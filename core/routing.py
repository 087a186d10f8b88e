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
