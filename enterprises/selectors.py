"""Reads of enterprises, always scoped to the user: lists, one enterprise whole, diagnosis, warnings."""

import dataclasses
import datetime as dt
import hashlib

from django.core.cache import cache
from django.db.models import Case, CharField, Count, Exists, F, Max, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone

from core import scope
from core.filters import search_text

from . import diagnosis, rules
from .models import (
    HTE_CERTIFIED_STAGES,
    OPEN_FOLLOW_UPS,
    Enterprise,
    EnterpriseYear,
    FollowUpNote,
    Pool,
    PoolMembership,
    PoolStageChange,
    RDProject,
    Stage,
    Visit,
    VisitPhoto,
)
from .rules import quarter_start


def current_year() -> int:
    """The working year of pools and filings: the calendar year in Asia/Shanghai."""
    return timezone.localdate().year


# ---- the enterprise list -----------------------------------------------------------------


def enterprise_list(user):
    """The enterprise list's rows: scoped, with what the table shows fetched in the same query."""
    return Enterprise.objects.for_user(user).select_related("town", "grid_officer")


def with_pool_stages(queryset, year):
    """Each row's stage in 繁星/强基 and its 攀高 level for `year`, in the same query.

    Correlated subqueries on the (enterprise, pool, year) unique index; PostgreSQL evaluates
    them after ORDER BY … LIMIT, so only for the rows of the page (or of the export).
    NULL = not in that pool that year; an empty 攀高 level = in 攀高 without a level yet.
    """

    def of(pool, field="stage"):
        members = PoolMembership.objects.filter(enterprise=OuterRef("pk"), pool=pool, year=year)
        return Subquery(members.values(field)[:1])

    return queryset.annotate(
        fanxing_stage=of(Pool.FANXING),
        qiangji_stage=of(Pool.QIANGJI),
        pangao_level=of(Pool.PANGAO, "level"),
    )


def with_year_memberships(queryset, year):
    """Each row's memberships of `year` as `row.year_memberships`: one query for the rows of the
    page, after LIMIT/OFFSET (annotating them instead would be computed for every skipped row
    of a deep page)."""
    members = PoolMembership.objects.filter(year=year).order_by("pool")
    return queryset.prefetch_related(Prefetch("memberships", queryset=members, to_attr="year_memberships"))


def search(queryset, text):
    """`q`: part of the name or of the credit code.

    Chinese has no letter case, so a query without Latin letters is a plain LIKE on the name
    (no UPPER() on 50,000 names, and no point looking in the codes); a query of letters and
    digits may be a code fragment as well (codes are stored upper-case).
    """
    text = search_text(text)
    if not text:
        return queryset
    if not any(ch.isascii() and ch.isalpha() for ch in text):
        condition = Q(name__contains=text)
        if text.isascii() and text.isalnum():
            condition |= Q(credit_code__contains=text)
        return queryset.filter(condition)
    condition = Q(name__icontains=text)
    if text.isascii() and text.isalnum():
        condition |= Q(credit_code__contains=text.upper())
    return queryset.filter(condition)


def in_pool(queryset, *, year, pool=None, stage=None):
    """Enterprises with a membership of `year` (in `pool`, at `stage`, when given)."""
    members = PoolMembership.objects.filter(enterprise=OuterRef("pk"), year=year)
    if pool:
        members = members.filter(pool=pool)
    if stage:
        members = members.filter(stage=stage)
    return queryset.filter(Exists(members))


# ---- reached a stage: the KPIs' rule, the pipeline and the list's half-year filter -------------


def reached_condition(stage, *, pool=None, dates=None, membership="pk"):
    """A condition on memberships: reached `stage` or a later stage of the pool's path (a
    PoolStageChange to one of them, dated within `dates` when given). The one statement of the
    KPIs' "reached-or-later" (enterprises.kpis.reached_in), the pipeline and the list's filter.

    Without `pool`, every pool that has `stage` counts, each with its own later stages.
    `membership` is the membership's pk as seen from the query (OuterRef("pk") for memberships).
    """
    from .models import POOL_WORKFLOWS

    pools = [pool] if pool else [p for p, w in POOL_WORKFLOWS.items() if stage in w.stages]
    condition = Q(pk__in=[])
    for p in pools:
        workflow = POOL_WORKFLOWS[p]
        path = list(workflow.path)
        if stage not in workflow.stages:
            continue
        # A side exit or an entry (未通过, 整体迁入) has no "later": reaching it is a change to it.
        later = path[path.index(stage) :] if stage in path else [stage]
        changes = PoolStageChange.objects.filter(membership=OuterRef(membership), to_stage__in=later)
        if dates:
            start, end = dates
            changes = changes.filter(on__gte=start) if start else changes
            changes = changes.filter(on__lte=end) if end else changes
        condition |= Q(pool=p) & Q(Exists(changes))
    return condition


