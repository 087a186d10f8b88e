"""The cooperation KPIs (docs/domain.md §3, 创新生态), registered with reports' KPI registry.

Industry–academia half (13a):
- coop.ia_projects: 产学研合作项目 signed (`signed_on`) in the period, whatever their status now;
- coop.tech_contract_output: 合同成交额 of 输出 contracts registered (`registered_on`, status 已登记)
  in the period, stored in 万元 and shown in 亿元 at four decimals (rules.wan_to_yi); contracts
  waiting (待登记) or sent back (需整改) count once registered, in the period of their 登记日期;
- coop.ia_events: 产学研活动 (not 技术专家巡诊) held in the period; an activity the district runs
  (no host town) counts for the district only.
"""

from django.db.models import Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money
from reports.registry import KPI, Group, Kind, register

from . import rules
from .models import Direction, EventKind, IACooperation, IAEvent, Registration, TechContract

# ============================================================================================
# Industry–academia cooperation — issue 13, part a
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
