"""技术合同 and the 需整改 follow-up (the seed's 整改 work with 南通科技大市场)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports, scope
from core.views import ObjectActionView, ObjectDetailView, ObjectListView

from .. import filters, forms, selectors, services, tables
from ..models import ContractKind, Direction, Registration, TechContract
from .common import FormattedFieldsMixin, SectionMixin, labels


class TechContractMixin:
    model = TechContract
    selector = staticmethod(selectors.contract_list)
    form_class = forms.TechContractForm
    service = staticmethod(services.contract_save)


CONTRACT_EXPORT_COLUMNS = [
    exports.ExportColumn("合同登记编号", "reg_number", width=22),
    exports.ExportColumn("合同名称", "title", width=36),
    exports.ExportColumn("企业名称", "enterprise__name", width=32),
    exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
    exports.ExportColumn("所属区镇", "enterprise__town__name"),
    exports.ExportColumn("对方单位", "counterpart", width=30),
    exports.ExportColumn("方向", "direction", choices=labels(Direction.choices), width=8),
    exports.ExportColumn("合同类别", "kind", choices=labels(ContractKind.choices)),
    exports.ExportColumn("合同成交额(万元)", "contract_amount"),
    exports.ExportColumn("技术交易额(万元)", "tech_amount"),
    exports.ExportColumn("签订日期", "signed_on"),
    exports.ExportColumn("登记日期", "registered_on"),
    exports.ExportColumn("登记状态", "status", choices=labels(Registration.choices)),
    exports.ExportColumn("整改原因", "rectify_reason", width=30),
    exports.ExportColumn("要求整改日期", "rectify_since"),
]


class TechContractListView(SectionMixin, TechContractMixin, ObjectListView):
    """The contracts, with the totals of exactly the filtered rows above the table."""

    template_name = "cooperation/contract_list.html"
    filterset_class = filters.TechContractFilterSet
    table_class = tables.TechContractTable
    export_stem = "技术合同"
    export_columns = CONTRACT_EXPORT_COLUMNS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.contract_totals(self.filtered_queryset())
        return context


class TechContractDetailView(FormattedFieldsMixin, TechContractMixin, ObjectDetailView):
    template_name = "cooperation/contract_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        may = scope.is_bureau(user)
        context["can_register"] = may and self.object.status != Registration.REGISTERED
        context["can_rectify"] = may and self.object.status != Registration.REGISTERED
        return context


class RectifyListView(SectionMixin, ObjectListView):
    """需整改: contracts sent back by the registry, oldest first, until they are registered."""

    model = TechContract
    selector = staticmethod(selectors.rectify_list)
    filterset_class = filters.RectifyFilterSet
    table_class = tables.RectifyTable
    list_title = gettext_lazy("需整改的技术合同")
    export_stem = "需整改技术合同"
    actions = ("list", "detail")
    export_columns = [
        c for c in CONTRACT_EXPORT_COLUMNS if c.path not in ("signed_on", "registered_on", "status", "direction")
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = False
        return context


class _BureauAction(TechContractMixin, ObjectActionView):
    def allowed(self, user):
        return scope.is_bureau(user)

    def get_initial(self):
        return {"registered_on": timezone.localdate(), "on": timezone.localdate()}


class ContractRegisterView(_BureauAction):
    """登记: a 待登记 or 需整改 contract registered on a date."""

    title = gettext_lazy("登记技术合同")
    submit_label = gettext_lazy("确认登记")
    form_class = forms.RegisterForm

    def perform(self, form):
        contract = services.contract_register(
            contract=self.object, on=form.cleaned_data["registered_on"], user=self.request.user
        )
        return _("%(c)s 已登记（%(d)s）。") % {"c": contract, "d": contract.registered_on}


class ContractRectifyView(_BureauAction):
    """退回整改: the registry's reason, so the contract waits in the 需整改 list."""

    title = gettext_lazy("退回整改")
    submit_label = gettext_lazy("确认")
    form_class = forms.RectifyForm

    def perform(self, form):
        data = form.cleaned_data
        contract = services.contract_require_rectification(
            contract=self.object, reason=data["reason"], on=data["on"], user=self.request.user
        )
        return _("%(c)s 需整改：%(r)s") % {"c": contract, "r": contract.rectify_reason}
