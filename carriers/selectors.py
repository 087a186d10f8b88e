"""Every read of the carriers pages, scoped through Model.objects.for_user(user) (core/scope.py).

Tenants' 科小 / 高企 / 培育库 flags are computed from the enterprises app's pool memberships here
(never typed on a carrier), in the same query as the tenants.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from enterprises import selectors as enterprise_selectors

from . import rules
from .models import (
    Area,
    Carrier,
    ConstructionReport,
    Kind,
    Level,
    LevelApplication,
    LevelChange,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformProject,
    PlatformTarget,
    ScheduleSetting,
    Status,
    Tenancy,
)

GOAL_SQM = Decimal("1000000")  # 三个一百: 到2023年新建各类科创载体100万平方米


def _current(tenancies, today):
    return tenancies.filter(moved_in_on__lte=today).filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=today))


def carrier_list(user):
    today = timezone.localdate()
    current = Q(tenancies__moved_in_on__lte=today) & (
        Q(tenancies__moved_out_on__isnull=True) | Q(tenancies__moved_out_on__gt=today)
    )
    return (
        Carrier.objects.for_user(user)
        .select_related("town")
        .annotate(tenant_count=Count("tenancies", filter=current, distinct=True))
    )


def carrier_detail(user):
    return Carrier.objects.for_user(user).select_related("town")


def tenant_flags(tenancies, *, year, today):
    """Tenancies annotated with is_tech_sme (繁星 已入库 of the year), is_hte (高企 certificate valid
    today) and in_pool (any pool of the year, not 未通过), as the enterprises app defines them."""
    return tenancies.annotate(**enterprise_selectors.pool_flags(OuterRef("enterprise_id"), year=year, today=today))


def carrier_page(carrier, *, today=None) -> dict:
    """Everything the carrier page shows, in a fixed number of queries whatever the rows."""
    today = today or timezone.localdate()
    tenants = list(
        tenant_flags(
            carrier.tenancies.filter(moved_in_on__lte=today).select_related("enterprise"), year=today.year, today=today
        ).order_by("moved_out_on", "-moved_in_on")
    )
    current = [t for t in tenants if t.moved_in_on <= today and (t.moved_out_on is None or t.moved_out_on > today)]
    reports = list(carrier.reports.order_by("year", "quarter"))
    applications = list(
        carrier.applications.prefetch_related(
            Prefetch("changes", queryset=LevelChange.objects.select_related("changed_by").order_by("on", "id"))
        )
    )
    threshold = ScheduleSetting.current()
    latest = reports[-1] if reports else None
    return {
        "tenants": tenants,
        "tenant_counts": {
            "current": len(current),
            "tech_sme": sum(t.is_tech_sme for t in current),
            "hte": sum(t.is_hte for t in current),
            "in_pool": sum(t.in_pool for t in current),
            "graduated": sum(t.graduated for t in tenants),
        },
        "reports": list(reversed(reports)),
        "chart": {
            "labels": [f"{r.year}Q{r.quarter}" for r in reports],
            "planned": [float(r.planned_pct) for r in reports],
            "actual": [float(r.actual_pct) for r in reports],
        },
        "latest_report": latest,
        "threshold": threshold,
        "behind": latest is not None and rules.is_behind(latest.planned_pct, latest.actual_pct, threshold),
        "applications": applications,
        "contracts": list(carrier.operator_contracts.all()),
    }


def _latest_report(upto=None):
    reports = ConstructionReport.objects.filter(carrier=OuterRef("pk"))
    if upto is not None:
        reports = reports.filter(Q(year__lt=upto.year) | Q(year=upto.year, quarter__lte=rules.quarter_of(upto)))
    return reports.order_by("-year", "-quarter")


def with_latest_report(queryset, upto=None):
    latest = _latest_report(upto)
    return queryset.annotate(
        last_year=Subquery(latest.values("year")[:1]),
        last_quarter=Subquery(latest.values("quarter")[:1]),
        last_planned=Subquery(latest.values("planned_pct")[:1]),
        last_actual=Subquery(latest.values("actual_pct")[:1]),
    ).annotate(gap=F("last_planned") - F("last_actual"))


def behind_schedule(queryset, threshold=None, upto=None):
    """Carriers whose latest quarterly report (up to `upto`) has actual trailing planned by more than the threshold."""
    threshold = ScheduleSetting.current() if threshold is None else threshold
    return with_latest_report(queryset, upto).filter(gap__gt=threshold)


def behind_schedule_list(user):
    return behind_schedule(Carrier.objects.for_user(user).select_related("town")).order_by("-gap")


def report_list(user):
    return ConstructionReport.objects.for_user(user).select_related("carrier__town")


def tenancy_list(user):
    return Tenancy.objects.for_user(user).select_related("carrier", "enterprise")


def application_list(user):
    return LevelApplication.objects.for_user(user).select_related("carrier__town")


def application_detail(user):
    return application_list(user).prefetch_related(
        Prefetch("changes", queryset=LevelChange.objects.select_related("changed_by").order_by("on", "id"))
    )


def contract_list(user):
    return OperatorContract.objects.for_user(user).select_related("carrier__town")


def totals(user) -> dict:
    """Floor area by kind, level, town and area; the group's area; progress toward 100万㎡ (three queries)."""
    carriers = Carrier.objects.for_user(user)
    area = Coalesce(Sum("area_sqm"), Value(Decimal(0)), output_field=DecimalField())

    def grouped(field, labels):
        rows = carriers.values(field).annotate(sqm=area, n=Count("pk")).order_by(field)
        return [{"label": labels.get(r[field], r[field]) or "—", "sqm": r["sqm"], "n": r["n"]} for r in rows]

    overall = carriers.aggregate(
        total=area,
        group=Coalesce(Sum("area_sqm", filter=Q(group_managed=True)), Value(Decimal(0)), output_field=DecimalField()),
        group_n=Count("pk", filter=Q(group_managed=True)),
        new=Coalesce(
            Sum("area_sqm", filter=Q(new_build=True, status=Status.OPERATING)),
            Value(Decimal(0)),
            output_field=DecimalField(),
        ),
        n=Count("pk"),
    )
    towns = carriers.values("town__name", "town__order").annotate(sqm=area, n=Count("pk")).order_by("town__order")
    return {
        **overall,
        "goal": GOAL_SQM,
        "goal_pct": round(overall["new"] * 100 / GOAL_SQM, 1),
        "by_kind": grouped("kind", dict(Kind.choices)),
        "by_level": grouped("level", dict(Level.choices)),
        "by_area": grouped("area", {**dict(Area.choices), "": "不属于两城一园"}),
        "by_town": [{"label": r["town__name"], "sqm": r["sqm"], "n": r["n"]} for r in towns],
    }


