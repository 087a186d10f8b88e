"""The carriers KPIs (docs/domain.md §3, 创新型园区), registered with reports' KPI registry.

- carrier.provincial_applied / carrier.city_passed: stage counts of the level workflow — level
  applications for 省级 that reached 区推荐 (resp. 市审核通过) or a later stage by a LevelChange dated
  in the period, so "6 家申报、5 家通过南通审核" and a later 未通过 does not undo either;
- carrier.group_area / carrier.new_area: snapshots in 万㎡ of the carriers open (or without an
  opening date) on the period's last day;
- carrier.behind_schedule: snapshot of carriers whose latest quarterly report up to the period's
  end trails plan by more than the admin's threshold (rules.is_behind);
- carrier.operators_signed: operator contracts signed in the period;
- platform.projects: platform projects started in the period.
"""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.dashboard.registry import Warning, register_warning
from reports.registry import KPI, Group, Kind, register

from . import selectors
from .models import (
    LEVEL_WORKFLOW,
    ApplicationStage,
    Carrier,
    Level,
    LevelApplication,
    LevelChange,
    OperatorContract,
    PlatformProject,
    Status,
)

CARRIER_TOWN = "carrier__town"


def reached_in(stage):
    path = list(LEVEL_WORKFLOW.path)
    later = path[path.index(stage) :]

    def records(period):
        changes = LevelChange.objects.filter(application=OuterRef("pk"), to_stage__in=later, on__range=period.dates)
        return LevelApplication.objects.filter(target_level=Level.PROVINCIAL).filter(Exists(changes))

    return records


def open_on_period_end(period):
    return Carrier.objects.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=period.end))


def wan_sqm(aggregates):
    """㎡ → 万㎡, two decimals (8.8 for 88,000 ㎡)."""
    value = aggregates["value"] or Decimal(0)
    return (value / 10000).quantize(Decimal("0.01")).normalize()


APPLICATION_COLUMNS = [
    (_("载体"), lambda a: a.carrier),
    (_("区镇"), lambda a: a.carrier.town),
    (_("申报类型"), lambda a: a.get_applied_as_display()),
    (_("当前阶段"), lambda a: a.get_stage_display()),
    (_("进入本阶段"), lambda a: a.stage_on),
]
CARRIER_COLUMNS = [
    (_("载体"), lambda c: c),
    (_("区镇"), lambda c: c.town),
    (_("类型"), lambda c: c.get_kind_display()),
    (_("面积(㎡)"), lambda c: c.area_sqm),
]