def memberships_reached(stage, *, pool=None, dates=None):
    """Memberships (all years) that reached `stage` or later, within `dates` when given."""
    return PoolMembership.objects.filter(reached_condition(stage, pool=pool, dates=dates))


def enterprises_reached(queryset, stage, *, year, pool=None, dates=None):
    """Enterprises whose membership of `year` reached `stage` or later (within `dates`): one query."""
    members = memberships_reached(stage, pool=pool, dates=dates).filter(year=year, enterprise=OuterRef("pk"))
    return queryset.filter(Exists(members))


@dataclasses.dataclass
class PipelineRow:
    """One stage of a pool's pipeline: how many reached it (or later) by town, and how many are at it now."""

    stage: str
    label: str
    total: int
    by_town: list  # [(town or None, count)] in the order of the columns
    at_stage: int
    next_stage: str | None


def pool_pipeline(user, *, pool, year):
    """A pool's year as staff work it: per stage of its path, the memberships that reached it or a
    later stage (the KPIs' rule, any date) by town, and how many are at it now. Two queries."""
    from core.models import Town

    from .models import pool_workflow

    workflow = pool_workflow(pool)
    path = list(workflow.path)
    members = PoolMembership.objects.for_user(user).filter(pool=pool, year=year)
    counts = {
        row["enterprise__town"]: row
        for row in members.values("enterprise__town").annotate(
            **{f"s_{stage}": Count("pk", filter=reached_condition(stage, pool=pool)) for stage in path}
        )
    }
    now = dict(members.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    towns = list(Town.objects.filter(pk__in=[pk for pk in counts if pk is not None]))
    columns = [*towns, *([None] if None in counts else [])]
    rows = []
    for stage in path:
        by_town = [(town, counts[getattr(town, "pk", None)][f"s_{stage}"]) for town in columns]
        following = workflow.next_stages(stage)
        rows.append(
            PipelineRow(
                stage=stage,
                label=workflow.label(stage),
                total=sum(n for _town, n in by_town),
                by_town=by_town,
                at_stage=now.get(stage, 0),
                next_stage=following[0] if following and following[0] in path else None,
            )
        )
    return columns, rows


def not_visited_since(queryset, days: int, today=None):
    """Enterprises with no visit in the last `days` days; never visited counts as not visited."""
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=days)
    return queryset.filter(Q(last_visited_on__lte=cutoff) | Q(last_visited_on__isnull=True))


# ---- one enterprise ----------------------------------------------------------------------


def enterprise_detail(user):
    return Enterprise.objects.for_user(user).select_related("town", "grid_officer")


VISITS_SHOWN = 20


def enterprise_page(enterprise) -> dict:
    """Everything the enterprise page shows besides the enterprise itself, in 5–6 queries
    whatever the number of years, memberships, stage changes, filings and visits."""
    changes = PoolStageChange.objects.select_related("changed_by").order_by("on", "id")
    memberships = list(
        enterprise.memberships.order_by("-year", "pool").prefetch_related(Prefetch("changes", queryset=changes))
    )
    visits = list(enterprise.visits.select_related("officer").order_by("-visited_on", "-id")[:VISITS_SHOWN])
    visit_count = len(visits) if len(visits) < VISITS_SHOWN else enterprise.visits.count()
    return {
        "years": list(enterprise.years.order_by("-year")),
        "memberships": memberships,
        "rd_projects": list(enterprise.rd_projects.order_by("-year", "-filed_on", "-id")),
        "visits": visits,
        "visit_count": visit_count,
    }


def year_rows(user):
    return EnterpriseYear.objects.for_user(user).select_related("enterprise")


def rd_rows(user):
    return RDProject.objects.for_user(user).select_related("enterprise")


def membership_detail(user):
    changes = PoolStageChange.objects.select_related("changed_by").order_by("on", "id")
    return (
        PoolMembership.objects.for_user(user)
        .select_related("enterprise__town")
        .prefetch_related(Prefetch("changes", queryset=changes))
    )


