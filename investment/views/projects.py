"""科创项目 pages: configuration of core's generic views, plus the 推进阶段 / 重点 / 南通市认定 actions."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from core.views import ObjectActionView, ObjectDetailView, ObjectListView

from .. import filters, forms, selectors, services, tables
from ..models import InvestmentProject, SourceKind
from ..models import ProjectStage as Stage

YES_NO = [(True, "是"), (False, "否")]

PROJECT_EXPORT = [
    exports.ExportColumn("项目名称", "name", width=36),
    exports.ExportColumn("产业链", "chain__name", width=16),
    exports.ExportColumn("招商方向", "direction__name", width=20),
    exports.ExportColumn("所属区镇", "town__name"),
    exports.ExportColumn("项目来源", "source_kind", choices=SourceKind.choices),
    exports.ExportColumn("来源单位", "source_unit", width=24),
    exports.ExportColumn("负责人", "owner__username"),
    exports.ExportColumn("客商", "counterpart", width=24),
    exports.ExportColumn("阶段", "stage", choices=Stage.choices),
    exports.ExportColumn("进入本阶段日期", "stage_on"),
    exports.ExportColumn("重点科创项目", "is_key", choices=YES_NO),
    exports.ExportColumn("计划投资(万元)", "planned_investment"),
    exports.ExportColumn("南通市科创项目认定日期", "nt_recognized_on"),
    exports.ExportColumn("备注", "note", width=30),
]


class ProjectMixin:
    """Edit, delete and history views are made from this (core.routing.object_urls)."""

    model = InvestmentProject
    selector = staticmethod(selectors.project_list)
    form_class = forms.ProjectForm
    service = staticmethod(services.project_save)
    delete_service = staticmethod(services.project_delete)


class ProjectListView(ProjectMixin, ObjectListView):
    template_name = "investment/project_list.html"
    filterset_class = filters.ProjectFilterSet
    table_class = tables.ProjectTable
    export_stem = "科创项目"
    export_columns = PROJECT_EXPORT


class ProjectDetailView(ProjectMixin, ObjectDetailView):
    template_name = "investment/project_detail.html"
    selector = staticmethod(selectors.project_detail)
    detail_fields = [
        "chain", "direction", "town", "source_kind", "source_unit", "owner", "counterpart",
        "stage", "stage_on", "is_key", "planned_investment", "nt_recognized_on", "note",
    ]  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_move = services.may_move(self.request.user)
        context["may_move"] = may_move
        context["next_stages"] = self.object.workflow.next_stages(self.object.stage) if may_move else []
        context["exits"] = list(self.object.workflow.exits)
        return context


class ProjectActionMixin(ProjectMixin):
    def allowed(self, user):
        return services.may_move(user)


class ProjectMoveView(ProjectActionMixin, ObjectActionView):
    """推进阶段: one move the workflow allows, dated; the stage the user saw travels with it."""

    title = gettext_lazy("推进项目阶段")
    submit_label = gettext_lazy("确认")
    form_class = forms.MoveForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stages": self.object.workflow.next_stages(self.object.stage)}

    def get_initial(self):
        initial = {"on": timezone.localdate(), "seen_stage": self.object.stage}
        if self.request.GET.get("stage") in self.object.workflow.next_stages(self.object.stage):
            initial["to_stage"] = self.request.GET["stage"]
        return initial

    def perform(self, form):
        data = form.cleaned_data
        project = services.project_move(
            project=self.object,
            to_stage=data["to_stage"],
            user=self.request.user,
            on=data["on"],
            note=data["note"],
            seen_stage=data.get("seen_stage") or None,
        )
        return _("“%(p)s”已进入“%(s)s”（%(on)s）。") % {
            "p": project,
            "s": project.get_stage_display(),
            "on": project.stage_on,
        }


class ProjectKeyView(ProjectActionMixin, ObjectActionView):
    """标为重点 / 取消重点: one button, the change log says who."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.shortcuts import redirect

        project = services.project_mark_key(
            project=self.object, user=request.user, is_key=request.POST.get("is_key") == "1"
        )
        if project.is_key:
            messages.success(request, _("已将“%(p)s”标为重点科创项目。") % {"p": project})
        else:
            messages.success(request, _("已取消“%(p)s”的重点科创项目标记。") % {"p": project})
        return redirect(self.next_url() or project.get_absolute_url())


class ProjectRecognizeView(ProjectActionMixin, ObjectActionView):
    title = gettext_lazy("南通市科创项目认定")
    submit_label = gettext_lazy("保存")
    form_class = forms.RecognizeForm

    def get_initial(self):
        return {"nt_recognized_on": self.object.nt_recognized_on or timezone.localdate()}

    def perform(self, form):
        on = form.cleaned_data["nt_recognized_on"]
        project = services.project_recognize(project=self.object, user=self.request.user, on=on)
        if on is None:
            return _("已撤销“%(p)s”的南通市科创项目认定。") % {"p": project}
        return _("已登记“%(p)s”于%(on)s认定为南通市科创项目。") % {"p": project, "on": on}