register(
    KPI(
        code="carrier.provincial_applied",
        name=_("申报省级孵化器/众创空间"),
        unit=_("家"),
        group=Group.PARKS,
        kind=Kind.FLOW,
        definition=_("申报省级的载体级别申报中，本期间内经区推荐（或已进入更后阶段）的申报数，按阶段变化日期计。"),
        records=reached_in(ApplicationStage.DISTRICT),
        town_lookup=CARRIER_TOWN,
        columns=APPLICATION_COLUMNS,
        select_related=("carrier__town",),
        order=10,
    )
)
register(
    KPI(
        code="carrier.city_passed",
        name=_("通过南通审核"),
        unit=_("家"),
        group=Group.PARKS,
        kind=Kind.FLOW,
        definition=_("申报省级的载体级别申报中，本期间内通过南通市审核（或已进入省评审、认定）的申报数。"),
        records=reached_in(ApplicationStage.CITY_PASSED),
        town_lookup=CARRIER_TOWN,
        columns=APPLICATION_COLUMNS,
        select_related=("carrier__town",),
        order=11,
    )
)
register(
    KPI(
        code="carrier.group_area",
        name=_("交科技人才集团管理面积"),
        unit=_("万㎡"),
        group=Group.PARKS,
        kind=Kind.SNAPSHOT,
        definition=_("期末由科技人才发展集团管理的载体面积之和（万平方米），不含期末尚未启用的载体。"),
        records=lambda period: open_on_period_end(period).filter(group_managed=True),
        town_lookup="town",
        aggregates={"value": Sum("area_sqm")},
        figure=wan_sqm,
        columns=CARRIER_COLUMNS,
        select_related=("town",),
        order=12,
    )
)
register(
    KPI(
        code="carrier.new_area",
        name=_("新建科创载体面积"),
        unit=_("万㎡"),
        group=Group.PARKS,
        kind=Kind.SNAPSHOT,
        definition=_(
            "计入“三个一百”的新建科创载体中，已建成运营、期末已启用（或未填启用日期）的面积之和（万平方米）；目标100万㎡。"
        ),
        records=lambda period: open_on_period_end(period).filter(new_build=True, status=Status.OPERATING),
        town_lookup="town",
        aggregates={"value": Sum("area_sqm")},
        figure=wan_sqm,
        columns=CARRIER_COLUMNS,
        select_related=("town",),
        order=13,
    )
)
register(
    KPI(
        code="carrier.behind_schedule",
        name=_("建设进度滞后载体"),
        unit=_("个"),
        group=Group.PARKS,
        kind=Kind.SNAPSHOT,
        definition=_("截至期末最近一期建设进度季报中，实际进度落后计划进度超过预警阈值的载体数（阈值由管理员设置）。"),
        records=lambda period: selectors.behind_schedule_ids(period.end),
        town_lookup="town",
        columns=CARRIER_COLUMNS,
        select_related=("town",),
        paced=False,
        order=14,
    )
)
register(
    KPI(
        code="carrier.operators_signed",
        name=_("载体平台与专业化运营商签约"),
        unit=_("家"),
        group=Group.PARKS,
        kind=Kind.FLOW,
        definition=_("本期间内与载体签约的专业化运营机构数，按签约日期计。"),
        records=lambda period: OperatorContract.objects.filter(
            stage=OperatorContract.Stage.SIGNED, signed_on__range=period.dates
        ),
        town_lookup=CARRIER_TOWN,
        columns=[
            (_("载体"), lambda c: c.carrier),
            (_("运营机构"), lambda c: c.company),
            (_("签约日期"), lambda c: c.signed_on),
        ],
        select_related=("carrier__town",),
        order=15,
    )
)
register(
    KPI(
        code="platform.projects",
        name=_("创新平台招引实施项目"),
        unit=_("项"),
        group=Group.PARKS,
        kind=Kind.FLOW,
        definition=_("创新平台本期间内启动的项目数，按启动日期计。"),
        records=lambda period: PlatformProject.objects.filter(started_on__range=period.dates),
        town_lookup="platform__town",
        aggregates={"value": Count("pk")},
        columns=[
            (_("平台"), lambda p: p.platform),
            (_("项目"), lambda p: p.title),
            (_("阶段"), lambda p: p.get_stage_display()),
        ],
        select_related=("platform__town",),
        order=16,
    )
)


# ---- the dashboard's warnings (issue 14) -------------------------------------------------------


def platforms_behind(user, today):
    """Platforms whose projects started this year trail their yearly target × 时序进度 (in the user's scope)."""
    from django.db.models import F, FloatField, Subquery, Value
    from django.db.models.functions import Cast

    from reports.periods import make_period

    from .models import Platform, PlatformProject, PlatformTarget

    progress = make_period(today.year, "Y").time_progress(today)
    done = PlatformProject.Stage.STARTED, PlatformProject.Stage.DONE
    goal = PlatformTarget.objects.filter(platform=OuterRef("pk"), year=today.year).values("projects")[:1]
    return (
        Platform.objects.for_user(user)
        .select_related("town")
        .annotate(
            done_projects=Count(
                "projects", filter=Q(projects__year=today.year, projects__stage__in=done), distinct=True
            ),
            target_projects=Subquery(goal),
        )
        .filter(target_projects__gt=0)
        .filter(done_projects__lt=Cast(F("target_projects"), FloatField()) * Value(progress))
        .order_by("town__order", "name")
    )


register_warning(
    Warning(
        code="carrier.behind_schedule",
        label=_("载体建设进度滞后"),
        count=lambda user, today: selectors.behind_schedule_list(user).count(),
        url=lambda user, today: reverse("carriers:behind_schedule"),
        severity="danger",
        order=40,
    )
)
register_warning(
    Warning(
        code="platform.behind_target",
        label=_("创新平台项目落后于年度目标"),
        records=platforms_behind,
        columns=[
            (_("平台"), lambda p: p),
            (_("区镇"), lambda p: p.town),
            (_("本年已启动项目"), lambda p: p.done_projects),
            (_("年度目标"), lambda p: p.target_projects),
        ],
        order=50,
    )
)
