"""Generic views configured per model by class attributes (NetBox's ObjectListView & co.).

A model's list page is `class EnterpriseListView(ObjectListView): model = Enterprise;
filterset_class = ...; table_class = ...; export_columns = [...]`. The data scope is applied
here, once, through `scoped_queryset()`; no subclass repeats it.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import DeleteView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import changelog, exports, scope, services


class ScopedObjectMixin:
    """Everything a user reaches goes through the model's `for_user` (or `selector`)."""

    model = None
    selector = None  # optional callable(user) -> queryset, from the app's selectors.py

    def scoped_queryset(self):
        user = self.request.user
        if self.selector is not None:
            return self.selector(user)
        return self.model.objects.for_user(user)

    def get_queryset(self):
        return self.scoped_queryset()

    def url_for(self, action, *args):
        try:
            return reverse(self.model.url_name(action), args=args)
        except NoReverseMatch:
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        user = self.request.user
        context.update(
            verbose_name=opts.verbose_name,
            verbose_name_plural=opts.verbose_name_plural,
            list_url=self.url_for("list"),
            can_create=scope.can_create(user, self.model) and self.url_for("add") is not None,
            can_change=scope.can_change(user, self.model),
            can_delete=scope.can_delete(user, self.model),
            add_url=self.url_for("add"),
        )
        return context


class ObjectListView(ScopedObjectMixin, SingleTableMixin, FilterView):
    """Filter form + sortable table + pagination + xlsx/csv export of exactly the filtered rows."""

    template_name = "core/object_list.html"
    paginate_by = 50
    export_columns: list[exports.ExportColumn] = []
    export_stem = None
    strict = True  # an invalid filter shows the form errors and no rows (as the export does), never a 500
    list_title = None  # heading, page title and breadcrumb; default: the model's verbose_name_plural

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format in {"xlsx", "csv"} and self.export_columns:
            return self.export(export_format)
        return super().get(request, *args, **kwargs)

    def filtered_queryset(self):
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_valid():
            return self.scoped_queryset().none()
        return filterset.qs

    def export(self, export_format):
        queryset = self.filtered_queryset()
        filename = exports.export_filename(self.export_stem or str(self.model._meta.verbose_name_plural))
        if export_format == "csv":
            return exports.csv_response(queryset, self.export_columns, filename)
        return exports.xlsx_response(queryset, self.export_columns, filename)

    def get_table_kwargs(self):
        return {"request": self.request}

    def get_paginate_by(self, queryset):
        # The table paginates; letting ListView paginate as well would COUNT(*) the rows twice.
        return None

    def get_table_pagination(self, table):
        return {"per_page": self.paginate_by}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.empty_text = table.empty_text or _("没有符合条件的记录")
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        context["can_export"] = bool(self.export_columns)
        context["list_title"] = self.list_title or context["verbose_name_plural"]
        filterset = context.get("filter")
        context["filters_active"] = bool(
            filterset is not None and any(self.request.GET.get(name) for name in filterset.form.fields)
        )
        return context


class ObjectDetailView(ScopedObjectMixin, DetailView):
    template_name = "core/object_detail.html"
    # Field names shown in the 概况 tab; None = every concrete, editable field.
    detail_fields: list[str] | None = None
    tab = "overview"

    def field_rows(self):
        obj = self.object
        names = self.detail_fields or [
            f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key and f.name != "password"
        ]
        rows = []
        for name in names:
            field = obj._meta.get_field(name)
            value = getattr(obj, f"get_{name}_display")() if field.choices else getattr(obj, name)
            if isinstance(value, bool):
                value = _("是") if value else _("否")
            rows.append((field.verbose_name, value))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            field_rows=self.field_rows(),
            tab=self.tab,
            edit_url=self.url_for("edit", self.object.pk),
            delete_url=self.url_for("delete", self.object.pk),
            history_url=self.url_for("history", self.object.pk),
            detail_url=self.url_for("detail", self.object.pk),
        )
        return context


class ObjectHistoryView(ObjectDetailView):
    """The 变更记录 tab: every change of this object, who and when, with the field diff."""

    template_name = "core/object_history.html"
    tab = "history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = changelog.history_for(self.object)[:200]
        return context


class ObjectEditView(ScopedObjectMixin, UpdateView):
    """Create (no pk in the URL) or update a record; the write goes through a service."""

    template_name = "core/object_form.html"
    form_class = None
    service = staticmethod(services.model_save)

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        creating = "pk" not in kwargs
        allowed = scope.can_create if creating else scope.can_change
        if not allowed(request.user, self.model):
            # The object's existence is checked first so another town's row still answers 404.
            if not creating:
                self.scoped_queryset().filter(pk=kwargs["pk"]).exists() or _raise_404()
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_service_kwargs(self, form):
        """Extra keyword arguments for the service beyond the instance (e.g. uploaded files)."""
        return {}

    def form_valid(self, form):
        from django.core.exceptions import ValidationError

        instance = form.save(commit=False)
        try:
            self.object = self.service(instance=instance, user=self.request.user, **self.get_service_kwargs(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if hasattr(form, "save_m2m"):
            form.save_m2m()
        return self.saved(form)

    def saved(self, form):
        """The answer to a successful save: a message and a redirect (an htmx view may render a fragment)."""
        messages.success(self.request, _("已保存：%(obj)s") % {"obj": self.object})
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.object.get_absolute_url() if self.object else self.url_for("list")
        return context


class ObjectDeleteView(ScopedObjectMixin, DeleteView):
    template_name = "core/object_confirm_delete.html"
    service = staticmethod(services.model_delete)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)  # 404 outside the scope, before any permission answer
        if not scope.can_delete(self.request.user, self.model):
            raise PermissionDenied
        return obj

    def form_valid(self, form):
        label = str(self.object)
        self.service(instance=self.object, user=self.request.user)
        messages.success(self.request, _("已删除：%(obj)s") % {"obj": label})
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.url_for("list") or "/"


def _raise_404():
    raise Http404


def add_service_errors(form, exc):
    """Show a service's ValidationError on the form: on the field when the form has it, else on top.

    A service validates the whole record, so it may name a field this form does not show.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        else:
            label = _field_label(form, field)
            form.add_error(None, [f"{label}：{message}" if label else message for e in errors for message in e])


def _field_label(form, name):
    model = getattr(getattr(form, "_meta", None), "model", None)
    if name == "__all__" or model is None:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
