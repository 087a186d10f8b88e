"""Generic views configured per model by class attributes (NetBox's ObjectListView & co.).

A model's list page is `class EnterpriseListView(ObjectListView): model = Enterprise;
filterset_class = ...; table_class = ...; export_columns = [...]`. The data scope is applied
here, once, through `scoped_queryset()`; no subclass repeats it.
"""

import logging

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView, DetailView, FormView, UpdateView
from django_filters.views import FilterView
from django_tables2 import CheckBoxColumn, SingleTableMixin

from .. import changelog, exports, scope, services
from ..forms import BulkActionForm, add_service_errors
from ..perf.cards import card_layout
from ..perf.pagination import EstimatedCountPaginator

logger = logging.getLogger(__name__)


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

    # The routes of this model the generic pages link to, `<app>:<model>_<action>` (core.routing).
    # A view whose model lacks one says so here: a child record reached from its parent's page
    # has no list, and its add route takes the parent's pk, so it leaves out "list" and "add".
    actions = ("list", "add", "detail", "edit", "delete", "history")

    def url_for(self, action, *args):
        """The URL of one of `actions`, None for an action the view does not list.

        A listed action that does not resolve is a bug (a route not mounted, a wrong name): it
        raises in DEBUG and in tests (settings.STRICT_URLS), and in production the button is
        left out and the miss logged, rather than the page failing.
        """
        if action not in self.actions:
            return None
        try:
            return reverse(self.model.url_name(action), args=args)
        except NoReverseMatch:
            if settings.DEBUG or getattr(settings, "STRICT_URLS", False):
                raise
            logger.error(
                "%s lists %r in actions but %s does not resolve",
                type(self).__name__,
                action,
                self.model.url_name(action),
            )
            return None

    # The record this one belongs to (an enterprise's yearly figures belong to the enterprise):
    # shown in the breadcrumbs and used as "back". None = a record of its own.
    parent_attr: str | None = None

    def get_parent_object(self):
        obj = getattr(self, "object", None)
        return getattr(obj, self.parent_attr, None) if obj is not None and self.parent_attr else None

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
            parent_object=self.get_parent_object(),
        )
        return context


class BulkAction:
    """One action on the rows a user ticked on a list page: a small form and one service call.

    Subclass with `name` (also the form prefix), `label`, `form_class` (a core.forms.BulkActionForm)
    and `run()`, which calls a service and returns the success message; a service's
    ValidationError is shown on the form and nothing is saved. List it in a list view's
    `bulk_actions`; the list then gets a checkbox column and the action panel.
    """

    name = ""
    label = ""
    submit_label = gettext_lazy("执行")
    icon = "check2-square"
    form_class = BulkActionForm

    def __init__(self, view):
        self.view = view

    def allowed(self, user) -> bool:
        """Who sees and may run the action; by default whoever may change the list's records."""
        return scope.can_change(user, self.view.model)

    def get_initial(self) -> dict:
        """The form's starting values; an action may take them from the list's filter."""
        return {}

    def get_form(self, data=None, objects=None):
        return self.form_class(
            data, prefix=self.name, user=self.view.request.user, objects=objects, initial=self.get_initial()
        )

    def run(self, *, objects, form, user) -> str:
        raise NotImplementedError


class SelectColumn(CheckBoxColumn):
    """The tick box of each row for bulk actions, labelled with the row for screen readers.

    Renders its <input> directly: 50 rows of computed attributes cost more than the table.
    """

    def __init__(self, selected=(), **kwargs):
        self.selected = selected
        attrs = {"th__input": {"class": "form-check-input", "data-bulk-all": "", "aria-label": _("全选本页")}}
        super().__init__(accessor="pk", verbose_name="", attrs=attrs, **kwargs)

    def render(self, value, record):
        html = '<input type="checkbox" class="form-check-input" name="pk" value="{}" data-bulk-row aria-label="{}"{}>'
        checked = mark_safe(" checked") if value in self.selected else ""
        return format_html(html, value, _("选择 %(obj)s") % {"obj": record}, checked)


