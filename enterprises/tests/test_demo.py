"""seed_demo's enterprises: the seed's H1 2023 figures by the docs/domain.md §3 definitions, and idempotency.

The figures are counted here with plain ORM queries written from docs/domain.md §3, independent of the
demo code, so a change to the demo plan that moves a figure fails here:

- a stage count counts every membership of the year that reached the stage or a later one on
  its path, by a PoolStageChange dated in the period (the 406 参评 include the 363 入库, and a
  firm rejected after 参评 still counts as 参评);
- a snapshot counts the stage each membership of the year was in on the period's last day,
  i.e. the `to_stage` of its last PoolStageChange on or before that day.
"""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery

from accounts.models import User
from core.credit_code import is_valid_credit_code
from enterprises.models import (
    POOL_EXTRA_STAGES,
    POOL_STAGES,
    CultivationEvent,
    Enterprise,
    EnterpriseYear,
    PangaoLevel,
    Pool,
    PoolMembership,
    PoolStageChange,
    RDProject,
    Stage,
    Visit,
)

H1 = (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
TABLES = [User, Enterprise, EnterpriseYear, PoolMembership, PoolStageChange, RDProject, CultivationEvent, Visit]


def _table_counts():
    return {model.__name__: model.objects.count() for model in [*TABLES, LogEntry]}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """seed_demo run twice in one transaction that is rolled back after this module's tests."""
    import json

    def run():
        from io import StringIO

        out = StringIO()
        call_command("seed_demo", "--json", "--force", stdout=out)
        return json.loads(out.getvalue())

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            first = run()
            after_first = _table_counts()
            second = run()
            after_second = _table_counts()
            yield {"first": first, "second": second, "after_first": after_first, "after_second": after_second}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def reached_in_period(pool, stage, year, start, end):
    """Memberships of `year` that reached `stage` or a later stage of the pool's path in [start, end]."""
    path = POOL_STAGES[pool]
    later = path[path.index(stage) :]
    changes = PoolStageChange.objects.filter(to_stage__in=later, on__range=(start, end))
    return PoolMembership.objects.filter(pool=pool, year=year, pk__in=changes.values("membership_id")).count()


def at_stage_on(pool, stages, year, day):
    """Memberships of `year` whose stage on `day` (their last change on or before it) is in `stages`."""
    last = (
        PoolStageChange.objects.filter(membership=OuterRef("pk"), on__lte=day)
        .order_by("-on", "-recorded_at", "-id")
        .values("to_stage")[:1]
    )
    return (
        PoolMembership.objects.filter(pool=pool, year=year)
        .annotate(stage_then=Subquery(last))
        .filter(stage_then__in=stages)
        .count()
    )


def test_h1_2023_figures_are_the_seeds(seeded):
    assert reached_in_period(Pool.FANXING, Stage.EVALUATED, 2023, *H1) == 406  # ent.fanxing_evaluated
    assert reached_in_period(Pool.FANXING, Stage.REGISTERED, 2023, *H1) == 363  # ent.fanxing_registered
    candidates = [Stage.CANDIDATE, Stage.APPLIED, Stage.EXPERT_REVIEW, Stage.RECOGNIZED]
    assert at_stage_on(Pool.QIANGJI, candidates, 2023, H1[1]) == 199  # ent.qiangji_candidates
    assert RDProject.objects.filter(filed_on__range=H1).count() == 777  # ent.rd_filings
    coaching = CultivationEvent.objects.filter(kind=CultivationEvent.Kind.COACHING, held_on__range=H1)
    assert coaching.count() == 5  # ent.coaching_sessions
    recommended = PoolMembership.objects.filter(
        pool=Pool.PANGAO,
        recommended_provincial=True,
        recommended_on__range=H1,
        level__in=[PangaoLevel.POTENTIAL_UNICORN, PangaoLevel.UNICORN],
    )
    assert sorted(recommended.values_list("enterprise__name", flat=True)) == sorted(  # ent.unicorn_recommended
        [
            "江苏澳斯康生物医药股份有限公司",
            "南通嘉兆电子有限公司",
            "南通复亚智能科技有限公司",
            "南通海赛未来数字科技有限公司",
        ]
    )
    aosikang = recommended.get(enterprise__name__startswith="江苏澳斯康")
    assert aosikang.level == PangaoLevel.UNICORN and aosikang.national_list


def test_the_figures_need_the_definitions_not_shortcuts(seeded):
    """The demo holds the cases that tell a right count from a near miss."""
    # Entered directly as 已入库 (an imported list): no change to 已参评, yet counted as 参评.
    direct = PoolMembership.objects.filter(pool=Pool.FANXING, year=2023, stage=Stage.REGISTERED).exclude(
        changes__to_stage=Stage.EVALUATED
    )
    assert direct.exists()
    # Rejected after 参评 in H1: counted in the 406, not in the 363.
    rejected = PoolMembership.objects.filter(
        pool=Pool.FANXING, year=2023, changes__to_stage=Stage.REJECTED, changes__on__range=H1
    )
    assert rejected.exists()
    assert all(m.changes.filter(to_stage=Stage.EVALUATED, on__range=H1).exists() for m in rejected)
    # Some 拟申报 withdrew before 30 June (not in the snapshot), and most moved on after it.
    withdrawn = PoolMembership.objects.filter(pool=Pool.QIANGJI, year=2023, changes__to_stage=Stage.REJECTED)
    assert withdrawn.filter(changes__on__range=H1).exists()
    assert PoolStageChange.objects.filter(
        membership__pool=Pool.QIANGJI, membership__year=2023, to_stage=Stage.APPLIED, on__gt=H1[1]
    ).exists()
    # Earlier years' 高企 are recognized on 30 June 2023 too: only the 2023 memberships count.
    assert at_stage_on(Pool.QIANGJI, [Stage.RECOGNIZED], 2022, H1[1]) > 0
    # No R&D filing in January–February ("3月份以来"), so the period and the campaign agree.
    assert not RDProject.objects.filter(filed_on__range=(H1[0], dt.date(2023, 2, 28))).exists()


def test_stage_histories_follow_the_pool_rules(seeded):
    """Bulk-written memberships keep the services' semantics: membership = its last change; the
    first change enters the pool, every later one is a step forward or 未通过, dates never go back."""
    memberships = PoolMembership.objects.prefetch_related("changes")
    for m in memberships:
        changes = sorted(m.changes.all(), key=lambda c: (c.on, c.id))
        assert changes, m
        assert (m.stage, m.stage_on) == (changes[-1].to_stage, changes[-1].on), m
        assert changes[0].from_stage == "", m
        path = POOL_STAGES[Pool(m.pool)]
        allowed = set(path) | set(POOL_EXTRA_STAGES[Pool(m.pool)])
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_stage == before.to_stage, m
            assert after.on >= before.on, m
            step_forward = before.to_stage in path and path.index(before.to_stage) + 1 < len(path)
            assert after.to_stage == Stage.REJECTED or (
                step_forward and after.to_stage == path[path.index(before.to_stage) + 1]
            ), m
        assert {c.to_stage for c in changes} <= allowed, m
        if m.stage in {Stage.REGISTERED, Stage.RECOGNIZED, Stage.RELOCATED_IN}:
            assert m.certificate_no and m.certified_on, m
    numbers = PoolMembership.objects.filter(pool=Pool.FANXING, year=2023, stage=Stage.REGISTERED)
    assert all(re.fullmatch(r"2023320614\d{5}", n) for n in numbers.values_list("certificate_no", flat=True))


def test_enterprises_are_plausible_haimen_enterprises(seeded):
    codes = list(Enterprise.objects.values_list("credit_code", flat=True))
    assert len(codes) >= 900
    assert all(is_valid_credit_code(code) for code in codes)
    divisions = {code[2:8] for code in codes}
    assert {"320614", "320684"} <= divisions
    assert Enterprise.objects.filter(town__isnull=False).values("town").distinct().count() == 15
    for name, town in [
        ("江苏澳斯康生物医药股份有限公司", "临江新区"),
        ("招商局重工（江苏）有限公司", "海门港新区"),
        ("南通维柏思特衬布有限公司", "常乐镇"),
        ("南通慧起点智能科技有限公司", "三星镇"),
        ("益诺思生物技术南通有限公司", "临江新区"),
    ]:
        assert Enterprise.objects.get(name=name).town.name == town
    for short in ["嘉兆电子", "复亚智能", "海赛未来", "沈化测试", "森达装饰材料", "海新船务", "皇虎检测", "金轮针布"]:
        assert Enterprise.objects.filter(name__contains=short).count() == 1, short
    # Rules the services enforce hold for the bulk-written rows too.
    assert not EnterpriseYear.objects.filter(hitech_revenue__gt=F("revenue")).exists()
    assert not Enterprise.objects.filter(rd_staff__gt=F("employees")).exists()
    # Some yearly figures are missing, so the diagnosis has "unknown" to show.
    assert EnterpriseYear.objects.filter(Q(rd_expense_domestic=None) | Q(hitech_revenue=None)).exists()


def test_grid_officers_and_visits(seeded, settings):
    # The module's seed ran before the suite's fast test hasher was set, so check with the real one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    officers = User.objects.filter(role=User.Role.TOWN_OFFICER)
    assert officers.values("town").distinct().count() == 15
    assert officers.get(username="officer").town.name == "常乐镇"
    assert officers.get(username="grid_sanxing").town.name == "三星镇"
    assert officers.get(username="grid_sanxing").check_password("Haimen@2023")
    # An enterprise's grid officer belongs to its town.
    assert not Enterprise.objects.filter(grid_officer__isnull=False).exclude(grid_officer__town=F("town")).exists()
    # last_visited_on is the date of the latest visit, as the visit service keeps it.
    mismatched = (
        Enterprise.objects.annotate(latest=Max("visits__visited_on"))
        .exclude(latest=F("last_visited_on"))
        .exclude(latest__isnull=True, last_visited_on__isnull=True)
    )
    assert not mismatched.exists()
    assert Visit.objects.filter(visited_on__year=2023).exists()
    assert not Visit.objects.filter(visited_on__gt=dt.date(2026, 11, 27)).exists()
    assert Visit.objects.exclude(needs=[]).filter(follow_up=Visit.FollowUp.OPEN).exists()
    key = Enterprise.objects.filter(is_key=True).annotate(
        visits_2023=Count("visits", filter=Q(visits__visited_on__year=2023))
    )
    assert key.filter(visits_2023__gt=0).count() >= 0.9 * key.count()
    clinics = Visit.objects.filter(kind=Visit.Kind.TECH_CLINIC, visited_on__range=H1)
    assert {"南通慧起点智能科技有限公司", "南通维柏思特衬布有限公司", "南通森达装饰材料有限公司"} <= set(
        clinics.values_list("enterprise__name", flat=True)
    )


def test_certificates_fall_due_around_today(seeded):
    """高企 certificates of 2021 fell due in 2024; some fall due within a year of the demo's today."""
    today = dt.date(2026, 11, 27)
    hte = PoolMembership.objects.filter(pool=Pool.QIANGJI, certified_on__isnull=False)
    assert hte.filter(certified_on__year=2021).exists()
    due_soon = [m for m in hte if today <= m.certificate_expires_on <= today.replace(year=2027)]
    assert len(due_soon) >= 20
    # and none of it touches the H1 2023 counts: no certificate is dated in H1 2023
    assert not hte.filter(certified_on__range=H1).exists()


def test_seed_demo_is_idempotent(seeded):
    assert seeded["after_second"] == seeded["after_first"]
    assert set(seeded["second"]["enterprises"]["created"].values()) == {0}
    first, second = dict(seeded["first"]["enterprises"]), dict(seeded["second"]["enterprises"])
    assert first.pop("created") == first  # the first run created every row it reports
    second.pop("created")
    assert first == second
    # The first run's bulk writes are in the change log as one seed_demo batch.
    assert LogEntry.objects.filter(cid="seed_demo").count() >= first["enterprises"] + first["visits"]
