import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money

from .models import Bank, Financing, Intermediary, IntermediaryReview, IntermediaryService

RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
# ============================================================================================


class FinancingTable(tables.Table):
    on = tables.Column(verbose_name=_("日期"), linkify=lambda record: record.get_absolute_url())
    enterprise = tables.Column(verbose_name=_("企业"), order_by=("enterprise__name",))
    town = tables.Column(verbose_name=_("区镇"), accessor="enterprise__town", default="—", orderable=False)
    bank = tables.Column(verbose_name=_("银行"), order_by=("bank__order", "bank__name"))
    product = tables.Column(verbose_name=_("金融产品"), empty_values=())
    kind = tables.Column(verbose_name=_("类型"))
    amount = tables.Column(verbose_name=_("金额(万元)"), attrs=RIGHT, default="—")
    note = tables.Column(verbose_name=_("备注"), default="")

    class Meta:
        model = Financing
        fields = ["on", "enterprise", "town", "bank", "product", "kind", "amount", "note"]
        order_by = ["-on"]

    def render_on(self, value):
        return value.isoformat()

    def render_product(self, record):
        return record.product_label

    def render_amount(self, value):
        return format_money(value, unit=False)


class BankTable(tables.Table):
    name = tables.Column(verbose_name=_("名称"), linkify=True)
    short_name = tables.Column(verbose_name=_("简称"), default="—")
    kind = tables.Column(verbose_name=_("类型"))
    parent = tables.Column(verbose_name=_("所属银行"), default="—", orderable=False)
    status = tables.Column(verbose_name=_("状态"))
    record_count = tables.Column(verbose_name=_("科技金融记录"), attrs=RIGHT)
    credit_total = tables.Column(verbose_name=_("授信(万元)"), attrs=RIGHT, default="—")
    loan_total = tables.Column(verbose_name=_("放款(万元)"), attrs=RIGHT, default="—")

    class Meta:
        model = Bank
        fields = ["name", "short_name", "kind", "parent", "status", "record_count", "credit_total", "loan_total"]
        order_by = ["order"]

    def render_credit_total(self, value):
        return format_money(value, unit=False)

    def render_loan_total(self, value):
        return format_money(value, unit=False)


class IntermediaryTable(tables.Table):
    name = tables.Column(verbose_name=_("机构名称"), linkify=True)
    kind = tables.Column(verbose_name=_("主要服务"))
    town = tables.Column(verbose_name=_("所在区镇"), default=_("区外"), order_by=("town__order",))
    contact = tables.Column(verbose_name=_("联系人"), default="—")
    service_count = tables.Column(verbose_name=_("服务次数"), attrs=RIGHT)
    enterprise_count = tables.Column(verbose_name=_("服务企业"), attrs=RIGHT)

    class Meta:
        model = Intermediary
        fields = ["name", "kind", "town", "contact", "service_count", "enterprise_count"]
        order_by = ["name"]


class ServiceTable(tables.Table):
    served_on = tables.Column(verbose_name=_("服务日期"), linkify=lambda record: record.get_absolute_url())
    intermediary = tables.Column(verbose_name=_("中介机构"), order_by=("intermediary__name",))
    enterprise = tables.Column(verbose_name=_("服务企业"), order_by=("enterprise__name",))
    kind = tables.Column(verbose_name=_("服务类型"))
    content = tables.Column(verbose_name=_("服务内容"))
    satisfaction = tables.Column(verbose_name=_("企业评价"), default="—")

    class Meta:
        model = IntermediaryService
        fields = ["served_on", "intermediary", "enterprise", "kind", "content", "satisfaction"]
        order_by = ["-served_on"]

    def render_served_on(self, value):
        return value.isoformat()


class ReviewTable(tables.Table):
    intermediary = tables.Column(
        verbose_name=_("中介机构"), linkify=lambda record: record.get_absolute_url(), order_by=("intermediary__name",)
    )
    year = tables.Column(verbose_name=_("年度"))
    service_count = tables.Column(verbose_name=_("当年服务次数"), attrs=RIGHT)
    enterprise_count = tables.Column(verbose_name=_("当年服务企业"), attrs=RIGHT)
    score = tables.Column(verbose_name=_("得分"), attrs=RIGHT)
    grade = tables.Column(verbose_name=_("等级"))
    reviewed_on = tables.Column(verbose_name=_("评价日期"), default="—")

    class Meta:
        model = IntermediaryReview
        fields = ["intermediary", "year", "service_count", "enterprise_count", "score", "grade", "reviewed_on"]
        order_by = ["-year", "-score"]

    def render_reviewed_on(self, value):
        return value.isoformat()