# ---- diagnosis ---------------------------------------------------------------------------

YEAR_FIELDS = [f.name for f in dataclasses.fields(diagnosis.YearFigures)]


def year_figures(row: EnterpriseYear) -> diagnosis.YearFigures:
    return diagnosis.YearFigures(**{name: getattr(row, name) for name in YEAR_FIELDS})


def _valid_expert_scores(scores) -> dict:
    """Expert scores as the diagnosis takes them; a malformed entry (typed in the admin, say)
    is left out rather than failing the whole diagnosis — services.membership_update refuses them."""
    return rules.valid_expert_scores(scores)


def latest_qiangji(memberships):
    """The 强基 membership that speaks for the enterprise now (its expert scores, its stage): the latest year's."""
    qiangji = [m for m in memberships if m.pool == Pool.QIANGJI]
    return max(qiangji, key=lambda m: (m.year, m.pk), default=None)


def diagnosis_profile(enterprise, memberships, as_of: dt.date) -> diagnosis.EnterpriseProfile:
    certificate_valid = any(
        m.pool == Pool.QIANGJI and m.stage in HTE_CERTIFIED_STAGES and rules.certificate_valid_on(m.certified_on, as_of)
        for m in memberships
    )
    latest = latest_qiangji(memberships)
    return diagnosis.EnterpriseProfile(
        credit_code=enterprise.credit_code,
        founded_on=enterprise.founded_on,
        tech_field=enterprise.tech_field or "",
        employees=enterprise.employees,
        rd_staff=enterprise.rd_staff,
        hte_certificate_valid=certificate_valid,
        no_major_incident=enterprise.no_major_incident,
        expert_scores=_valid_expert_scores(latest.expert_scores if latest else None),
    )


def enterprise_diagnosis(enterprise, as_of=None) -> diagnosis.Diagnosis:
    """高企 and 科小 diagnosis of one enterprise from its records (docs/domain.md §4/§5).

    Reads `enterprise.years` and `enterprise.memberships` through `.all()`, so a caller that
    prefetched them (the ranking) pays no query per enterprise.
    """
    as_of = as_of or timezone.localdate()
    profile = diagnosis_profile(enterprise, list(enterprise.memberships.all()), as_of)
    years = [year_figures(row) for row in enterprise.years.all()]
    return diagnosis.diagnose(profile, years, as_of=as_of)


def qiangji_pool(user, *, year):
    """The 强基 pool of a year, scoped: the rows the ranking diagnoses."""
    return (
        PoolMembership.objects.for_user(user)
        .filter(pool=Pool.QIANGJI, year=year)
        .select_related("enterprise__town")
        .order_by("enterprise__name", "pk")
    )


# Bump when the cached summary's shape or the diagnosis rules change.
RANKING_CACHE_VERSION = 4  # 4: money written as 1,234万元 / 1.2亿元 (issue 9)
RANKING_CACHE_SECONDS = 7 * 24 * 3600


def _ranking_summary(result: diagnosis.Diagnosis) -> dict:
    """What a ranking row shows of one diagnosis, as plain data (it is cached)."""
    hte, sme = result.hte, result.tech_sme
    failing = [c for c in hte.conditions if c.status == diagnosis.Status.FAIL]
    return {
        "key": list(diagnosis.gap_rank_key(result)),
        "eligible": hte.eligible,
        "score_min": hte.score_min,
        "score_max": hte.score_max,
        "failing": [{"name": c.name, "message": c.message, "short": c.short} for c in failing],
        "unknown": [c.name for c in hte.conditions if c.status == diagnosis.Status.UNKNOWN],
        "passing": sum(c.status == diagnosis.Status.PASS for c in hte.conditions),
        "sme_eligible": sme.eligible,
        "sme_score": sme.score,
    }


def _stamps(model, enterprise_ids, **filters):
    """{enterprise_id: (latest updated_at, row count)} of `model` rows, in one grouped query."""
    rows = (
        model.objects.filter(enterprise_id__in=enterprise_ids, **filters)
        .order_by()
        .values("enterprise_id")
        .annotate(at=Max("updated_at"), n=Count("id"))
    )
    return {row["enterprise_id"]: (row["at"], row["n"]) for row in rows}


