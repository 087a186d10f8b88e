"""科技金融 pages: the financing records (对接/授信/放款) and the banks with their 科技支行/事业部."""

from django.utils.translation import gettext_lazy as _

from core import exports
from core.views import ObjectDetailView, ObjectListView

from .. import selectors, services
from ..filters import BankFilterSet, FinancingFilterSet
from ..forms import BankForm, FinancingForm
from ..models import Bank, BankKind, BankStatus, Financing, FinancingKind, Product
from ..tables import BankTable, FinancingTable
from .common import FormattedFieldsMixin, PreselectMixin

__all__ = [
    "FinancingMixin",
    "FinancingListView",
    "FinancingDetailView",
    "BankMixin",
    "BankListView",
    "BankDetailView",
]


class FinancingMixin(PreselectMixin):
    """Edit, delete and history views are made from this (core.routing.object_urls)."""

    model = Financing
    selector = staticmethod(selectors.financing_list)
    form_class = FinancingForm
    service = staticmethod(services.financing_save)
    delete_service = staticmethod(services.financing_delete)
    preselect = ("bank",)


class FinancingListView(FinancingMixin, ObjectListView):
    template_name = "cooperation/financing_list.html"
    filterset_class = FinancingFilterSet
    table_class = FinancingTable
    list_title = _("科技金融")
    export_stem = "科技金融"
    export_columns = [
        exports.ExportColumn("企业名称", "enterprise__name", width=36),
        exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
        exports.ExportColumn("所属区镇", "enterprise__town__name"),
        exports.ExportColumn("银行", "bank__name", width=28),
        exports.ExportColumn("金融产品", "product", choices=Product.choices),
        exports.ExportColumn("其他产品名称", "product_name"),
        exports.ExportColumn("类型", "kind", choices=FinancingKind.choices, width=8),
        exports.ExportColumn("金额(万元)", "amount"),
        exports.ExportColumn("日期", "on", width=12),
        exports.ExportColumn("备注", "note", width=30),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The filtered rows' enterprises and amounts by kind, one aggregate (an enterprise once per kind).
        context["totals"] = selectors.financing_totals(self.filtered_queryset())
        return context


class FinancingDetailView(FormattedFieldsMixin, FinancingMixin, ObjectDetailView):
    template_name = "cooperation/financing_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.kind == FinancingKind.LOAN:
            context["credit_line"] = self.object.credit_line()
        return context


class BankMixin:
    model = Bank
    selector = staticmethod(selectors.bank_list)
    form_class = BankForm
    service = staticmethod(services.bank_save)
    delete_service = staticmethod(services.record_delete)


class BankListView(BankMixin, ObjectListView):
    template_name = "cooperation/finance_section_list.html"
    filterset_class = BankFilterSet
    table_class = BankTable
    list_title = _("银行与科技金融机构")
    export_stem = "银行与科技金融机构"
    export_columns = [
        exports.ExportColumn("名称", "name", width=30),
        exports.ExportColumn("简称", "short_name"),
        exports.ExportColumn("类型", "kind", choices=BankKind.choices),
        exports.ExportColumn("所属银行", "parent__name", width=28),
        exports.ExportColumn("状态", "status", choices=BankStatus.choices),
        exports.ExportColumn("开业/设立日期", "opened_on", width=12),
        exports.ExportColumn("科技金融记录", "record_count"),
        exports.ExportColumn("授信(万元)", "credit_total"),
        exports.ExportColumn("放款(万元)", "loan_total"),
    ]


class BankDetailView(FormattedFieldsMixin, BankMixin, ObjectDetailView):
    template_name = "cooperation/bank_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = selectors.financing_list(self.request.user).filter(bank=self.object)
        context["records"] = list(records.order_by("-on", "-id")[:20])
        context["units"] = list(self.object.units.all())
        return context
