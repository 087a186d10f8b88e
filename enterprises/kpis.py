"""The enterprise KPIs (docs/domain.md §3, 创新型企业培育), registered with reports' KPI registry.

Definitions in the bureau's words are in `definition` (shown on /kpis/<code>/) and in
docs/kpis.md. Two rules shape most of them:

- a stage count (flow) counts every membership that reached the stage or a later one of its
  pool's path by a PoolStageChange dated in the period: a firm entered directly as 已入库 (an
  imported list, dated by its 发证日期) is also 参评, and a firm rejected after 参评 stays 参评;
- a pool snapshot counts the memberships of the period's year whose stage on the period's last
  day — their last change on or before it — is one of the KPI's stages. Earlier years' 高企 are
  still 已认定 on 30 June, which is why the year matters (199, not 449, on 30 June 2023).
"""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from reports.dashboard.registry import Funnel, Warning, register_funnel, register_warning, step_code
from reports.registry import KPI, Group, Kind, percent, register

from . import selectors
from .models import (
    POOL_STAGES,
    CultivationEvent,
    Enterprise,
    PangaoLevel,
    Pool,
    PoolMembership,
    PoolStageChange,
    RDProject,
    Stage,
    Visit,
)
from .selectors import memberships_reached

ENTERPRISE_TOWN = "enterprise__town"


def reached_in(pool, stage):
    """Memberships of `pool` that reached `stage` or a later stage of its path in the period."""

    def records(period):
        return memberships_reached(stage, pool=pool, dates=period.dates)

    return records


def at_stage_on_period_end(pool, stages):
    """Memberships of the period's year in `pool` whose stage on the period's last day is in `stages`.

    A membership's own `stage`/`stage_on` is its last change, so when that change is on or
    before the day the answer is on the row itself; only memberships that moved after the day
    look up their last change on or before it (a correlated subquery on the membership index).
    """

    def records(period):
        day = period.end
        last = (
            PoolStageChange.objects.filter(membership=OuterRef("pk"), on__lte=day)
            .order_by("-on", "-recorded_at", "-id")
            .values("to_stage")[:1]
        )
        return (
            PoolMembership.objects.filter(pool=pool, year=period.year)
            .alias(stage_then=Subquery(last))
            .filter(Q(stage_on__lte=day, stage__in=stages) | Q(stage_on__gt=day, stage_then__in=stages))
        )

    return records


def enterprise_list_url(pool, stage=None):
    """The enterprise list of the same pool and year (its stage filter is today's stage, so only
    a running period's snapshot matches it exactly; the page says so)."""

    def url(period, town):
        query = {"pool": pool, "year": period.year}
        if stage:
            query["stage"] = stage
        if town is not None:
            query["town"] = town.pk
        return f"{reverse('enterprises:enterprise_list')}?{urlencode(query)}"

    return url


POOL_LIST_NOTE = _("名单为同一培育库、同一年度的企业，按企业当前阶段筛选，可能与本期间的口径略有不同。")


def visit_list_url(period, town):
    query = {"visited_on_after": period.start.isoformat(), "visited_on_before": period.end.isoformat()}
    if town is not None:
        query["town"] = town.pk
    return f"{reverse('enterprises:visit_list')}?{urlencode(query)}"


def _enterprise(record):
    return record.enterprise


def _town(record):
    return record.enterprise.town or _("未分配区镇")


MEMBERSHIP_COLUMNS = [
    (_("企业"), _enterprise),
    (_("区镇"), _town),
    (_("年度"), lambda m: m.year),
    (_("当前阶段"), lambda m: m.get_stage_display()),
    (_("进入本阶段"), lambda m: m.stage_on),
]
MEMBERSHIP_RELATED = ("enterprise__town",)

QIANGJI_CANDIDATE_STAGES = [Stage.CANDIDATE, Stage.APPLIED, Stage.EXPERT_REVIEW, Stage.RECOGNIZED]
QIANGJI_IN_POOL = [*POOL_STAGES[Pool.QIANGJI], Stage.RELOCATED_IN]

register(
    KPI(
        code="ent.fanxing_evaluated",
        name=_("科技型中小企业参评"),
        unit=_("家"),
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition=_(
            "繁星计划中，在本期间内进入“已参评”或之后阶段（已入库）的企业数。"
            "直接以“已入库”导入的企业也算参评；参评后未通过的企业仍计入。"
        ),
        records=reached_in(Pool.FANXING, Stage.EVALUATED),
        town_lookup=ENTERPRISE_TOWN,
        list_note=POOL_LIST_NOTE,
        list_url=enterprise_list_url(Pool.FANXING),
        columns=MEMBERSHIP_COLUMNS,
        select_related=MEMBERSHIP_RELATED,
        order=10,
    )
)