def diagnosis_ranking(memberships, *, as_of=None) -> list[dict]:
    """强基 pool members ranked by how close they are to 高企 (diagnosis.gap_rank_key).

    Rows are plain dicts (membership and enterprise fields, the diagnosis summary, the rank).
    Queries: the rows and two change stamps (3); on a cache miss, for the enterprises not
    cached: enterprises, years, qiangji memberships (3 more) — never one per enterprise.

    Caching, and why no explicit invalidation is needed: each enterprise's summary is cached
    under (enterprise, as_of, stamp), the stamp being the latest `updated_at` and the row count
    of the enterprise, its yearly figures and its 强基 memberships; any save, new row or
    deleted row changes it, so a stale summary is simply never asked for again. The whole
    ranked list is cached too, under the digest of all the stamps of its rows (so a change to
    any one row, the scope or the filters asks for another list). Keys carry `as_of`, so they
    roll over daily; entries expire after a week. (A bulk `update()` that does not set
    `updated_at` would not be seen: writers set it.)
    """
    as_of = as_of or timezone.localdate()
    rows = list(
        memberships.order_by().values(
            "pk",
            "year",
            "stage",
            "enterprise_id",
            "enterprise__name",
            "enterprise__credit_code",
            "enterprise__town__name",
            "enterprise__updated_at",
        )
    )
    enterprise_ids = memberships.order_by().values("enterprise_id")
    years = _stamps(EnterpriseYear, enterprise_ids)
    qiangji = _stamps(PoolMembership, enterprise_ids, pool=Pool.QIANGJI)
    keys = {}
    for row in rows:
        eid = row["enterprise_id"]
        raw = f"{row['enterprise__updated_at'].isoformat()}|{years.get(eid)}|{qiangji.get(eid)}"
        digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()[:16]
        keys[eid] = f"diagnosis-rank:{RANKING_CACHE_VERSION}:{eid}:{as_of}:{digest}"
    whole = hashlib.md5("|".join(sorted(f"{r['pk']}:{keys[r['enterprise_id']]}" for r in rows)).encode())
    ranking_key = f"diagnosis-ranking:{RANKING_CACHE_VERSION}:{as_of}:{whole.hexdigest()}"
    ranked = cache.get(ranking_key)
    if ranked is not None:
        return ranked

    cached = cache.get_many(list(keys.values()))
    summaries = {eid: cached[key] for eid, key in keys.items() if key in cached}
    missing = [eid for eid in keys if eid not in summaries]
    if missing:
        fresh = {}
        enterprises = Enterprise.objects.filter(pk__in=missing).prefetch_related(
            "years", Prefetch("memberships", queryset=PoolMembership.objects.filter(pool=Pool.QIANGJI))
        )
        for enterprise in enterprises:
            summary = _ranking_summary(enterprise_diagnosis(enterprise, as_of))
            summaries[enterprise.pk] = summary
            fresh[keys[enterprise.pk]] = summary
        cache.set_many(fresh, timeout=RANKING_CACHE_SECONDS)
    ranked = [
        {
            "membership_id": row["pk"],
            "year": row["year"],
            "stage": row["stage"],
            "enterprise_id": row["enterprise_id"],
            "name": row["enterprise__name"],
            "credit_code": row["enterprise__credit_code"],
            "town": row["enterprise__town__name"],
            **summaries[row["enterprise_id"]],
        }
        for row in rows
    ]
    ranked.sort(key=lambda row: (tuple(row["key"]), row["name"], row["membership_id"]))
    for rank, row in enumerate(ranked, start=1):
        row["rank"] = rank
    cache.set(ranking_key, ranked, timeout=RANKING_CACHE_SECONDS)
    return ranked


# ---- what other apps show about an enterprise ------------------------------------------------


def hte_certificate_valid(day: dt.date) -> Q:
    """PoolMembership rows holding a 高企 certificate valid on `day` (rules.certificate_valid_on, as a
    query): a certified 强基 stage, issued on or before `day` and less than three years before it."""
    return Q(
        pool=Pool.QIANGJI,
        stage__in=HTE_CERTIFIED_STAGES,
        certified_on__gte=rules.earliest_valid_issue(day),
        certified_on__lte=day,
    )


