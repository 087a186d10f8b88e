"""The investment KPIs (docs/kpis.md, "Investment pipeline"), registered with reports' KPI registry.

Project pipeline (issue 12, part A):
- invest.signed / invest.key_signed: projects that first reached 签约 (or 落地) by a move dated in
  the period (the history, ProjectStageChange) — a project signed in H1 and dropped in H2 still
  counts in H1 and in the year; one signed in 2022 and landed in 2023 is no new signing of 2023;
- invest.nt_recognized: projects recognised as 南通市科创项目 on a day in the period;
- invest.in_talks (snapshot): projects whose last move up to the period's last day took them to
  在谈 — the state on 30 June, whatever happened since.
By town: the project's town now (a project moved between towns counts for its new town, in every
period), as every other KPI of the portal reads its records' current town.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.registry import KPI, Group, Kind, register

from . import rules, selectors
from .models import InvestmentProject, ProjectStage

# =============================================================================================
# Project pipeline (issue 12, part A)
# =============================================================================================


def signed_in(period):
    return InvestmentProject.objects.filter(selectors.first_reached_in(rules.SIGNED_OR_LATER, period.dates))


def key_signed_in(period):
    return signed_in(period).filter(is_key=True)


def recognized_in(period):
    return InvestmentProject.objects.filter(nt_recognized_on__range=period.dates)


def in_talks_at_end(period):
    return InvestmentProject.objects.filter(selectors.stage_on_day(ProjectStage.TALKING, period.end))


def project_list_url(**extra):
    """The 科创项目 list filtered to the same records (signed: first signed in the period; recognised:
    recognised in it) for the district or one town."""

    def url(period, town):
        query = {key: make(period) for key, make in extra.items()}
        if town is not None:
            query["town"] = town.pk
        return f"{reverse('investment:investmentproject_list')}?{urlencode(query)}"

    return url


SIGNED_LIST = {"signed_after": lambda p: p.start.isoformat(), "signed_before": lambda p: p.end.isoformat()}
RECOGNIZED_LIST = {"recognized_after": lambda p: p.start.isoformat(), "recognized_before": lambda p: p.end.isoformat()}

PROJECT_COLUMNS = [
    (_("项目"), lambda p: p),
    (_("区镇"), lambda p: p.town),
    (_("产业链"), lambda p: p.chain),
    (_("当前阶段"), lambda p: p.get_stage_display()),
    (_("进入本阶段"), lambda p: p.stage_on),
    (_("重点"), lambda p: _("是") if p.is_key else ""),
]
SELECT = ("town", "chain")

register(
    KPI(
        code="invest.signed",
        name=_("新签约科创项目"),
        unit=_("个"),
        group=Group.CLUSTERS,
        kind=Kind.FLOW,
        definition=_(
            "本期间内首次进入“签约”（或直接报为“落地”）的科创项目数，按阶段记录的日期计；"
            "之后终止的仍计入签约当期，此前已签约、本期落地的不重复计入。"
        ),
        records=signed_in,
        town_lookup="town",
        list_url=project_list_url(**SIGNED_LIST),
        columns=PROJECT_COLUMNS,
        select_related=SELECT,
        order=10,
    )
)
register(
    KPI(
        code="invest.key_signed",
        name=_("其中重点科创项目"),
        unit=_("个"),
        group=Group.CLUSTERS,
        kind=Kind.FLOW,
        definition=_("新签约科创项目中标为重点科创项目的项目数。"),
        records=key_signed_in,
        town_lookup="town",
        list_url=project_list_url(**SIGNED_LIST, is_key=lambda p: "true"),
        columns=PROJECT_COLUMNS,
        select_related=SELECT,
        order=11,
    )
)
register(
    KPI(
        code="invest.nt_recognized",
        name=_("认定南通市科创项目"),
        unit=_("个"),
        group=Group.CLUSTERS,
        kind=Kind.FLOW,
        definition=_("本期间内认定为南通市科创项目的项目数，按认定日期计。"),
        records=recognized_in,
        town_lookup="town",
        list_url=project_list_url(**RECOGNIZED_LIST),
        columns=[*PROJECT_COLUMNS, (_("认定日期"), lambda p: p.nt_recognized_on)],
        select_related=SELECT,
        order=12,
    )
)
register(
    KPI(
        code="invest.in_talks",
        name=_("在手在谈有效项目"),
        unit=_("个"),
        group=Group.CLUSTERS,
        kind=Kind.SNAPSHOT,
        definition=_("期末处于“在谈”阶段的科创项目数（以期末当天及之前最后一次阶段变化为准）。"),
        records=in_talks_at_end,
        town_lookup="town",
        columns=PROJECT_COLUMNS,
        select_related=SELECT,
        paced=False,
        order=13,
    )
)

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