class ObjectListView(ScopedObjectMixin, SingleTableMixin, FilterView):
    """Filter form + sortable table + pagination + xlsx/csv export of exactly the filtered rows."""

    template_name = "core/object_list.html"
    paginate_by = 50
    paginator_class = EstimatedCountPaginator
    export_columns: list[exports.ExportColumn] = []
    export_stem = None
    strict = True  # an invalid filter shows the form errors and no rows (as the export does), never a 500
    list_title = None  # heading, page title and breadcrumb; default: the model's verbose_name_plural
    bulk_actions: list[type[BulkAction]] = []
    cards = True  # on a phone the rows are cards (core/perf/cards.py; the table says which columns)

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format in {"xlsx", "csv"} and self.export_columns:
            if not self.filter_is_valid():
                return self.empty_export(export_format)
            return self.export(export_format)
        return super().get(request, *args, **kwargs)

    def filter_is_valid(self) -> bool:
        filterset_class = self.get_filterset_class()
        return filterset_class is None or self.get_filterset(filterset_class).is_valid()

    def export_title(self) -> str:
        return str(self.export_stem or self.list_title or self.model._meta.verbose_name_plural)

    def export_filter(self):
        """The list's filter as exports.describe_filter gives it (empty when invalid)."""
        if not hasattr(self, "_export_filter"):
            filterset_class = self.get_filterset_class()
            filterset = self.get_filterset(filterset_class) if filterset_class else None
            self._export_filter = exports.describe_filter(filterset)
        return self._export_filter

    def export_filename(self):
        """企业名单-三星镇-强基计划-拟申报-2023-20261130: the list, its filter, the day."""
        return exports.export_filename(self.export_title(), [short for _label, _shown, short in self.export_filter()])

    def export_heading(self) -> exports.Heading:
        """The title row of the xlsx export: the list and its filter, who exported it and when."""
        user = self.request.user
        return exports.Heading(
            title=self.export_title(),
            filters=[(label, shown) for label, shown, _short in self.export_filter()],
            who=(user.get_full_name() or user.get_username()) if user.is_authenticated else "",
            when=timezone.now(),
        )

    def get_export_columns(self) -> list[exports.ExportColumn]:
        """The exported columns; a list may word a heading by its filter (the year of a pool column)."""
        return self.export_columns

    def empty_export(self, export_format):
        """An invalid filter exports no rows, as the page shows none (with the form's errors).

        Decided here, before any subclass's export(), and without a query: a subclass may
        annotate by a filter's value (the year of the pool columns), and an invalid value
        must neither reach the database nor widen the export to every row.
        """
        return exports.rows_response(
            self.get_export_columns(), [], self.export_filename(), export_format, heading=self.export_heading()
        )

    def get_filterset(self, filterset_class):
        # One FilterSet per request: the export asks for it three times (validity, the title
        # row's filter, the rows), and a selector may read settings when it builds its queryset.
        cached = getattr(self, "_filterset_cache", None)
        if cached is None or cached[0] is not filterset_class:
            self._filterset_cache = cached = (filterset_class, super().get_filterset(filterset_class))
        return cached[1]

    def get_filterset_kwargs(self, filterset_class):
        # Bound even without a query string, so a FilterSet's filter_queryset (defaults such
        # as "this year", annotations) applies to the bare list URL too.
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def paginate_queryset(self, queryset, page_size):
        # The table pages the rows (and counts them once); ListView paging them again would
        # cost a second COUNT(*) per page view.
        return None, None, queryset, False

    def filtered_queryset(self):
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_valid():
            return self.scoped_queryset().none()
        return filterset.qs

    def export(self, export_format):
        queryset = self.filtered_queryset()
        filename = self.export_filename()
        columns = self.get_export_columns()
        if export_format == "csv":
            return exports.csv_response(queryset, columns, filename)
        return exports.xlsx_response(queryset, columns, filename, heading=self.export_heading())

    # ---- bulk actions -----------------------------------------------------------------

    def get_bulk_actions(self) -> list[BulkAction]:
        if not hasattr(self, "_bulk_actions"):
            user = self.request.user
            self._bulk_actions = [action for action in (cls(self) for cls in self.bulk_actions) if action.allowed(user)]
        return self._bulk_actions

    def selected_objects(self, ids):
        """The ticked rows in the order they were listed; 404 if any is outside the user's scope."""
        found = self.scoped_queryset().in_bulk(ids)
        if len(found) != len(set(ids)):
            raise Http404
        return [found[pk] for pk in dict.fromkeys(ids)]

    def post(self, request, *args, **kwargs):
        actions = {action.name: action for action in self.get_bulk_actions()}
        action = actions.get(request.POST.get("_action", ""))
        if action is None:
            raise PermissionDenied
        ids = [int(value) for value in request.POST.getlist("pk") if value.isdigit()]
        objects = self.selected_objects(ids)
        form = action.get_form(request.POST, objects=objects)
        if form.is_valid():
            if not objects:
                form.add_error(None, _("请先在列表中勾选要操作的记录。"))
            else:
                try:
                    message = action.run(objects=objects, form=form, user=request.user)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, message)
                    return redirect(request.get_full_path())
        # Show the list again with the panel open, its errors, and the same rows ticked.
        self.bound_bulk_form = (action.name, form)
        self.bulk_selected = set(ids)
        return self.get(request, *args, **kwargs)

    def bulk_forms(self):
        bound_name, bound_form = getattr(self, "bound_bulk_form", (None, None))
        return [
            (action, bound_form if action.name == bound_name else action.get_form())
            for action in self.get_bulk_actions()
        ]

    def get_table_kwargs(self):
        # No `request` here: a Table given one pages itself with Django's Paginator (one more
        # COUNT(*)); the view's own RequestConfig sets the request and pages it once.
        kwargs = {}
        if self.get_bulk_actions():
            column = SelectColumn(selected=getattr(self, "bulk_selected", set()))
            kwargs.update(extra_columns=[("pk", column)], sequence=("pk", "..."))
        return kwargs

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        # A filter may word the empty state itself (e.g. which year it searched, and one that has rows).
        filterset = getattr(self, "filterset", None)
        custom = filterset.empty_text() if hasattr(filterset, "empty_text") and filterset.is_valid() else None
        # (`custom` is lazy: computed only if the table turns out empty, so never tested for truth here.)
        table.empty_text = custom if custom is not None else (table.empty_text or _("没有符合条件的记录"))
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
            # q (the search box) is always in view; the others unfold on a phone when one is in use.
            filterset is not None and any(self.request.GET.get(name) for name in filterset.form.fields if name != "q")
        )
        context["filters_beyond_search"] = filterset is not None and any(
            field.name != "q" for field in filterset.form.visible_fields()
        )
        context["bulk_forms"] = self.bulk_forms()
        table = context.get("table")
        context["card_layout"] = card_layout(type(table), self.request.user) if self.cards and table else None
        context["bulk_open"] = self.request.GET.get("bulk", "")  # a link may open one action's panel
        return context


