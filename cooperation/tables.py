import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import format_day, format_money

from .models import (
    Bank,
    Financing,
    IACooperation,
    IAEvent,
    Institution,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    TechContract,
)

# ============================================================================================
# Industry–academia cooperation (institutions, IA projects, technology contracts, events) — 13a
# ============================================================================================

RIGHT = {"td": {"class": "text-end"}}


def wan(value):
    """A column headed 万元: 1,234.5, from 1亿 up 1.25亿元 (core.formatting, the portal's one format)."""
    return format_money(value, unit=False) if value is not None else "—"


def iso(value):
    return format_day(value) if value else "—"


class InstitutionTable(tables.Table):
    name = tables.Column(verbose_name=_("院校名称"), linkify=True)
    region = tables.Column(verbose_name=_("所在地区"))
    kind = tables.Column(verbose_name=_("类型"))
    project_count = tables.Column(verbose_name=_("合作项目"), attrs=RIGHT)

    class Meta:
        model = Institution
        fields = ["name", "region", "kind", "project_count"]
        order_by = ["name"]


class IACooperationTable(tables.Table):
    title = tables.Column(verbose_name=_("项目名称"), linkify=True)
    enterprise = tables.Column(verbose_name=_("企业"), order_by=("enterprise__name",))
    town = tables.Column(
        verbose_name=_("区镇"), accessor="enterprise__town", order_by=("enterprise__town__order",), default="—"
    )
    institution = tables.Column(verbose_name=_("合作院校"), order_by=("institution__name",))
    kind = tables.Column(verbose_name=_("合作方式"))
    amount = tables.Column(verbose_name=_("金额(万元)"), attrs=RIGHT, default="—")
    signed_on = tables.Column(verbose_name=_("签约日期"))
    status = tables.Column(verbose_name=_("状态"))

    constant_for_officer = ("town",)

    class Meta:
        model = IACooperation
        fields = ["title", "enterprise", "town", "institution", "kind", "amount", "signed_on", "status"]
        order_by = ["-signed_on"]

    def render_amount(self, value):
        return wan(value)

    def render_signed_on(self, value):
        return iso(value)


STATUS_BADGE = {"pending": "text-bg-secondary", "registered": "text-bg-success", "rectify": "text-bg-warning"}


class TechContractTable(tables.Table):
    reg_number = tables.Column(verbose_name=_("合同登记编号"), linkify=True)
    title = tables.Column(verbose_name=_("合同名称"))
    enterprise = tables.Column(verbose_name=_("企业"), order_by=("enterprise__name",))
    direction = tables.Column(verbose_name=_("方向"))
    kind = tables.Column(verbose_name=_("类别"))
    contract_amount = tables.Column(verbose_name=_("合同成交额(万元)"), attrs=RIGHT)
    tech_amount = tables.Column(verbose_name=_("技术交易额(万元)"), attrs=RIGHT)
    registered_on = tables.Column(verbose_name=_("登记日期"), default="—")
    status = tables.Column(verbose_name=_("登记状态"))

    card_fields = ["reg_number", "title", "enterprise", "contract_amount", "registered_on", "status"]

    class Meta:
        model = TechContract
        fields = [
            "reg_number", "title", "enterprise", "direction", "kind", "contract_amount", "tech_amount",
            "registered_on", "status",
        ]  # fmt: skip
        order_by = ["-registered_on"]

    def render_contract_amount(self, value):
        return wan(value)

    def render_tech_amount(self, value):
        return wan(value)

    def render_registered_on(self, value):
        return iso(value)

    def render_status(self, value, record):
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGE.get(record.status, ""), value)


class RectifyTable(tables.Table):
    reg_number = tables.Column(verbose_name=_("合同登记编号"), linkify=True)
    enterprise = tables.Column(verbose_name=_("企业"), order_by=("enterprise__name",))
    title = tables.Column(verbose_name=_("合同名称"))
    contract_amount = tables.Column(verbose_name=_("合同成交额(万元)"), attrs=RIGHT)
    rectify_since = tables.Column(verbose_name=_("要求整改日期"))
    waiting = tables.Column(verbose_name=_("已等待(天)"), empty_values=(), orderable=False, attrs=RIGHT)
    rectify_reason = tables.Column(verbose_name=_("整改原因"))

    class Meta:
        model = TechContract
        fields = ["reg_number", "enterprise", "title", "contract_amount", "rectify_since", "waiting", "rectify_reason"]
        order_by = ["rectify_since"]

    def __init__(self, *args, today=None, **kwargs):
        from django.utils import timezone

        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def render_contract_amount(self, value):
        return wan(value)

    def render_rectify_since(self, value):
        return iso(value)

    def render_waiting(self, record):
        return (self.today - record.rectify_since).days if record.rectify_since else "—"


class IAEventTable(tables.Table):
    held_on = tables.Column(verbose_name=_("日期"))
    title = tables.Column(verbose_name=_("名称"), linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    town = tables.Column(verbose_name=_("主办区镇"), order_by=("town__order",), default=_("区级"))
    institutions = tables.Column(verbose_name=_("院校/专家"), empty_values=(), orderable=False)
    enterprises = tables.Column(verbose_name=_("企业"), empty_values=(), orderable=False)

    card_fields = ["title", "held_on", "kind", "town", "institutions", "enterprises"]

    class Meta:
        model = IAEvent
        fields = ["held_on", "title", "kind", "town", "institutions", "enterprises"]
        order_by = ["-held_on"]

    def render_held_on(self, value):
        return iso(value)

    def render_institutions(self, record):
        names = [i.name for i in record.institutions.all()]
        if record.expert:
            names.insert(0, record.expert)
        return "、".join(names) or "—"

    def render_enterprises(self, record):
        names = [e.name for e in record.enterprises.all()]
        if len(names) > 3:
            return _("%(names)s 等%(n)s家") % {"names": "、".join(names[:3]), "n": len(names)}
        return "、".join(names) or "—"


# ============================================================================================
# Science finance and intermediaries
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

    card_fields = ["on", "enterprise", "bank", "product", "kind", "amount"]  # a phone: the amount too
    constant_for_officer = ("town",)

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

    card_fields = ["served_on", "intermediary", "enterprise", "kind", "content", "satisfaction"]

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