register(
    KPI(
        code="ent.fanxing_registered",
        name=_("科技型中小企业入库"),
        unit=_("家"),
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition=_("繁星计划中，在本期间内进入“已入库”的企业数；导入名单的入库按发证（入库）日期计入。"),
        records=reached_in(Pool.FANXING, Stage.REGISTERED),
        town_lookup=ENTERPRISE_TOWN,
        list_note=POOL_LIST_NOTE,
        list_url=enterprise_list_url(Pool.FANXING, Stage.REGISTERED),
        columns=MEMBERSHIP_COLUMNS,
        select_related=MEMBERSHIP_RELATED,
        order=20,
    )
)

register(
    KPI(
        code="ent.qiangji_candidates",
        name=_("拟申报高企名单"),
        unit=_("家"),
        group=Group.ENTERPRISES,
        kind=Kind.SNAPSHOT,
        definition=_(
            "期末当天，本年度强基计划中处于“拟申报”或之后阶段（已申报、省专家预审、已认定）的企业数。"
            "往年已认定的高企不计入。"
        ),
        records=at_stage_on_period_end(Pool.QIANGJI, QIANGJI_CANDIDATE_STAGES),
        town_lookup=ENTERPRISE_TOWN,
        columns=MEMBERSHIP_COLUMNS,
        select_related=MEMBERSHIP_RELATED,
        order=30,
    )
)

register(
    KPI(
        code="ent.rd_filings",
        name=_("预申报信息收集"),
        unit=_("条"),
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition=_("本期间内备案的研发项目（预申报信息）条数，按备案日期计。"),
        records=lambda period: RDProject.objects.filter(filed_on__range=period.dates),
        town_lookup=ENTERPRISE_TOWN,
        columns=[
            (_("项目名称"), lambda r: r),
            (_("企业"), _enterprise),
            (_("区镇"), _town),
            (_("备案日期"), lambda r: r.filed_on),
        ],
        select_related=("enterprise__town",),
        order=40,
    )
)

register(
    KPI(
        code="ent.coaching_sessions",
        name=_("申报材料辅导会"),
        unit=_("场"),
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition=_("本期间内举办的申报材料撰写辅导会场次（培育活动中类型为“申报材料辅导会”的）。"),
        records=lambda period: CultivationEvent.objects.filter(
            kind=CultivationEvent.Kind.COACHING, held_on__range=period.dates
        ),
        town_lookup="town",
        columns=[
            (_("名称"), lambda e: e.title),
            (_("区镇"), lambda e: e.town or _("全区")),
            (_("日期"), lambda e: e.held_on),
            (_("参加企业数"), lambda e: e.attendees),
        ],
        select_related=("town",),
        order=50,
    )
)

register(
    KPI(
        code="ent.qiangji_pool",
        name=_("高企培育库"),
        unit=_("家"),
        group=Group.ENTERPRISES,
        kind=Kind.SNAPSHOT,
        definition=_("期末当天，本年度强基计划（高企培育库）中未被标记“未通过”的企业数，含已认定和整体迁入的高企。"),
        records=at_stage_on_period_end(Pool.QIANGJI, QIANGJI_IN_POOL),
        town_lookup=ENTERPRISE_TOWN,
        list_note=POOL_LIST_NOTE,
        list_url=enterprise_list_url(Pool.QIANGJI),
        columns=MEMBERSHIP_COLUMNS,
        select_related=MEMBERSHIP_RELATED,
        order=60,
    )
)

register(
    KPI(
        code="ent.leading_pool",
        name=_("领军型企业培育库"),
        unit=_("家"),
        group=Group.ENTERPRISES,
        kind=Kind.SNAPSHOT,
        definition=_("期末当天，本年度攀高计划（领军型企业培育库）中的企业数，含领军型、瞪羚、潜在独角兽和独角兽。"),
        records=at_stage_on_period_end(Pool.PANGAO, POOL_STAGES[Pool.PANGAO]),
        town_lookup=ENTERPRISE_TOWN,
        list_note=POOL_LIST_NOTE,
        list_url=enterprise_list_url(Pool.PANGAO),
        columns=[*MEMBERSHIP_COLUMNS[:3], (_("层级"), lambda m: m.get_level_display())],
        select_related=MEMBERSHIP_RELATED,
        order=70,
    )
)