def pool_flags(enterprise, *, year: int, today: dt.date) -> dict:
    """Exists() expressions of an enterprise's standing, for another app to annotate its own rows
    with (`enterprise`: an OuterRef to the enterprise's id): is_tech_sme (繁星 已入库 of `year`),
    is_hte (a 高企 certificate valid `today`), in_pool (any pool of `year`, not 未通过)."""
    mine = PoolMembership.objects.filter(enterprise=enterprise)
    return {
        "is_tech_sme": Exists(mine.filter(pool=Pool.FANXING, year=year, stage=Stage.REGISTERED)),
        "is_hte": Exists(mine.filter(hte_certificate_valid(today))),
        "in_pool": Exists(mine.filter(year=year).exclude(stage=Stage.REJECTED)),
    }


# ---- warnings ----------------------------------------------------------------------------


def certificates_expiring(user, *, today=None, within_days=365):
    """到期老高企: 高企 whose latest certificate expires (issue + 3 years) within `within_days`.

    The window is on `certified_on` (indexed): expiry in (today, today + within] ⇔ issue in
    [earliest valid today, earliest valid on today + within) (rules.earliest_valid_issue). A newer
    certificate of the same enterprise replaces it.
    """
    today = today or timezone.localdate()
    valid_today = rules.earliest_valid_issue(today)
    expired_by_then = rules.earliest_valid_issue(today + dt.timedelta(days=within_days))
    newer = PoolMembership.objects.filter(
        Q(certified_on__gt=OuterRef("certified_on")) | Q(certified_on=OuterRef("certified_on"), pk__gt=OuterRef("pk")),
        enterprise=OuterRef("enterprise"),
        pool=Pool.QIANGJI,
        stage__in=HTE_CERTIFIED_STAGES,
    )
    this_year = PoolMembership.objects.filter(enterprise=OuterRef("enterprise"), pool=Pool.QIANGJI, year=today.year)
    return (
        PoolMembership.objects.for_user(user)
        .filter(
            pool=Pool.QIANGJI,
            stage__in=HTE_CERTIFIED_STAGES,
            certified_on__gte=valid_today,
            certified_on__lt=expired_by_then,
        )
        .exclude(Exists(newer))
        .select_related("enterprise__town", "enterprise__grid_officer")
        .annotate(current_stage=Subquery(this_year.values("stage")[:1]))
        .order_by("certified_on", "enterprise__name", "pk")
    )


def in_year_pool(queryset, *, year, pool):
    """Memberships of `pool` in `year` (a queryset of PoolMembership)."""
    return queryset.filter(pool=pool, year=year)


def lacking_rd_filing(queryset, *, year):
    """强基 memberships of `year` (not 未通过) whose enterprise filed no 研发项目 that year,
    with the year of its latest filing, if any."""
    filings = RDProject.objects.filter(enterprise=OuterRef("enterprise"))
    last_year = filings.order_by().values("enterprise").annotate(v=Max("year")).values("v")[:1]
    return (
        queryset.filter(pool=Pool.QIANGJI, year=year)
        .exclude(stage=Stage.REJECTED)
        .exclude(Exists(filings.filter(year=year)))
        .annotate(last_rd_year=Subquery(last_year))
    )


def pool_without_rd(user, *, year):
    """强基 pool members of `year` with no 研发项目备案 of that year, scoped."""
    return lacking_rd_filing(warning_rows(user), year=year).order_by("enterprise__town__order", "enterprise__name")


def warning_rows(user):
    return PoolMembership.objects.for_user(user).select_related("enterprise__town", "enterprise__grid_officer")


def home_counts(user):
    """Work-queue figures for the home page in one aggregate query."""
    return Enterprise.objects.for_user(user).aggregate(
        enterprises=Count("id"),
        unassigned_town=Count("id", filter=Q(town__isnull=True)),
        no_grid_officer=Count("id", filter=Q(grid_officer__isnull=True)),
    )


# ---- visits ------------------------------------------------------------------------------


def _person_name(relation):
    # A user as colleagues call them (family + given name), else the login name — for tables and exports.
    return Coalesce(
        NullIf(Concat(f"{relation}__last_name", f"{relation}__first_name", output_field=CharField()), Value("")),
        f"{relation}__username",
    )


def visit_list(user):
    """Visits the user may see, with enterprise, town, officer and photo count in the same query."""
    photo_count = (
        VisitPhoto.objects.filter(visit=OuterRef("pk")).order_by().values("visit").annotate(n=Count("pk")).values("n")
    )
    return (
        Visit.objects.for_user(user)
        .select_related("enterprise__town", "officer")
        .annotate(photo_count=Coalesce(Subquery(photo_count), 0), officer_name=_person_name("officer"))
    )


