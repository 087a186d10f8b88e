"""The cooperation KPIs (docs/domain.md §3, 创新生态), registered with reports' KPI registry.

See docs/kpis.md for each definition in the bureau's words.
"""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from reports.registry import KPI, Group, Kind, register

from .models import Financing, FinancingKind

# ============================================================================================
# Science finance — issue 13, part b
#
# fin.connected / fin.loans / fin.credit_enterprises count ENTERPRISES (the records are the
# enterprises, filtered by an Exists over their financing dated in the period), so an
# enterprise with two loans in a half-year counts once; fin.loan_amount / fin.credit_amount
# sum the amounts (万元) of the 放款 / 授信 records dated in the period and show them in 亿元 at
# four decimals (39,535万元 → 3.9535).
# ============================================================================================

YI_PLACES = Decimal("0.0001")


def yi(aggregates):
    """万元 → 亿元, four decimals (1亿 = 10,000万): the seed's 3.9535亿."""
    value = aggregates["value"] or Decimal(0)
    return (Decimal(value) / 10000).quantize(YI_PLACES)


def enterprises_with(kinds):
    """Enterprises with a financing record of one of `kinds` dated in the period (each once)."""

    def records(period):
        done = Financing.objects.filter(enterprise=OuterRef("pk"), kind__in=kinds, on__range=period.dates)
        return Enterprise.objects.filter(Exists(done))

    return records


def financing_of(kind):
    def records(period):
        return Financing.objects.filter(kind=kind, on__range=period.dates)

    return records


def financing_list_url(kind=None):
    def url(period, town):
        query = {"on_after": period.start.isoformat(), "on_before": period.end.isoformat()}
        if kind:
            query["kind"] = kind
        if town is not None:
            query["town"] = town.pk
        return f"{reverse('cooperation:financing_list')}?{urlencode(query)}"

    return url


ENTERPRISE_COLUMNS = [
    (_("企业"), lambda e: e),
    (_("区镇"), lambda e: e.town or _("未分配区镇")),
]
FINANCING_COLUMNS = [
    (_("企业"), lambda f: f.enterprise),
    (_("区镇"), lambda f: f.enterprise.town or _("未分配区镇")),
    (_("银行"), lambda f: f.bank),
    (_("产品"), lambda f: f.product_label),
    (_("金额(万元)"), lambda f: f.amount),
    (_("日期"), lambda f: f.on),
]
PER_ENTERPRISE = _("名单为期间内的记录，同一企业可能有多条；指标按企业计，每家只计一次。")
ALL_KINDS = [FinancingKind.CONNECT, FinancingKind.CREDIT, FinancingKind.LOAN]

register(
    KPI(
        code="fin.connected",
        name=_("科技金融对接企业"),
        unit=_("家"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_(
            "本期间内有科技金融对接、授信或放款记录的企业数（授信、放款本身也是一次对接），每家企业只计一次。"
        ),
        records=enterprises_with(ALL_KINDS),
        town_lookup="town",
        list_url=financing_list_url(),
        list_note=PER_ENTERPRISE,
        columns=ENTERPRISE_COLUMNS,
        select_related=("town",),
        order=40,
    )
)
register(
    KPI(
        code="fin.loans",
        name=_("发放贷款企业"),
        unit=_("家"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_("本期间内获得银行放款的企业数，按放款日期计；一家企业多笔放款只计一次。"),
        records=enterprises_with([FinancingKind.LOAN]),
        town_lookup="town",
        list_url=financing_list_url(FinancingKind.LOAN),
        list_note=PER_ENTERPRISE,
        columns=ENTERPRISE_COLUMNS,
        select_related=("town",),
        order=41,
    )
)
register(
    KPI(
        code="fin.loan_amount",
        name=_("贷款额度"),
        unit=_("亿元"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_("本期间内放款金额之和，按放款日期计；记录以万元登记，以亿元显示（保留四位小数）。"),
        records=financing_of(FinancingKind.LOAN),
        town_lookup="enterprise__town",
        aggregates={"value": Sum("amount")},
        figure=yi,
        list_url=financing_list_url(FinancingKind.LOAN),
        columns=FINANCING_COLUMNS,
        select_related=("enterprise__town", "bank"),
        order=42,
    )
)
register(
    KPI(
        code="fin.credit_enterprises",
        name=_("授信企业"),
        unit=_("家"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_("本期间内获得银行授信的企业数，按授信日期计；一家企业多笔授信只计一次。"),
        records=enterprises_with([FinancingKind.CREDIT]),
        town_lookup="town",
        list_url=financing_list_url(FinancingKind.CREDIT),
        list_note=PER_ENTERPRISE,
        columns=ENTERPRISE_COLUMNS,
        select_related=("town",),
        order=43,
    )
)
register(
    KPI(
        code="fin.credit_amount",
        name=_("授信额度"),
        unit=_("亿元"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_("本期间内授信金额之和，按授信日期计；记录以万元登记，以亿元显示（保留四位小数）。"),
        records=financing_of(FinancingKind.CREDIT),
        town_lookup="enterprise__town",
        aggregates={"value": Sum("amount")},
        figure=yi,
        list_url=financing_list_url(FinancingKind.CREDIT),
        columns=FINANCING_COLUMNS,
        select_related=("enterprise__town", "bank"),
        order=44,
    )
)
