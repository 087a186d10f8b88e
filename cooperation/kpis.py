"""The cooperation KPIs (docs/domain.md §3, 创新生态), registered with reports' KPI registry.

Industry–academia half (13a):
- coop.ia_projects: 产学研合作项目 signed (`signed_on`) in the period, whatever their status now;
- coop.tech_contract_output: 合同成交额 of 输出 contracts registered (`registered_on`, status 已登记)
  in the period, stored in 万元 and shown in 亿元 at four decimals (rules.wan_to_yi); contracts
  waiting (待登记) or sent back (需整改) count once registered, in the period of their 登记日期;
- coop.ia_events: 产学研活动 (not 技术专家巡诊) held in the period; an activity the district runs
  (no host town) counts for the district only.
"""

from django.db.models import Exists, OuterRef, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money
from enterprises.models import Enterprise
from reports.registry import KPI, Group, Kind, register

from . import rules
from .models import Direction, EventKind, Financing, FinancingKind, IACooperation, IAEvent, Registration, TechContract

# ============================================================================================
# Industry–academia cooperation
# ============================================================================================


def _list_url(name, date_from, date_to, town_field, **extra):
    def url(period, town):
        query = {date_from: period.start.isoformat(), date_to: period.end.isoformat(), **extra}
        if town is not None:
            query[town_field] = town.pk
        return f"{reverse(name)}?{urlencode(query)}"

    return url


def ia_projects(period):
    return IACooperation.objects.filter(signed_on__range=period.dates)


def contract_output(period):
    return TechContract.objects.filter(
        direction=Direction.OUTPUT, status=Registration.REGISTERED, registered_on__range=period.dates
    )


def ia_events(period):
    return IAEvent.objects.filter(kind=EventKind.ACTIVITY, held_on__range=period.dates)


def output_yi(aggregates):
    return rules.wan_to_yi(aggregates["value"])


register(
    KPI(
        code="coop.ia_projects",
        name=_("新增产学研合作项目"),
        unit=_("项"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_("本期间内签约的产学研合作项目数（按签约日期），不论项目现在的状态。"),
        records=ia_projects,
        town_lookup="enterprise__town",
        list_url=_list_url("cooperation:iacooperation_list", "signed_from", "signed_to", "enterprise__town"),
        columns=[
            (_("项目"), lambda p: p.title),
            (_("企业"), lambda p: p.enterprise),
            (_("合作院校"), lambda p: p.institution),
            (_("签约日期"), lambda p: p.signed_on),
        ],
        select_related=("enterprise", "institution"),
        order=40,
    )
)
register(
    KPI(
        code="coop.tech_contract_output",
        name=_("技术合同输出成交额"),
        unit=_("亿元"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_(
            "本期间内登记（按登记日期）的输出方向技术合同的合同成交额之和，万元折合亿元保留四位小数；"
            "待登记和需整改的合同在登记后计入。"
        ),
        records=contract_output,
        town_lookup="enterprise__town",
        aggregates={"value": Sum("contract_amount")},
        figure=output_yi,
        list_url=_list_url(
            "cooperation:techcontract_list",
            "registered_from",
            "registered_to",
            "enterprise__town",
            direction=Direction.OUTPUT,
            status=Registration.REGISTERED,
        ),
        columns=[
            (_("合同登记编号"), lambda c: c.reg_number),
            (_("企业"), lambda c: c.enterprise),
            (_("合同成交额(万元)"), lambda c: format_money(c.contract_amount, unit=False)),
            (_("登记日期"), lambda c: c.registered_on),
        ],
        select_related=("enterprise",),
        order=41,
    )
)
register(
    KPI(
        code="coop.ia_events",
        name=_("产学研活动"),
        unit=_("次"),
        group=Group.ECOSYSTEM,
        kind=Kind.FLOW,
        definition=_("本期间内举办的产学研活动次数（不含技术专家巡诊）；每月应不少于2次。"),
        records=ia_events,
        town_lookup="town",
        list_url=_list_url("cooperation:iaevent_list", "held_from", "held_to", "town", kind=EventKind.ACTIVITY),
        columns=[
            (_("日期"), lambda e: e.held_on),
            (_("名称"), lambda e: e.title),
            (_("主办区镇"), lambda e: e.town or _("区级")),
        ],
        select_related=("town",),
        order=42,
    )
)


# ============================================================================================
# Science finance
#
# fin.connected / fin.loans / fin.credit_enterprises count ENTERPRISES (the records are the
# enterprises, filtered by an Exists over their financing dated in the period), so an
# enterprise with two loans in a half-year counts once; fin.loan_amount / fin.credit_amount
# sum the amounts (万元) of the 放款 / 授信 records dated in the period and show them in 亿元 at
# four decimals (39,535万元 → 3.9535).
# ============================================================================================


def yi(aggregates):
    """万元 → 亿元, four decimals (1亿 = 10,000万): the seed's 3.9535亿 (rules.wan_to_yi, one home)."""
    return rules.wan_to_yi(aggregates["value"])


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