class ObjectDetailView(ScopedObjectMixin, DetailView):
    template_name = "core/object_detail.html"
    # Field names shown in the 概况 tab; None = the model's edit_fields, else every editable field.
    detail_fields: list[str] | None = None
    tab = "overview"

    def field_rows(self):
        obj = self.object
        names = (
            self.detail_fields
            or list(getattr(obj, "edit_fields", ()))
            or [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key and f.name != "password"]
        )
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
        context["entries"] = changelog.readable_history(changelog.history_for(self.object)[:200])
        return context


class ObjectEditView(ScopedObjectMixin, UpdateView):
    """Create (no pk in the URL) or update a record; the write goes through a service."""

    template_name = "core/object_form.html"
    form_class = None
    service = staticmethod(services.model_save)
    # A record created from its parent's page (`<int:parent_pk>/…/new/`): the parent is looked
    # up in the user's scope (404 outside it) and set on the new record as `parent_attr`.
    parent_model = None

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    def get_parent_object(self):
        if self.parent_model is None or "parent_pk" not in self.kwargs:
            return super().get_parent_object()
        if not hasattr(self, "_parent"):
            parents = self.parent_model.objects.for_user(self.request.user)
            self._parent = get_object_or_404(parents, pk=self.kwargs["parent_pk"])
        return self._parent

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        creating = "pk" not in kwargs
        if creating and "parent_pk" in kwargs:
            self.get_parent_object()  # another town's parent answers 404 before any permission answer
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
        if kwargs.get("instance") is None and self.parent_model is not None and "parent_pk" in self.kwargs:
            kwargs["instance"] = self.model(**{self.parent_attr: self.get_parent_object()})
        return kwargs

    def get_service_kwargs(self, form):
        """Extra keyword arguments for the service beyond the instance (e.g. uploaded files)."""
        return {}

    def form_valid(self, form):
        instance = form.save(commit=False)
        try:
            self.object = self.service(instance=instance, user=self.request.user, **self.get_service_kwargs(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            # Someone saved the record since this form was opened: offer the fresh form.
            self.reload_url = self.request.get_full_path() if isinstance(exc, services.StaleEdit) else None
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
        parent = self.get_parent_object()
        context["reload_url"] = getattr(self, "reload_url", None)
        if self.object:
            context["cancel_url"] = self.object.get_absolute_url()
        else:
            context["cancel_url"] = parent.get_absolute_url() if parent is not None else self.url_for("list")
        return context


class ObjectActionView(ScopedObjectMixin, FormView):
    """A small form that acts on one record through a service: move a stage, resolve a follow-up.

    The record is looked up in the user's scope first (404 outside it), then `allowed(user)`
    decides (403). `perform(form)` calls the service and returns the success message; a
    ValidationError it raises is shown on the form and nothing is saved. Called by htmx (from a
    button on the record's page) it answers with the bare form, and on success redirects the
    whole page so everything on it shows the new state.
    """

    template_name = "core/object_action.html"
    partial_template_name = "core/includes/action_form.html"
    title = ""
    submit_label = gettext_lazy("确定")

    def allowed(self, user) -> bool:
        return scope.can_change(user, self.model)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(self.scoped_queryset(), pk=kwargs["pk"])
            if not self.allowed(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        return [self.partial_template_name] if getattr(self.request, "htmx", False) else [self.template_name]

    def perform(self, form) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, message)
        url = self.get_success_url()
        if getattr(self.request, "htmx", False):
            return HttpResponse(headers={"HX-Redirect": url})
        return redirect(url)

    def next_url(self):
        """Where the user came from (`next`, this site only), e.g. the enterprise page."""
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if target and safe else None

    def get_success_url(self):
        return self.next_url() or self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            title=self.title,
            submit_label=self.submit_label,
            next_url=self.next_url(),
            cancel_url=self.next_url() or self.object.get_absolute_url(),
            action_url=self.request.path,
            parent_object=self.get_parent_object(),
            verbose_name_plural=self.model._meta.verbose_name_plural,
            list_url=self.url_for("list"),
        )
        return context


class ObjectDeleteView(ScopedObjectMixin, DeleteView):
    template_name = "core/object_confirm_delete.html"
    # `delete_service`, not `service`: one mixin configures a model's edit and delete views
    # together (views_for), and the two writes differ — as on the API's viewset.
    delete_service = staticmethod(services.model_delete)

    def get_form_class(self):
        # The confirmation is an empty form. A views_for mixin's `form_class` is the record's edit
        # form: bound to the confirm POST it would be invalid, and the page would only show again.
        return django_forms.Form

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)  # 404 outside the scope, before any permission answer
        if not scope.can_delete(self.request.user, self.model):
            raise PermissionDenied
        return obj

    def form_valid(self, form):
        label = str(self.object)
        success_url = self.get_success_url()  # before the delete: it may name the parent
        try:
            self.delete_service(instance=self.object, user=self.request.user)
        except ValidationError as exc:  # still referenced, or a rule of the app's delete service
            return self.render_to_response(self.get_context_data(form=form, refusal=" ".join(exc.messages)))
        messages.success(self.request, _("已删除：%(obj)s") % {"obj": label})
        return redirect(success_url)

    def get_success_url(self):
        parent = self.get_parent_object()
        return self.url_for("list") or (parent.get_absolute_url() if parent is not None else "/")


def _raise_404():
    raise Http404


# The generic view of each action, for views_for().
GENERIC_VIEWS = {
    "list": ObjectListView,
    "detail": ObjectDetailView,
    "edit": ObjectEditView,
    "delete": ObjectDeleteView,
    "history": ObjectHistoryView,
}


def views_for(mixin) -> dict:
    """{action: view class} for the actions `mixin` lists, each the mixin over its generic view.

    A model whose pages need nothing beyond configuration (model, selector, form_class, service,
    filterset_class, table_class) writes one mixin instead of five empty subclasses; the add
    route comes with "edit" (ObjectEditView serves both).
    """
    stem = mixin.__name__.removesuffix("Mixin")
    actions = [a for a in getattr(mixin, "actions", GENERIC_VIEWS) if a in GENERIC_VIEWS]
    return {
        action: type(
            f"{stem}{GENERIC_VIEWS[action].__name__.removeprefix('Object')}", (mixin, GENERIC_VIEWS[action]), {}
        )
        for action in actions
    }
