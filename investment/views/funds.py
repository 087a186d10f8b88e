"""科创基金 pages: the list, a fund's page with its stage history, 推进阶段, and the totals against the
"三个一百" goal (新增各类科创基金100亿元, read from the year's Target, never written here)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core import exports
from core.views import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectListView

from .. import filters, forms, selectors, services, tables
from ..models import Fund, FundKind, FundStage


class FundMixin:
    model = Fund
    selector = staticmethod(selectors.fund_detail)
    form_class = forms.FundForm
    delete_service = staticmethod(services.activity_delete)

    @staticmethod
    def service(*, instance, user, stage=None, on=None):
        return services.fund_save(instance=instance, user=user, stage=stage, on=on)


class FundListView(FundMixin, ObjectListView):
    template_name = "investment/fund_list.html"
    selector = staticmethod(selectors.fund_list)
    filterset_class = filters.FundFilterSet
    table_class = tables.FundTable
    list_title = gettext_lazy("科创基金")
    export_stem = "科创基金"
    export_columns = [
        exports.ExportColumn("基金名称", "name", width=36),
        exports.ExportColumn("基金类型", "kind", choices=FundKind.choices),
        exports.ExportColumn("基金管理人", "manager", width=30),
        exports.ExportColumn("所在区镇", "town__name"),
        exports.ExportColumn("目标规模(万元)", "target_size"),
        exports.ExportColumn("已募集规模(万元)", "raised_size"),
        exports.ExportColumn("超募说明", "over_target_reason", width=24),
        exports.ExportColumn("阶段", "stage", choices=FundStage.choices),
        exports.ExportColumn("进入本阶段日期", "stage_on", width=12),
    ]


class FundDetailView(FundMixin, ObjectDetailView):
    template_name = "investment/fund_detail.html"
    detail_fields = [
        "kind", "manager", "town", "target_size", "raised_size", "over_target_reason",
        "counts_as_new", "stage", "stage_on", "note",
    ]  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_keep"] = services.may_keep_funds(self.request.user)
        context["next_stages"] = self.object.workflow.next_stages(self.object.stage)
        return context


class FundEditView(FundMixin, ObjectEditView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_keep_funds(request.user):
            if "pk" in kwargs and not self.scoped_queryset().filter(pk=kwargs["pk"]).exists():
                raise Http404
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_service_kwargs(self, form):
        return {"stage": form.cleaned_data.get("stage") or None, "on": form.cleaned_data.get("stage_on")}


class FundMoveView(FundMixin, ObjectActionView):
    """推进阶段: one move the fund workflow allows (筹备 → 设立 → 运作), dated."""

    title = gettext_lazy("推进基金阶段")
    submit_label = gettext_lazy("确认")
    form_class = forms.FundMoveForm

    def allowed(self, user):
        return services.may_keep_funds(user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stages": self.object.workflow.next_stages(self.object.stage)}

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        fund = services.fund_advance(
            fund=self.object, to_stage=data["to_stage"], user=self.request.user, on=data["on"], note=data["note"]
        )
        return _("%(f)s 已进入“%(s)s”（%(on)s）。") % {"f": fund, "s": fund.get_stage_display(), "on": fund.stage_on}

    def get_success_url(self):
        return self.next_url() or self.object.get_absolute_url()


class FundTotalsView(TemplateView):
    """基金汇总: target and raised by kind and stage; the new funds against the 三个一百 goal."""

    template_name = "investment/fund_totals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.fund_totals(self.request.user)
        return context