register(
    KPI(
        code="ent.unicorn_recommended",
        name=_("推荐省独角兽（潜在）"),
        unit=_("家"),
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition=_("本期间内推荐申报江苏省独角兽或潜在独角兽企业的数量，按推荐日期计。"),
        records=lambda period: PoolMembership.objects.filter(
            pool=Pool.PANGAO,
            recommended_provincial=True,
            recommended_on__range=period.dates,
            level__in=[PangaoLevel.POTENTIAL_UNICORN, PangaoLevel.UNICORN],
        ),
        town_lookup=ENTERPRISE_TOWN,
        columns=[
            (_("企业"), _enterprise),
            (_("区镇"), _town),
            (_("层级"), lambda m: m.get_level_display()),
            (_("推荐日期"), lambda m: m.recommended_on),
        ],
        select_related=MEMBERSHIP_RELATED,
        order=80,
    )
)

register(
    KPI(
        code="ent.visits",
        name=_("走访企业"),
        unit=_("次"),
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition=_("本期间内记录的走访次数（上门、电话、座谈、技术巡诊），按走访日期计。"),
        records=lambda period: Visit.objects.filter(visited_on__range=period.dates),
        town_lookup=ENTERPRISE_TOWN,
        list_url=visit_list_url,
        columns=[
            (_("走访日期"), lambda v: v.visited_on),
            (_("企业"), _enterprise),
            (_("区镇"), _town),
            (_("方式"), lambda v: v.get_kind_display()),
        ],
        select_related=("enterprise__town",),
        order=90,
    )
)


def visits_in(period):
    return Visit.objects.filter(enterprise=OuterRef("pk"), visited_on__range=period.dates)


def key_coverage_aggregates(period):
    return {"total": Count("pk"), "visited": Count("pk", filter=Q(Exists(visits_in(period))))}


register(
    KPI(
        code="ent.key_visit_coverage",
        name=_("重点企业走访覆盖率"),
        unit="%",
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition=_(
            "本期间内至少走访过一次的重点企业占全部重点企业的百分比（重点企业按当前标记）。"
            "覆盖率低于目标即为落后，不按时序进度折算。"
        ),
        records=lambda period: Enterprise.objects.filter(is_key=True),
        town_lookup="town",
        aggregates=key_coverage_aggregates,
        figure=lambda a: percent(a["visited"], a["total"]),
        columns=[
            (_("企业"), lambda e: e),
            (_("区镇"), lambda e: e.town or _("未分配区镇")),
            (_("期间内已走访"), lambda e: _("是") if e.visited else _("否")),
            (_("最近走访"), lambda e: e.last_visited_on),
        ],
        select_related=("town",),
        rows=lambda queryset, period: queryset.annotate(visited=Exists(visits_in(period))),
        paced=False,  # a rate: 100% is the aim in every period, not by the end of the year
        order=100,
    )
)


# ---- the dashboard's pool funnels and warnings (issue 14) ---------------------------------------


def at_or_beyond_on_period_end(pool, stage):
    """Memberships of the period's year in `pool` whose stage on the period's last day is `stage` or a
    later one of the pool's path (the state that day, like the pool snapshots; 未通过 drop out)."""
    return at_stage_on_period_end(pool, _later(pool, stage))


def pangao_at_level(levels):
    """攀高 memberships of the period's year in the pool on its last day, at one of `levels` (current level)."""
    in_pool = at_stage_on_period_end(Pool.PANGAO, POOL_STAGES[Pool.PANGAO])

    def records(period):
        return in_pool(period).filter(level__in=levels)

    return records


def stage_on_period_end_counts(code, pool, steps):
    """One KPI counting, in one scan of the year's memberships of `pool`, those whose stage on the
    period's last day is in each step's stages: aggregates "s0", "s1", ... (the funnel's figures)."""

    def last_stage(period):
        return Subquery(
            PoolStageChange.objects.filter(membership=OuterRef("pk"), on__lte=period.end)
            .order_by("-on", "-recorded_at", "-id")
            .values("to_stage")[:1]
        )

    def aggregates(period):
        day = period.end
        return {
            f"s{i}": Count(
                "pk", filter=Q(stage_on__lte=day, stage__in=stages) | Q(stage_on__gt=day, stage_then__in=stages)
            )
            for i, stages in enumerate(steps)
        }

    return KPI(
        code=f"{code}#all",
        name=code,
        unit=_("家"),
        group=Group.ENTERPRISES,
        kind=Kind.SNAPSHOT,
        definition="",
        records=lambda period: PoolMembership.objects.filter(pool=pool, year=period.year).alias(
            stage_then=last_stage(period)
        ),
        town_lookup=ENTERPRISE_TOWN,
        aggregates=aggregates,
    )


