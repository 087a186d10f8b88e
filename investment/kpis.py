"""The investment KPIs (docs/kpis.md, "Investment pipeline"), registered with reports' KPI registry.

Project pipeline:
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
# Project pipeline
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
# Events, client visits, team and funds
# =============================================================================================
# - invest.events / invest.roadshows: events held in the period, by kind (rules.TOPIC_EVENT_KINDS /
# ROADSHOW_KINDS: a 路演 counts as a roadshow, every other kind as a 专题活动);
# - invest.client_visits: client visits made in the period (Asia/Shanghai days);
# - invest.team: snapshot of the members on the team on the period's last day;
# - invest.team_short: snapshot of the members short of the weekly rule in the last whole week
# ending on or before the period's last day (rules.last_full_week);
# - invest.fund_raised: snapshot of the raised size (亿元) of the funds counted toward 三个一百 that
# had entered the fund workflow by the period's last day; its target is the 100亿 goal.

from decimal import Decimal  # noqa: E402

from django.db.models import Exists, OuterRef, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from reports.registry import KPI, Group, Kind, register  # noqa: E402

from .models import ClientVisit, Fund, FundStageChange, InvestmentEvent, TeamMember  # noqa: E402


def events_of(kinds):
    def records(period):
        return InvestmentEvent.objects.filter(kind__in=kinds, held_on__range=period.dates)

    return records


def client_visits(period):
    start, after = period.moments
    return ClientVisit.objects.filter(visited_at__gte=start, visited_at__lt=after)


def team_on_period_end(period):
    return selectors.on_team(period.end)


def team_short(period):
    return TeamMember.objects.filter(pk__in=selectors.short_member_ids(rules.last_full_week(period.end)))


def funds_by_period_end(period):
    entered = FundStageChange.objects.filter(fund=OuterRef("pk"), on__lte=period.end)
    return Fund.objects.filter(counts_as_new=True).filter(Exists(entered))


def yi(aggregates):
    """万元 → 亿元, two decimals (35.5 for 355,000万元)."""
    value = aggregates["value"] or Decimal(0)
    return (value / rules.WAN_PER_YI).quantize(Decimal("0.01")).normalize()


EVENT_COLUMNS = [
    (_("日期"), lambda e: e.held_on),
    (_("活动"), lambda e: e),
    (_("类型"), lambda e: e.get_kind_display()),
    (_("城市"), lambda e: e.city),
    (_("主办单位"), lambda e: e.host),
]
MEMBER_COLUMNS = [
    (_("姓名"), lambda m: m.name),
    (_("层级"), lambda m: m.get_unit_kind_display()),
    (_("单位"), lambda m: m.unit_name),
    (_("区镇"), lambda m: m.town or "—"),
]

register(
    KPI(
        code="invest.events",
        name=_("科技招商专题活动"),
        unit=_("场"),
        group=Group.CLUSTERS,
        kind=Kind.FLOW,
        definition=_(
            "本期间内举办的科技招商专题活动场次，按活动日期计：专题活动、推介会、训练营、创业大赛、投孵联盟活动（路演另计）。"
        ),
        records=events_of(rules.TOPIC_EVENT_KINDS),
        town_lookup="town",
        columns=EVENT_COLUMNS,
        select_related=("town",),
        order=50,
    )
)
register(
    KPI(
        code="invest.roadshows",
        name=_("项目路演"),
        unit=_("次"),
        group=Group.CLUSTERS,
        kind=Kind.FLOW,
        definition=_("本期间内举办的各类项目路演次数，按活动日期计。"),
        records=events_of(rules.ROADSHOW_KINDS),
        town_lookup="town",
        columns=EVENT_COLUMNS,
        select_related=("town",),
        order=51,
    )
)
register(
    KPI(
        code="invest.client_visits",
        name=_("拜访客商"),
        unit=_("家次"),
        group=Group.CLUSTERS,
        kind=Kind.FLOW,
        definition=_("本期间内科技招商队伍成员拜访客商的家次，按拜访时间（北京时间）计。"),
        records=client_visits,
        town_lookup="member__town",
        columns=[
            (_("拜访时间"), lambda v: timezone.localtime(v.visited_at).strftime("%Y-%m-%d %H:%M")),
            (_("客商"), lambda v: v.counterpart),
            (_("城市"), lambda v: v.city),
            (_("拜访人"), lambda v: v.member),
        ],
        select_related=("member__town",),
        order=52,
    )
)
register(
    KPI(
        code="invest.team",
        name=_("科技招商队伍"),
        unit=_("人"),
        group=Group.CLUSTERS,
        kind=Kind.SNAPSHOT,
        definition=_("期末在队的科技招商人员（区镇、载体、基金、驻外局），入队日期不晚于期末且未离队。"),
        records=team_on_period_end,
        town_lookup="town",
        columns=MEMBER_COLUMNS,
        select_related=("town",),
        paced=False,
        order=53,
    )
)
register(
    KPI(
        code="invest.team_short",
        name=_("未达每周外出拜访要求的招商人员"),
        unit=_("人"),
        group=Group.CLUSTERS,
        kind=Kind.SNAPSHOT,
        definition=_(
            "截至期末最近一个完整周（周一至周日，北京时间）内，外出不足3天或拜访项目不足6个的在队招商人员数。"
        ),
        records=team_short,
        town_lookup="town",
        columns=MEMBER_COLUMNS,
        select_related=("town",),
        paced=False,
        order=54,
    )
)
register(
    KPI(
        code="invest.fund_raised",
        name=_("新增科创基金规模"),
        unit=_("亿元"),
        group=Group.CLUSTERS,
        kind=Kind.SNAPSHOT,
        definition=_(
            "计入“三个一百”的科创基金中，期末已进入筹备及以后阶段的基金已募集规模之和（亿元）；目标为新增各类科创基金100亿元。"
        ),
        records=funds_by_period_end,
        town_lookup="town",
        aggregates={"value": Sum("raised_size")},
        figure=yi,
        columns=[
            (_("基金"), lambda f: f),
            (_("类型"), lambda f: f.get_kind_display()),
            (_("阶段"), lambda f: f.get_stage_display()),
            (_("已募集(万元)"), lambda f: f.raised_size),
        ],
        select_related=("town",),
        order=55,
    )
)


# =============================================================================================
# The dashboard (issue 14): the pipeline funnel and the weekly-rule warning
# =============================================================================================
# Registered here like the pools' funnels in enterprises/kpis.py: reports/ counts, caches and
# drills into them without knowing the investment models.

import datetime as dt  # noqa: E402

from reports.dashboard.registry import Funnel, Warning, register_funnel, register_warning, step_code  # noqa: E402

from .models import PROJECT_WORKFLOW  # noqa: E402


def reached_in_period(stages):
    """Projects with a move into `stages` (this stage or a later one on the path) dated in the period."""

    def records(period):
        return InvestmentProject.objects.filter(selectors.reached_stage(stages, on_range=period.dates))

    return records


register_funnel(
    Funnel(
        code="invest.pipeline",
        name=_("科创项目招引漏斗（线索→在谈→签约→落地）"),
        group=Group.CLUSTERS,
        note=_("本期间内进入该阶段或之后阶段的项目数（按阶段变化日期）。"),
        steps=[
            KPI(
                code=step_code("invest.pipeline", index),
                name=PROJECT_WORKFLOW.labels[stage],
                unit=_("个"),
                group=Group.CLUSTERS,
                kind=Kind.FLOW,
                definition=_("本期间内进入“%(stage)s”或之后阶段的科创项目数。")
                % {"stage": PROJECT_WORKFLOW.labels[stage]},
                records=reached_in_period(PROJECT_WORKFLOW.path[index:]),
                town_lookup="town",
                columns=PROJECT_COLUMNS,
                select_related=SELECT,
            )
            for index, stage in enumerate(PROJECT_WORKFLOW.path)
        ],
        order=40,
    )
)


def _last_week_short(user, today):
    # The week the 上周未达标 list shows by default: the whole week before this one.
    return selectors.team_week(user, rules.week_start(today) - dt.timedelta(days=7), only_short=True)


register_warning(
    Warning(
        code="invest.team_short",
        label=_("上周未达每周外出≥3天、拜访≥6个项目要求的招商人员"),
        count=lambda user, today: _last_week_short(user, today).count(),
        url=lambda user, today: reverse("investment:team_short"),
        order=50,
    )
)
