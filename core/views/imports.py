"""The import flow every importer shares: upload → run page (progress / preview / result) → confirm.

Configured per importer in its urls.py through core.routing.import_urls(spec=..., task=...);
also the template, the export in the template's layout, the error report, the history and the
change log of one import.
"""

import io
import tempfile
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin
from django_htmx.http import HttpResponseClientRefresh

from .. import changelog, exports, forms, importing, scope, selectors, services
from ..models import ImportRun
from ..spreadsheets import SpreadsheetError


class ImportViewMixin:
    """Who may import (docs/domain.md §1: bureau users and town officers, never leaders) and the URLs."""

    spec = None  # a core.importing.ImportSpec
    task = None  # an object with .delay(run_id) (large files); None = always in the request
    url_name = "import"  # the base of this importer's URL names (core.routing.import_urls)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope.can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def import_url(self, action="", *args):
        namespace = self.request.resolver_match.namespace
        return reverse(f"{namespace}:{self.url_name}{'_' + action if action else ''}", args=args)

    def sibling_imports(self):
        """The importers mounted in the same namespace, as tabs (an app may have several)."""
        from ..importing import importers
        from ..routing import MOUNTED_IMPORTS

        namespace, found = self.request.resolver_match.namespace, []
        registered = importers()
        for (app_label, name), kind in MOUNTED_IMPORTS.items():
            if app_label != namespace or kind not in registered:
                continue
            try:
                url = reverse(f"{namespace}:{name}")
            except NoReverseMatch:
                continue
            found.append({"title": registered[kind].title, "url": url, "active": name == self.url_name})
        return found if len(found) > 1 else []

    def runs(self):
        return selectors.import_runs_for(self.request.user, self.spec.kind)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            list_url = reverse(self.spec.model.url_name("list"))
        except NoReverseMatch:
            list_url = None
        context.update(
            spec=self.spec,
            list_url=list_url,
            verbose_name_plural=self.spec.model._meta.verbose_name_plural,
            upload_url=self.import_url(),
            template_url=self.import_url("template"),
            export_url=self.import_url("export"),
            history_url=self.import_url("history"),
            import_tabs=self.sibling_imports(),
        )
        return context

    def decorate(self, runs):
        for run in runs:
            run.url = self.import_url("run", run.pk)
        return runs


