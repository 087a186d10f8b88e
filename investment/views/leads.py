"""招引目标数据库: prospective companies, institutions and teams, by chain and direction, each with
its owner; 转为项目 makes a lead a project in one step."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports, scope
from core.views import ObjectActionView, ObjectDetailView, ObjectListView

from .. import filters, forms, selectors, services, tables
from ..models import InvestmentLead, InvestmentProject, LeadKind, LeadStatus


class LeadMixin:
    """Edit, delete and history views are made from this (core.routing.object_urls)."""

    model = InvestmentLead
    selector = staticmethod(selectors.lead_list)
    form_class = forms.LeadForm
    service = staticmethod(services.lead_save)
    delete_service = staticmethod(services.lead_delete)


class LeadListView(LeadMixin, ObjectListView):
    template_name = "investment/lead_list.html"
    filterset_class = filters.LeadFilterSet
    table_class = tables.LeadTable
    list_title = gettext_lazy("招引目标数据库")
    export_stem = "招引目标数据库"
    export_columns = [
        exports.ExportColumn("目标名称", "name", width=36),
        exports.ExportColumn("目标类型", "kind", choices=LeadKind.choices),
        exports.ExportColumn("产业链", "chain__name", width=16),
        exports.ExportColumn("招商方向", "direction__name", width=20),
        exports.ExportColumn("跟进区镇", "town__name"),
        exports.ExportColumn("所在地", "city"),
        exports.ExportColumn("联系人及方式", "contact", width=24),
        exports.ExportColumn("负责人", "owner__username"),
        exports.ExportColumn("状态", "status", choices=LeadStatus.choices),
        exports.ExportColumn("转成的项目", "project__name", width=30),
    ]


class LeadDetailView(LeadMixin, ObjectDetailView):
    template_name = "investment/lead_detail.html"
    detail_fields = ["kind", "chain", "direction", "town", "city", "contact", "owner", "status", "project", "note"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_convert"] = not self.object.project_id and scope.can_create(self.request.user, InvestmentProject)
        return context


class LeadConvertView(LeadMixin, ObjectActionView):
    """转为项目: one step, the new project enters the pipeline at 线索 (or 在谈)."""

    title = gettext_lazy("转为项目")
    submit_label = gettext_lazy("转为项目")
    form_class = forms.ConvertForm

    def allowed(self, user):
        return scope.can_create(user, InvestmentProject)

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        self.project = services.lead_convert(
            lead=self.object,
            user=self.request.user,
            stage=data["stage"],
            on=data["on"],
            source_kind=data["source_kind"],
            source_unit=data["source_unit"],
        )
        return _("已将招引目标“%(l)s”转为项目，进入“%(s)s”。") % {
            "l": self.object,
            "s": self.project.get_stage_display(),
        }

    def get_success_url(self):
        project = getattr(self, "project", None)
        return project.get_absolute_url() if project is not None else super().get_success_url()