def visit_detail(user):
    return (
        Visit.objects.for_user(user)
        .select_related("enterprise__town", "enterprise__grid_officer", "officer")
        .prefetch_related("photos")
    )


def my_visits(user):
    """The visits this user recorded, newest first."""
    return visit_list(user).filter(officer=user).order_by("-visited_on", "-id")


def open_follow_ups(user):
    """Visits whose problem is still open (待跟进/跟进中), the longest-waiting first.

    `waiting_since`: the newest follow-up note's date, or the visit's date when nobody has
    followed it up yet — the 已等待N天 of the queue's cards.
    """
    last_note = FollowUpNote.objects.filter(visit=OuterRef("pk")).order_by("-on", "-id").values("on")[:1]
    return (
        visit_list(user)
        .filter(follow_up__in=OPEN_FOLLOW_UPS)
        .annotate(waiting_since=Coalesce(Subquery(last_note), F("visited_on")))
        .order_by("waiting_since", "visited_on", "id")
    )


def follow_up_notes(visit):
    """A visit's follow-up notes, newest first, with who wrote them (the visit page's timeline)."""
    return visit.notes.select_related("written_by").order_by("-on", "-id")


def key_enterprises_due(user, today):
    """重点企业 in the user's scope with no visit since the quarter began (the seed's 家家到).

    Reads Enterprise.last_visited_on, which the visit services keep, so this is one indexed
    query; never-visited enterprises come first, then the longest unvisited.
    """
    return (
        Enterprise.objects.for_user(user)
        .filter(is_key=True)
        .filter(Q(last_visited_on__isnull=True) | Q(last_visited_on__lt=quarter_start(today)))
        .select_related("town", "grid_officer")
        .annotate(grid_officer_name=_person_name("grid_officer"))
        .order_by(F("last_visited_on").asc(nulls_first=True), "name", "id")
    )


def key_visit_coverage(user, today):
    """{total, visited, start} of this quarter's key-enterprise visits in the user's scope, in one query."""
    start = quarter_start(today)
    counts = (
        Enterprise.objects.for_user(user)
        .filter(is_key=True)
        .aggregate(total=Count("id"), visited=Count("id", filter=Q(last_visited_on__gte=start)))
    )
    return {**counts, "start": start}


def visit_enterprise_search(user, text, limit=8):
    """Type-ahead for the visit form: enterprises in scope matching a part of the name or credit code.

    The user's own grid enterprises come first: an officer mostly visits the ones assigned to them.
    """
    from core.credit_code import normalize_credit_code

    text = search_text(text)
    if not text:
        return Enterprise.objects.none()
    return (
        Enterprise.objects.for_user(user)
        .filter(Q(name__icontains=text) | Q(credit_code__contains=normalize_credit_code(text)))
        .select_related("town", "grid_officer")
        .order_by(Case(When(grid_officer=user, then=Value(0)), default=Value(1)), "name", "id")[:limit]
    )


def visit_photos(user):
    """Photos whose visit the user may see (the photo view answers 404 for the rest)."""
    return scope.restrict(VisitPhoto.objects.all(), user)


def visit_work_counts(user, today):
    """The visit work waiting for the user's scope (home page): open follow-ups, key enterprises due."""
    coverage = key_visit_coverage(user, today)
    return {
        "open_follow_ups": Visit.objects.for_user(user).filter(follow_up__in=OPEN_FOLLOW_UPS).count(),
        "key_due": coverage["total"] - coverage["visited"],
    }


def grid_officer_choices(user, town=None):
    """Who `user` may make the 科技网格员 of an enterprise (of `town`, when given) — the one rule.

    Active 区镇科技网格员 only (never the admin, a leader or bureau staff); of the enterprise's
    town when it has one; and an officer chooses among their own town's officers only. The
    form's and the API's choice lists are this queryset, and services.grid_officer_check
    refuses anything outside it on every write path (form, API, admin, bulk assignment).
    """
    from accounts.models import User

    officers = User.objects.filter(role=User.Role.TOWN_OFFICER, is_active=True).select_related("town")
    if user is not None and not scope.sees_all_towns(user):
        officers = officers.filter(town_id=getattr(user, "town_id", None) or 0)
    if town is not None:
        officers = officers.filter(town=town)
    return officers.order_by("town__order", "username")