class ImportUploadView(ImportViewMixin, FormView):
    template_name = "core/import/upload.html"
    form_class = forms.ImportUploadForm

    def form_valid(self, form):
        run = services.import_run_start(
            spec=self.spec,
            user=self.request.user,
            upload=form.cleaned_data["file"],
            sheet=form.cleaned_data["sheet"],
            task=self.task,
        )
        if run.status == ImportRun.Status.FAILED:
            form.add_error("file", run.message)
            return self.form_invalid(form)
        return redirect(self.import_url("run", run.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_runs"] = self.decorate(list(self.runs().filter(user=self.request.user)[:5]))
        context["background_rows"] = importing.BACKGROUND_ROWS
        context["instructions"] = self.spec.instructions
        return context


class ImportRunView(ImportViewMixin, DetailView):
    """One import: a progress bar while it works, the preview to confirm, then the result."""

    template_name = "core/import/run.html"
    context_object_name = "run"

    def get_queryset(self):
        return self.runs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        shown = [c for c in self.spec.columns if any(c.key in row["cells"] for row in run.sample)]
        context.update(
            progress=selectors.import_run_progress(run),
            progress_url=self.import_url("progress", run.pk),
            confirm_url=self.import_url("confirm", run.pk),
            cancel_url=self.import_url("cancel", run.pk),
            errors_url=self.import_url("errors", run.pk),
            changes_url=self.import_url("changes", run.pk),
            is_owner=run.user_id == self.request.user.pk,
            sample_columns=shown,
            sample_rows=[{**row, "values": [row["cells"].get(c.key, "") for c in shown]} for row in run.sample],
            errors_hidden=max(0, run.error_count - len(run.errors)),
            counts=run.counts or {},
        )
        counts = run.counts or {}
        context["touched"] = counts.get("new", 0) + counts.get("updated", 0)
        if run.status == ImportRun.Status.DONE and context["list_url"] and self.spec.batch_filter:
            # 查看企业 opens this import's batch: the records it created or changed (unchanged
            # rows are not in it), filtered by the change log's batch id, in the user's scope.
            query = urlencode({self.spec.batch_filter: run.batch})
            context["batch_url"] = f"{context['list_url']}?{query}"
        return context


class ImportProgressView(ImportRunView):
    """The htmx partial polled by the run page; once the work is over the page reloads itself."""

    template_name = "core/import/_progress.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_active:
            return HttpResponseClientRefresh()
        if not request.htmx:
            return redirect(self.import_url("run", self.object.pk))
        return self.render_to_response(self.get_context_data(object=self.object))


class ImportConfirmView(ImportViewMixin, SingleObjectMixin, View):
    """POST only. A second click (or a second tab) finds the run already confirmed: nothing twice."""

    http_method_names = ["post"]

    def get_queryset(self):
        return self.runs()

    def post(self, request, *args, **kwargs):
        run = self.get_object()
        try:
            run, started = services.import_run_confirm(
                run_id=run.pk,
                user=request.user,
                skip_errors=request.POST.get("skip_errors") == "1",
                spec=self.spec,
                task=self.task,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if not started:
                messages.info(
                    request, _("这个文件已经确认过（%(s)s），不会重复导入。") % {"s": run.get_status_display()}
                )
        return redirect(self.import_url("run", run.pk))


class ImportCancelView(ImportConfirmView):
    def post(self, request, *args, **kwargs):
        run = self.get_object()
        services.import_run_cancel(run_id=run.pk, user=request.user)
        messages.info(request, _("已放弃导入“%(name)s”，没有写入任何数据。") % {"name": run.original_name})
        return redirect(self.import_url())


class ImportTemplateView(ImportViewMixin, View):
    """The template: headers, dropdowns (a town officer's list holds only their town), 填写说明."""

    def get(self, request, *args, **kwargs):
        choices = self.spec.choices(importing.make_context(self.spec, request.user))
        buffer = io.BytesIO()
        importing.write_workbook(buffer, self.spec, choices=choices)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename=f"{self.spec.title}导入模板.xlsx")


class ImportExportView(ImportViewMixin, View):
    """Every record the user may see, in the template's layout: edit in Excel and import back."""

    def get(self, request, *args, **kwargs):
        choices = self.spec.choices(importing.make_context(self.spec, request.user))
        rows = self.spec.export_rows(self.spec.model.objects.for_user(request.user))
        buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
        importing.write_workbook(buffer, self.spec, rows=rows, choices=choices)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename=f"{exports.export_filename(self.spec.title)}.xlsx")


class ImportErrorReportView(ImportViewMixin, SingleObjectMixin, View):
    """Every row as uploaded, the failing cells shaded, with 错误说明: fix it in Excel and
    upload it again in place of the first file (core.importing.write_error_report)."""

    def get_queryset(self):
        return self.runs().filter(error_count__gt=0).exclude(file="")

    def get(self, request, *args, **kwargs):
        run = self.get_object()
        try:
            table = services.import_run_table(run, self.spec)
        except SpreadsheetError as exc:
            messages.error(request, exc.message)
            return redirect(self.import_url("run", run.pk))
        if run.error_count <= len(run.errors):
            errors = [importing.RowError.from_dict(e) for e in run.errors]
        else:  # more errors than are kept on the run: check the file again
            errors = importing.plan_import(table, self.spec, run.user).errors
        buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
        importing.write_error_report(buffer, table, errors)
        buffer.seek(0)
        stem = run.original_name.rsplit(".", 1)[0]
        return FileResponse(buffer, as_attachment=True, filename=f"{stem}-错误报告.xlsx")


class ImportHistoryView(ImportViewMixin, ListView):
    """导入记录: who imported which file when, and what came of it (officers: their own)."""

    template_name = "core/import/history.html"
    paginate_by = 50
    context_object_name = "runs"

    def get_queryset(self):
        return self.runs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.decorate(context["runs"])
        return context


class ImportChangesView(ImportViewMixin, ListView):
    """The change log of one import: every record it created or changed, as one batch."""

    template_name = "core/import/changes.html"
    paginate_by = 100
    context_object_name = "entries"

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.runs(), pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return changelog.batch_entries(self.object.batch)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = self.object
        context["run_url"] = self.import_url("run", self.object.pk)
        # Values as people read them (是/否, names), as on every 变更记录 tab (core.changelog._readable).
        context["entries"] = changelog.readable_history(context["entries"])
        for entry in context["entries"]:
            model = entry.content_type.model_class()
            entry.kind_label = model._meta.verbose_name if model else entry.content_type.model
            entry.object_url = _object_url(model, entry.object_id)
        return context


def _object_url(model, pk):
    """The record's page, without fetching it (None when the model has no page)."""
    if model is None or pk is None or not hasattr(model, "url_name"):
        return None
    try:
        return reverse(model.url_name("detail"), args=[pk])
    except NoReverseMatch:
        return None
