"""/reports/: the builds (start, progress, download, retry) and the paragraphs staff write.

Who: bureau staff and admins start builds and write paragraphs; leaders read and download;
a town officer gets 404 on every route (the reports are district-wide).
"""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.forms import style_field
from core.queue import QueueUnavailable
from core.years import YEAR_MAX, YEAR_MIN

from ..models import ReportNote, ReportRun
from . import services

BUILD_CHOICES = [
    ("H1", gettext_lazy("上半年工作总结和下半年工作打算")),
    ("H2", gettext_lazy("下半年工作总结和明年工作打算")),
    ("Y", gettext_lazy("全年工作总结和明年工作打算")),
]


class BuildForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    period = forms.ChoiceField(label=gettext_lazy("报告"), choices=BUILD_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_field(field)

    def kind(self) -> str:
        return ReportRun.Kind.FULL_YEAR if self.cleaned_data["period"] == "Y" else ReportRun.Kind.HALF_YEAR


class NoteForm(forms.ModelForm):
    # The version the editor started from (core.services.edit_token): a stale save is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportNote
        fields = ["section", "order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            from core.services import edit_token

            self.initial["version"] = edit_token(self.instance, with_log=False)
        for field in self.fields.values():
            style_field(field)


class ReaderMixin:
    """Bureau roles and leaders; everyone else 404 (never confirm the page exists)."""

    def dispatch(self, request, *args, **kwargs):
        if not services.can_read(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def _writer(request):
    if not services.can_build(request.user):
        raise PermissionDenied


def _default_period(today=None):
    today = today or timezone.localdate()
    # Early in a half, the summary due is the one of the half just ended.
    if today.month <= 6:
        return (today.year - 1, "H2") if today.month <= 1 else (today.year, "H1")
    return today.year, "H1" if today.month <= 7 else "H2"


class ReportRunListView(ReaderMixin, TemplateView):
    template_name = "reports/report_list.html"

    def get_context_data(self, **kwargs):
        year, period = _default_period()
        runs = ReportRun.objects.select_related("created_by").order_by("-created_at", "-id")
        kind = self.request.GET.get("kind", "")
        if kind in ReportRun.Kind.values:
            runs = runs.filter(kind=kind)
        page = Paginator(runs, 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            form=kwargs.pop("form", None) or BuildForm(initial={"year": year, "period": period}),
            page=page,
            runs=page.object_list,
            kinds=ReportRun.Kind.choices,
            kind=kind,
            any_active=any(run.is_active for run in page.object_list),
            can_build=services.can_build(self.request.user),
            **kwargs,
        )

    def post(self, request):
        _writer(request)
        form = BuildForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            run, created = services.report_start(
                user=request.user, kind=form.kind(), year=form.cleaned_data["year"], period=form.cleaned_data["period"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except QueueUnavailable as exc:
            # The run is FAILED with this reason, which its page shows; without one, say it here.
            run = ReportRun.objects.filter(created_by=request.user).order_by("-pk").first()
            if run is None:
                messages.error(request, exc.message)
                return redirect("reports:reportrun_list")
            return redirect("reports:reportrun_detail", run.pk)
        if not created:
            messages.info(request, _("同一份报告正在生成，没有重复发起。"))
        return redirect("reports:reportrun_detail", run.pk)


class ReportRunDetailView(ReaderMixin, TemplateView):
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs):
        run = get_object_or_404(ReportRun.objects.select_related("created_by"), pk=self.kwargs["pk"])
        earlier = ReportRun.objects.filter(kind=run.kind, year=run.year, period=run.period).exclude(pk=run.pk)
        notes_url = None
        if run.period in ReportNote.Period.values:
            notes_url = f"{reverse('reports:reportnote_list')}?year={run.year}&period={run.period}"
        return super().get_context_data(
            run=run,
            versions=earlier.select_related("created_by").order_by("-version")[:20],
            can_build=services.can_build(self.request.user),
            notes_url=notes_url,
            **kwargs,
        )


class ReportRunStatusView(ReaderMixin, TemplateView):
    """The status card alone, polled by htmx while the run is queued or running."""

    template_name = "reports/report_status.html"

    def get_context_data(self, **kwargs):
        run = get_object_or_404(ReportRun.objects.select_related("created_by"), pk=self.kwargs["pk"])
        return super().get_context_data(run=run, can_build=services.can_build(self.request.user), **kwargs)


class ReportRunRetryView(ReaderMixin, View):
    def post(self, request, pk):
        _writer(request)
        get_object_or_404(ReportRun, pk=pk)
        try:
            run, created = services.report_retry(user=request.user, run_id=pk)
        except QueueUnavailable:
            # The new version is FAILED with the reason, which its page shows.
            run = ReportRun.objects.filter(created_by=request.user).order_by("-pk").first()
            return redirect("reports:reportrun_detail", run.pk if run else pk)
        if not created:
            messages.info(request, _("同一份报告正在生成，没有重复发起。"))
        return redirect("reports:reportrun_detail", run.pk)


class ReportRunDownloadView(ReaderMixin, View):
    def get(self, request, pk, what):
        run = get_object_or_404(ReportRun, pk=pk, status=ReportRun.Status.DONE)
        field = {"docx": run.docx, "xlsx": run.xlsx}.get(what)
        if not field:
            raise Http404
        try:
            handle = field.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        # The stored name went through the storage's filename cleaning; the download is named
        # after the report: 2023年上半年工作总结（第2版）（指标附表）.xlsx
        name = run.title + (f"（第{run.version}版）" if run.version > 1 else "")
        name += "（指标附表）.xlsx" if what == "xlsx" and run.kind != ReportRun.Kind.MONTHLY else f".{what}"
        return FileResponse(handle, as_attachment=True, filename=name)


class ReportNoteListView(ReaderMixin, TemplateView):
    """The paragraphs of one period, by section, with a form to add one."""

    template_name = "reports/report_notes.html"

    def period(self):
        year, period = _default_period()
        with contextlib.suppress(ValueError):
            year = int(self.request.GET.get("year") or year)
        if not YEAR_MIN <= year <= YEAR_MAX:
            year = timezone.localdate().year
        code = self.request.GET.get("period") or period
        if code not in ReportNote.Period.values:
            code = period
        return year, code

    def get_context_data(self, **kwargs):
        year, code = self.period()
        notes = ReportNote.objects.filter(year=year, period=code).select_related("author")
        sections = [
            {"value": value, "label": label, "notes": [n for n in notes if n.section == value]}
            for value, label in ReportNote.Section.choices
        ]
        return super().get_context_data(
            year=year,
            period=code,
            period_label=ReportNote.Period(code).label,
            periods=ReportNote.Period.choices,
            sections=sections,
            form=kwargs.pop("form", None) or NoteForm(),
            can_build=services.can_build(self.request.user),
            years=range(YEAR_MAX, YEAR_MIN - 1, -1),
            **kwargs,
        )

    def post(self, request):
        _writer(request)
        year, code = self.period()
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.note_save(form.save(commit=False), user=request.user, year=year, period=code)
        messages.success(request, _("段落已保存，下次生成报告时写入。"))
        return redirect(f"{reverse('reports:reportnote_list')}?year={year}&period={code}")


class ReportNoteEditView(ReaderMixin, TemplateView):
    template_name = "reports/report_note_form.html"

    def get_note(self):
        return get_object_or_404(ReportNote, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        note = self.get_note()
        return super().get_context_data(note=note, form=kwargs.pop("form", None) or NoteForm(instance=note), **kwargs)

    def get(self, request, *args, **kwargs):
        _writer(request)
        return super().get(request, *args, **kwargs)

    def post(self, request, pk):
        _writer(request)
        note = self.get_note()
        back = f"{reverse('reports:reportnote_list')}?year={note.year}&period={note.period}"
        if "delete" in request.POST:
            services.note_delete(note)
            messages.success(request, _("段落已删除。"))
            return redirect(back)
        form = NoteForm(request.POST, instance=note)
        if form.is_valid():
            try:
                services.note_save(
                    form.save(commit=False),
                    user=request.user,
                    year=note.year,
                    period=note.period,
                    version=form.cleaned_data["version"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("段落已保存，下次生成报告时写入。"))
        return redirect(back)