# ---- platforms ---------------------------------------------------------------------------------


def platform_list(user):
    year = timezone.localdate().year
    return (
        Platform.objects.for_user(user)
        .select_related("town")
        .annotate(
            project_count=Count("projects", filter=Q(projects__year=year), distinct=True),
            target_projects=Subquery(
                PlatformTarget.objects.filter(platform=OuterRef("pk"), year=year).values("projects")[:1]
            ),
        )
    )


def platform_detail(user):
    return Platform.objects.for_user(user).select_related("town")


def platform_progress(platform, year) -> dict:
    """The year's targets and what the platform's projects reached (projects, incubated, service platforms)."""
    target = next((t for t in platform.targets.all() if t.year == year), None)
    projects = list(platform.projects.filter(year=year).order_by("title"))
    done = {
        "projects": sum(p.stage in (PlatformProject.Stage.STARTED, PlatformProject.Stage.DONE) for p in projects),
        "incubated": sum(p.incubated for p in projects),
        "service_platforms": sum(p.is_service_platform for p in projects),
    }
    rows = []
    for key, label in (("projects", "创新项目"), ("incubated", "衍生孵化企业"), ("service_platforms", "公共服务平台")):
        goal = getattr(target, key) if target else None
        pct = round(done[key] * 100 / goal) if goal else None
        rows.append({"key": key, "label": label, "goal": goal, "done": done[key], "pct": pct})
    return {"year": year, "target": target, "projects": projects, "progress": rows}


def project_list(user):
    return PlatformProject.objects.for_user(user).select_related("platform__town")


def target_list(user):
    return PlatformTarget.objects.for_user(user).select_related("platform__town")


def threshold_expression():
    """The admin's threshold read inside the SQL (a KPI's records must not query while being built)."""
    setting = ScheduleSetting.objects.order_by("pk").values("threshold_pct")[:1]
    return Coalesce(Subquery(setting), Value(rules.DEFAULT_THRESHOLD), output_field=DecimalField())


def behind_schedule_ids(day):
    """Carriers behind schedule on `day` as a plain queryset (no annotations), for the KPI's aggregates."""
    behind = with_latest_report(Carrier.objects.all(), day).filter(gap__gt=threshold_expression()).values("pk")
    return Carrier.objects.filter(pk__in=behind)


def review_list(user):
    """Reviews ranked within their year by score (a window function: one query whatever the rows)."""
    from django.db.models import Window
    from django.db.models.functions import Rank

    return (
        PerformanceReview.objects.for_user(user)
        .select_related("carrier__town")
        .annotate(rank=Window(Rank(), partition_by=[F("year")], order_by=F("score").desc()))
    )


def review_detail(user):
    return PerformanceReview.objects.for_user(user).select_related("carrier__town")