def _later(pool, stage):
    path = POOL_STAGES[pool]
    later = path[path.index(stage) :]
    if pool == Pool.QIANGJI and stage == path[0]:
        later = [*later, Stage.RELOCATED_IN]
    return later


def _funnel_steps(code, pool, stages):
    labels = dict(Stage.choices)
    return [
        KPI(
            code=step_code(code, index),
            name=labels[stage],
            unit=_("家"),
            group=Group.ENTERPRISES,
            kind=Kind.SNAPSHOT,
            definition=_("期末当天，本年度该培育库中处于“%(stage)s”或之后阶段的企业数（未通过的不计）。")
            % {"stage": labels[stage]},
            records=at_or_beyond_on_period_end(pool, stage),
            town_lookup=ENTERPRISE_TOWN,
            columns=MEMBERSHIP_COLUMNS,
            select_related=MEMBERSHIP_RELATED,
        )
        for index, stage in enumerate(stages)
    ]


register_funnel(
    Funnel(
        code="ent.fanxing",
        name=_("繁星计划（科技型中小企业）"),
        group=Group.ENTERPRISES,
        steps=_funnel_steps("ent.fanxing", Pool.FANXING, POOL_STAGES[Pool.FANXING]),
        combined=stage_on_period_end_counts(
            "ent.fanxing", Pool.FANXING, [_later(Pool.FANXING, s) for s in POOL_STAGES[Pool.FANXING]]
        ),
        order=10,
    )
)
register_funnel(
    Funnel(
        code="ent.qiangji",
        name=_("强基计划（培育库→已认定）"),
        group=Group.ENTERPRISES,
        steps=_funnel_steps("ent.qiangji", Pool.QIANGJI, POOL_STAGES[Pool.QIANGJI]),
        combined=stage_on_period_end_counts(
            "ent.qiangji", Pool.QIANGJI, [_later(Pool.QIANGJI, s) for s in POOL_STAGES[Pool.QIANGJI]]
        ),
        order=20,
    )
)
_PANGAO_LEVELS = [PangaoLevel.LEADING, PangaoLevel.GAZELLE, PangaoLevel.POTENTIAL_UNICORN, PangaoLevel.UNICORN]
register_funnel(
    Funnel(
        code="ent.pangao",
        name=_("攀高计划（层级）"),
        group=Group.ENTERPRISES,
        note=_("按企业当前层级统计，含更高层级。"),
        steps=[
            KPI(
                code=step_code("ent.pangao", index),
                name=level.label,
                unit=_("家"),
                group=Group.ENTERPRISES,
                kind=Kind.SNAPSHOT,
                definition=_("期末在攀高计划中、当前层级为“%(level)s”或更高的企业数。") % {"level": level.label},
                records=pangao_at_level(_PANGAO_LEVELS[index:]),
                town_lookup=ENTERPRISE_TOWN,
                columns=[*MEMBERSHIP_COLUMNS[:3], (_("层级"), lambda m: m.get_level_display())],
                select_related=MEMBERSHIP_RELATED,
            )
            for index, level in enumerate(_PANGAO_LEVELS)
        ],
        order=30,
    )
)

register_warning(
    Warning(
        code="ent.hte_expiring",
        label=_("高企证书12个月内到期"),
        count=lambda user, today: selectors.certificates_expiring(user, today=today).count(),
        url=lambda user, today: reverse("enterprises:warnings"),
        order=10,
    )
)
register_warning(
    Warning(
        code="ent.qiangji_without_rd",
        label=_("强基库企业未备案研发项目"),
        count=lambda user, today: selectors.pool_without_rd(user, year=today.year).count(),
        url=lambda user, today: f"{reverse('enterprises:warnings_no_rd')}?{urlencode({'year': today.year})}",
        order=20,
    )
)
register_warning(
    Warning(
        code="ent.key_not_visited",
        label=_("重点企业本季度未走访"),
        count=lambda user, today: selectors.key_enterprises_due(user, today).count(),
        url=lambda user, today: reverse("enterprises:visit_due"),
        severity="danger",
        order=30,
    )
)
