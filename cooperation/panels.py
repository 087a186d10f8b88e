"""The cooperation app's panels on the enterprise page (core.panels): its industry–academia
projects, technology contracts, 产学研活动/技术专家巡诊, science finance and intermediary services.
The enterprises app does not import this app: core discovers this module."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.panels import Column, Panel, register

from .models import Financing, IACooperation, IAEvent, IntermediaryService, TechContract


def _text(limit):
    def cut(value):
        value = value or ""
        return value if len(value) <= limit else value[: limit - 1] + "…"

    return cut


def _list(name):
    def url(enterprise):
        return f"{reverse(name)}?enterprise={enterprise.pk}"

    return url


register(
    Panel(
        code="ia_projects",
        title=_("产学研合作项目"),
        model=IACooperation,
        order=20,
        columns=[
            Column(_("签约日期"), "signed_on", link=True),
            Column(_("项目名称"), "title"),
            Column(_("合作院校"), "institution.name"),
            Column(_("合作方式"), "kind"),
            Column(_("金额(万元)"), "amount", money=True),
            Column(_("状态"), "status"),
        ],
        select_related=("institution",),
        ordering=("-signed_on", "-pk"),
        add_url="cooperation:iacooperation_add",
        empty=_("暂无产学研合作项目"),
    )
)

register(
    Panel(
        code="tech_contracts",
        title=_("技术合同"),
        model=TechContract,
        order=21,
        columns=[
            Column(_("登记编号"), "reg_number", link=True),
            Column(_("合同名称"), lambda c: _text(24)(c.title)),
            Column(_("方向"), "direction"),
            Column(_("类别"), "kind"),
            Column(_("成交额(万元)"), "contract_amount", money=True),
            Column(_("技术交易额(万元)"), "tech_amount", money=True),
            Column(_("登记状态"), "status"),
        ],
        ordering=("-registered_on", "-pk"),
        add_url="cooperation:techcontract_add",
        empty=_("暂无技术合同"),
    )
)

register(
    Panel(
        code="ia_events",
        title=_("产学研活动与技术专家巡诊"),
        model=IAEvent,
        enterprise_field="enterprises",
        order=22,
        columns=[
            Column(_("日期"), "held_on", link=True),
            Column(_("类型"), "kind"),
            Column(_("名称"), "title"),
            Column(_("巡诊专家"), "expert"),
            Column(_("技术难题"), lambda e: _text(30)(e.problem)),
            Column(_("巡诊结果"), lambda e: _text(30)(e.outcome)),
        ],
        ordering=("-held_on", "-pk"),
        add_url="cooperation:iaevent_add",
        empty=_("暂无产学研活动或技术巡诊"),
    )
)

register(
    Panel(
        code="financing",
        title=_("科技金融"),
        model=Financing,
        order=30,
        columns=[
            Column(_("日期"), "on", link=True),
            Column(_("银行"), "bank", link=lambda f: f.bank.get_absolute_url()),
            Column(_("金融产品"), "product_label"),
            Column(_("类型"), "kind"),
            Column(_("金额(万元)"), "amount", money=True),
            Column(_("备注"), lambda f: _text(30)(f.note)),
        ],
        select_related=("bank",),
        ordering=("-on", "-pk"),
        add_url="cooperation:financing_add",
        list_url=_list("cooperation:financing_list"),
        empty=_("暂无科技金融记录"),
    )
)

register(
    Panel(
        code="intermediary_services",
        title=_("科技中介服务"),
        model=IntermediaryService,
        order=31,
        columns=[
            Column(_("服务日期"), "served_on", link=True),
            Column(_("中介机构"), "intermediary", link=lambda s: s.intermediary.get_absolute_url()),
            Column(_("服务类型"), "kind"),
            Column(_("服务内容"), lambda s: _text(30)(s.content)),
            Column(_("企业评价"), "satisfaction"),
        ],
        select_related=("intermediary",),
        ordering=("-served_on", "-pk"),
        add_url="cooperation:intermediaryservice_add",
        list_url=_list("cooperation:intermediaryservice_list"),
        empty=_("暂无中介服务记录"),
    )
)
