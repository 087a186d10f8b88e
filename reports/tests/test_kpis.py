"""The KPI figures on hand-built records: the edges of periods, stages, towns, targets and scope.

Every expected figure is counted by hand from the records each test builds, never with the
code under test.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Target
from enterprises import services
from enterprises.models import CultivationEvent, Enterprise, PangaoLevel, Pool, PoolMembership, Stage, Visit
from enterprises.tests.factories import EnterpriseFactory, RDProjectFactory, VisitFactory
from reports import registry, selectors
from reports.periods import make_period
from reports.registry import KPI, Group, Kind

pytestmark = pytest.mark.django_db

D = dt.date
ENT_CODES = [
    "ent.fanxing_evaluated",
    "ent.fanxing_registered",
    "ent.qiangji_candidates",
    "ent.rd_filings",
    "ent.coaching_sessions",
    "ent.qiangji_pool",
    "ent.leading_pool",
    "ent.unicorn_recommended",
    "ent.visits",
    "ent.key_visit_coverage",
]


def actual(code, year, period="Y", town=None, user=None):
    kpi = registry.get_kpi(code)
    return selectors.compute([kpi], make_period(year, period), town, user=user)[0].actual


def by_town(code, year, period="Y", user=None):
    rows = selectors.compute_by_town(registry.get_kpi(code), make_period(year, period), user=user)
    return {row.town.name if row.town else None: row.figure.actual for row in rows}


@pytest.fixture
def staff(staff_user):
    return staff_user


@pytest.fixture
def grid(make_user, changle):
    return make_user("grid_changle", "town_officer", changle)


def test_every_enterprise_kpi_is_registered_with_a_definition():
    codes = [k.code for k in registry.all_kpis()]
    assert set(ENT_CODES) <= set(codes)
    for code in ENT_CODES:
        kpi = registry.get_kpi(code)
        assert kpi.group == Group.ENTERPRISES
        assert len(str(kpi.definition)) > 15 and str(kpi.name) and str(kpi.unit)
    snapshots = {k.code for k in registry.all_kpis() if k.kind == Kind.SNAPSHOT and k.code.startswith("ent.")}
    assert snapshots == {"ent.qiangji_candidates", "ent.qiangji_pool", "ent.leading_pool"}


def test_a_code_is_registered_once():
    kpi = registry.get_kpi("ent.visits")
    clash = KPI(
        code="ent.visits",
        name="另一个",
        unit="次",
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition="重复",
        records=lambda period: Visit.objects.all(),  # defined in this test module: a different origin
        town_lookup="enterprise__town",
    )
    with pytest.raises(registry.RegistryError, match="registered twice"):
        registry.register(clash)
    assert registry.get_kpi("ent.visits") is kpi
    with pytest.raises(registry.RegistryError):
        registry.register(KPI("nodot", "x", "个", Group.ENTERPRISES, Kind.FLOW, "x", lambda p: None, "town"))


# ---- 30 June 23:59 vs 1 July 00:00, Asia/Shanghai ---------------------------------------------


def test_the_last_day_of_h1_and_the_first_of_h2(changle, grid):
    ent = EnterpriseFactory(town=changle)
    VisitFactory(enterprise=ent, officer=grid, visited_on=D(2023, 6, 30))
    VisitFactory(enterprise=ent, officer=grid, visited_on=D(2023, 7, 1))
    RDProjectFactory(enterprise=ent, filed_on=D(2023, 6, 30))
    RDProjectFactory(enterprise=ent, filed_on=D(2023, 7, 1))
    RDProjectFactory(enterprise=ent, filed_on=D(2023, 1, 1))
    assert (actual("ent.visits", 2023, "H1"), actual("ent.visits", 2023, "H2")) == (1, 1)
    assert (actual("ent.rd_filings", 2023, "H1"), actual("ent.rd_filings", 2023, "H2")) == (2, 1)
    assert actual("ent.rd_filings", 2023, "Q2") == 1 and actual("ent.rd_filings", 2023, "M01") == 1
    assert actual("ent.rd_filings", 2022, "Y") == 0 and actual("ent.rd_filings", 2023, "Y") == 3


def test_moments_split_at_shanghai_midnight(changle, grid):
    """A KPI on a DateTimeField (here: when a visit was recorded) uses period.moments."""
    ent = EnterpriseFactory(town=changle)
    late, early = VisitFactory(enterprise=ent, officer=grid), VisitFactory(enterprise=ent, officer=grid)
    shanghai = timezone.get_default_timezone()
    Visit.objects.filter(pk=late.pk).update(created_at=dt.datetime(2023, 6, 30, 23, 59, tzinfo=shanghai))
    Visit.objects.filter(pk=early.pk).update(created_at=dt.datetime(2023, 7, 1, 0, 0, tzinfo=shanghai))
    kpi = KPI(
        code="test.visits_recorded",
        name="录入走访",
        unit="次",
        group=Group.ENTERPRISES,
        kind=Kind.FLOW,
        definition="按录入时间统计的走访",
        records=lambda p: Visit.objects.filter(created_at__gte=p.moments[0], created_at__lt=p.moments[1]),
        town_lookup="enterprise__town",
    )
    h1, h2 = (selectors.compute([kpi], make_period(2023, code))[0].actual for code in ("H1", "H2"))
    assert (h1, h2) == (1, 1)
    h1_rows = selectors.drill_down(kpi, make_period(2023, "H1"), user=None)
    assert list(h1_rows.values_list("pk", flat=True)) == [late.pk]


def test_an_import_without_certificate_date_counts_on_the_shanghai_day(towns, staff, monkeypatch):
    """The import is dated by the day in Haimen: 16:30 UTC on 30 June is already 1 July there."""
    from core.importing import apply_import, plan_import, read_upload
    from enterprises.importers import ENTERPRISE_IMPORT
    from enterprises.tests.import_files import code, row, xlsx

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2023, 6, 30, 16, 30, tzinfo=dt.UTC))
    content = xlsx([row(1, town="常乐镇", pool="繁星计划", stage="已参评", year=2023)])
    table = read_upload(content, filename="list.xlsx", spec=ENTERPRISE_IMPORT)
    apply_import(plan_import(table, ENTERPRISE_IMPORT, staff, source_name="list.xlsx"), staff)
    monkeypatch.undo()
    membership = PoolMembership.objects.get(enterprise__credit_code=code(1))
    assert membership.changes.get().on == D(2023, 7, 1)
    assert actual("ent.fanxing_evaluated", 2023, "H1") == 0
    assert actual("ent.fanxing_evaluated", 2023, "H2") == 1


def test_an_imported_registered_list_counts_in_the_half_year_of_its_certificate_date(towns, staff, monkeypatch):
    """已入库 rows imported in August with 发证日期 in June count in H1 (as 入库 and as 参评)."""
    from core.importing import apply_import, plan_import, read_upload
    from enterprises.importers import ENTERPRISE_IMPORT
    from enterprises.tests.import_files import row, xlsx

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2023, 8, 15, 2, 0, tzinfo=dt.UTC))
    rows = [
        row(1, town="常乐镇", pool="繁星计划", stage="已入库", year=2023, certificate_no="20233206140001",
            certified_on="2023-06-16"),
        row(2, town="三星镇", pool="繁星计划", stage="已入库", year=2023, certificate_no="20233206140002",
            certified_on="2023-07-21"),
    ]  # fmt: skip
    table = read_upload(xlsx(rows), filename="list.xlsx", spec=ENTERPRISE_IMPORT)
    result = apply_import(plan_import(table, ENTERPRISE_IMPORT, staff, source_name="list.xlsx"), staff)
    monkeypatch.undo()
    assert not result.errors, result.errors
    assert [actual("ent.fanxing_registered", 2023, p) for p in ("H1", "H2", "Y")] == [1, 1, 2]
    assert [actual("ent.fanxing_evaluated", 2023, p) for p in ("H1", "H2", "Y")] == [1, 1, 2]
    assert by_town("ent.fanxing_registered", 2023, "H1")["常乐镇"] == 1


# ---- a stage reached in H1, rejected in H2 -------------------------------------------------


def test_stage_reached_in_h1_then_rejected_in_h2(changle, staff):
    fanxing = services.pool_enter(
        enterprise=EnterpriseFactory(town=changle),
        pool=Pool.FANXING,
        year=2023,
        stage=Stage.EVALUATED,
        user=staff,
        on=D(2023, 3, 10),
    )
    services.pool_advance(membership=fanxing, to_stage=Stage.REJECTED, user=staff, on=D(2023, 8, 1))
    assert actual("ent.fanxing_evaluated", 2023, "H1") == 1  # H1 still counts it
    assert actual("ent.fanxing_evaluated", 2023, "H2") == 0
    assert actual("ent.fanxing_evaluated", 2023, "Y") == 1
    assert actual("ent.fanxing_registered", 2023, "Y") == 0

    qiangji = services.pool_enter(
        enterprise=EnterpriseFactory(town=changle),
        pool=Pool.QIANGJI,
        year=2023,
        stage=Stage.CANDIDATE,
        user=staff,
        on=D(2023, 5, 20),
    )
    services.pool_advance(membership=qiangji, to_stage=Stage.REJECTED, user=staff, on=D(2023, 8, 1))
    # Snapshots: in on 30 June, out on 31 December (and on 30 September).
    assert actual("ent.qiangji_candidates", 2023, "H1") == 1
    assert actual("ent.qiangji_candidates", 2023, "Y") == 0
    assert actual("ent.qiangji_candidates", 2023, "Q3") == 0
    assert actual("ent.qiangji_pool", 2023, "H1") == 1
    assert actual("ent.qiangji_pool", 2023, "Y") == 0
    # Not yet in the pool at the end of Q1 (entered 20 May).
    assert actual("ent.qiangji_candidates", 2023, "Q1") == 0


def test_snapshot_takes_the_stage_on_the_last_day_and_the_periods_year(changle, staff):
    ent = EnterpriseFactory(town=changle)
    m = services.pool_enter(enterprise=ent, pool=Pool.QIANGJI, year=2023, user=staff, on=D(2023, 2, 1))
    services.pool_advance(membership=m, to_stage=Stage.RD_FILED, user=staff, on=D(2023, 4, 1))
    services.pool_advance(membership=m, to_stage=Stage.PRE_APPLIED, user=staff, on=D(2023, 5, 1))
    services.pool_advance(membership=m, to_stage=Stage.CANDIDATE, user=staff, on=D(2023, 6, 30))
    services.pool_advance(membership=m, to_stage=Stage.APPLIED, user=staff, on=D(2023, 7, 1))
    # An earlier year's 高企: still 已认定 on 30 June 2023, but not in 2023's list.
    services.pool_enter(
        enterprise=EnterpriseFactory(town=changle),
        pool=Pool.QIANGJI,
        year=2022,
        stage=Stage.RECOGNIZED,
        user=staff,
        on=D(2022, 12, 12),
        certificate_no="GR202232000001",
        certified_on=D(2022, 12, 12),
    )
    assert actual("ent.qiangji_candidates", 2023, "M05") == 0  # 预申报 on 31 May
    assert actual("ent.qiangji_candidates", 2023, "H1") == 1  # 拟申报 on 30 June
    assert actual("ent.qiangji_candidates", 2023, "Y") == 1  # 已申报 on 31 December
    assert actual("ent.qiangji_candidates", 2022, "Y") == 1  # the 2022 高企 in 2022's list
    assert actual("ent.qiangji_pool", 2023, "Q1") == 1
    assert actual("ent.qiangji_pool", 2023, "M01") == 0


def test_pangao_and_unicorn_recommendations(changle, staff):
    ent = EnterpriseFactory(town=changle)
    m = services.pool_enter(
        enterprise=ent, pool=Pool.PANGAO, year=2023, user=staff, on=D(2023, 3, 1), level=PangaoLevel.POTENTIAL_UNICORN
    )
    PoolMembership.objects.filter(pk=m.pk).update(recommended_provincial=True, recommended_on=D(2023, 4, 18))
    services.pool_enter(
        enterprise=EnterpriseFactory(town=changle),
        pool=Pool.PANGAO,
        year=2023,
        user=staff,
        on=D(2023, 9, 1),
        level=PangaoLevel.LEADING,
    )
    assert actual("ent.unicorn_recommended", 2023, "H1") == 1
    assert actual("ent.unicorn_recommended", 2023, "H2") == 0
    assert [actual("ent.leading_pool", 2023, p) for p in ("Q1", "H1", "Y")] == [1, 1, 2]


def test_coaching_sessions_count_events_of_that_kind(changle):
    for kind, day, town in [
        (CultivationEvent.Kind.COACHING, D(2023, 3, 23), None),
        (CultivationEvent.Kind.COACHING, D(2023, 4, 13), changle),
        (CultivationEvent.Kind.SALON, D(2023, 4, 27), changle),
        (CultivationEvent.Kind.COACHING, D(2023, 7, 6), changle),
    ]:
        CultivationEvent.objects.create(kind=kind, held_on=day, title=f"{kind} {day}", town=town)
    assert actual("ent.coaching_sessions", 2023, "H1") == 2
    assert actual("ent.coaching_sessions", 2023, "H1", town=changle) == 1
    towns = by_town("ent.coaching_sessions", 2023, "H1")
    assert towns["常乐镇"] == 1 and towns[None] == 1  # the district-wide one has its own row
    assert sum(v for v in towns.values()) == 2


def test_key_visit_coverage(changle, sanxing, grid):
    visited = EnterpriseFactory(town=changle, is_key=True)
    EnterpriseFactory(town=changle, is_key=True)
    EnterpriseFactory(town=changle, is_key=False)
    other = EnterpriseFactory(town=sanxing, is_key=True)
    VisitFactory(enterprise=visited, officer=grid, visited_on=D(2023, 5, 10))
    VisitFactory(enterprise=visited, officer=grid, visited_on=D(2023, 5, 20))  # twice: still one enterprise
    VisitFactory(enterprise=other, officer=grid, visited_on=D(2023, 8, 1))
    assert actual("ent.key_visit_coverage", 2023, "H1") == Decimal("33.3")
    assert actual("ent.key_visit_coverage", 2023, "H1", town=changle) == Decimal("50.0")
    assert actual("ent.key_visit_coverage", 2023, "H2", town=changle) == Decimal("0.0")
    towns = by_town("ent.key_visit_coverage", 2023, "H1")
    assert towns["常乐镇"] == Decimal("50.0") and towns["三星镇"] == Decimal("0.0")
    assert towns["海门街道"] is None  # no key enterprise: no coverage to speak of
    rows = selectors.drill_down(registry.get_kpi("ent.key_visit_coverage"), make_period(2023, "H1"), changle, user=None)
    assert {(e.pk, e.visited) for e in rows} == {(visited.pk, True), (rows.exclude(pk=visited.pk).get().pk, False)}


# ---- an enterprise moved between towns ------------------------------------------------------


def test_a_moved_enterprise_counts_in_its_current_town(changle, sanxing, grid, staff):
    """docs/decisions.md: only the current town is known, so flows and snapshots use it."""
    ent = EnterpriseFactory(town=changle)
    VisitFactory(enterprise=ent, officer=grid, visited_on=D(2023, 3, 1))
    services.pool_enter(enterprise=ent, pool=Pool.QIANGJI, year=2023, user=staff, on=D(2023, 3, 1))
    before = (by_town("ent.visits", 2023, "H1"), by_town("ent.qiangji_pool", 2023, "H1"))
    assert before[0]["常乐镇"] == 1 and before[1]["常乐镇"] == 1
    Enterprise.objects.filter(pk=ent.pk).update(town=sanxing)
    visits, pool = by_town("ent.visits", 2023, "H1"), by_town("ent.qiangji_pool", 2023, "H1")
    assert (visits["常乐镇"], visits["三星镇"]) == (0, 1)
    assert (pool["常乐镇"], pool["三星镇"]) == (0, 1)
    assert actual("ent.visits", 2023, "H1") == 1  # the district does not change


# ---- targets ------------------------------------------------------------------------------


def test_town_targets_that_do_not_sum_show_the_gap(towns):
    changle, sanxing = towns["常乐镇"], towns["三星镇"]
    Target.objects.create(year=2023, kpi="ent.leading_pool", town=changle, value=20)
    Target.objects.create(year=2023, kpi="ent.leading_pool", town=sanxing, value=25)
    period = make_period(2023, "H1")
    district = selectors.compute([registry.get_kpi("ent.leading_pool")], period)[0]
    assert district.target == 50  # seed_dictionaries' district target
    assert district.town_target_sum == 45 and district.target_gap == 5
    assert district.as_json()["target_gap"] == 5 and district.as_json()["town_target_sum"] == 45
    town = selectors.compute([registry.get_kpi("ent.leading_pool")], period, changle)[0]
    assert town.target == 20 and town.target_gap is None
    assert "target_gap" not in town.as_json()
    # A split that sums: no gap.
    Target.objects.create(year=2023, kpi="ent.leading_pool", town=towns["悦来镇"], value=5)
    assert selectors.compute([registry.get_kpi("ent.leading_pool")], period)[0].target_gap is None


def test_no_target_means_no_completion_and_no_flag(changle, grid):
    VisitFactory(enterprise=EnterpriseFactory(town=changle), officer=grid, visited_on=D(2023, 5, 1))
    figure = selectors.compute([registry.get_kpi("ent.visits")], make_period(2023, "H1"))[0]
    assert figure.actual == 1 and figure.target is None
    assert figure.completion is None and figure.behind is None
    data = figure.as_json()
    assert data["target"] is None and data["completion"] is None and data["behind"] is None


def test_behind_when_completion_trails_time_progress(towns, staff):
    changle = towns["常乐镇"]
    Target.objects.filter(year=2023, kpi="ent.leading_pool", town=None).update(value=4)
    services.pool_enter(enterprise=EnterpriseFactory(town=changle), pool=Pool.PANGAO, year=2023, user=staff,
                        on=D(2023, 2, 1), level=PangaoLevel.LEADING)  # fmt: skip
    kpi = registry.get_kpi("ent.leading_pool")
    q1 = selectors.compute([kpi], make_period(2023, "Q1"), today=D(2024, 1, 1))[0]
    assert q1.completion == 0.25 and q1.time_progress == pytest.approx(90 / 365)
    assert q1.behind is False  # 25% done, 24.7% of the year gone
    h1 = selectors.compute([kpi], make_period(2023, "H1"), today=D(2024, 1, 1))[0]
    assert h1.behind is True  # 25% done, 49.6% of the year gone
    # The running period is measured at today: on 15 January little of the year has gone.
    running = selectors.compute([kpi], make_period(2023, "H1"), today=D(2023, 1, 15))[0]
    assert running.time_progress == pytest.approx(15 / 365) and running.behind is False


# ---- scope ------------------------------------------------------------------------------


def test_an_officer_gets_their_own_town_and_is_refused_another(changle, sanxing, officer, grid, leader_user):
    VisitFactory(enterprise=EnterpriseFactory(town=changle), officer=grid, visited_on=D(2023, 5, 1))
    VisitFactory(enterprise=EnterpriseFactory(town=sanxing), officer=grid, visited_on=D(2023, 5, 1))
    kpi, period = registry.get_kpi("ent.visits"), make_period(2023, "H1")
    assert selectors.compute([kpi], period, user=officer)[0].town == changle  # no town asked: their own
    assert selectors.compute([kpi], period, user=officer)[0].actual == 1
    with pytest.raises(selectors.OutOfScope):
        selectors.compute([kpi], period, sanxing, user=officer)
    with pytest.raises(selectors.OutOfScope):
        selectors.drill_down(kpi, period, sanxing, user=officer)
    assert [row.town for row in selectors.compute_by_town(kpi, period, user=officer)] == [changle]
    assert selectors.drill_down(kpi, period, user=officer).count() == 1
    # The bureau sees the district and every town.
    assert selectors.compute([kpi], period, user=leader_user)[0].actual == 2
    assert len(selectors.compute_by_town(kpi, period, user=leader_user)) == 15


def test_drill_down_is_the_records_behind_the_figure(changle, sanxing, grid):
    mine = VisitFactory(enterprise=EnterpriseFactory(town=changle), officer=grid, visited_on=D(2023, 5, 1))
    VisitFactory(enterprise=EnterpriseFactory(town=sanxing), officer=grid, visited_on=D(2023, 5, 2))
    VisitFactory(enterprise=EnterpriseFactory(town=changle), officer=grid, visited_on=D(2023, 9, 1))
    kpi, period = registry.get_kpi("ent.visits"), make_period(2023, "H1")
    assert selectors.drill_down(kpi, period, user=None).count() == actual("ent.visits", 2023, "H1") == 2
    assert list(selectors.drill_down(kpi, period, changle, user=None)) == [mine]


# ---- queries --------------------------------------------------------------------------------


def test_query_counts(changle, grid, staff):
    """Pinned: one aggregate query per KPI, plus one for all the targets, for the district or a
    town; one grouped query (+ targets) for the by-town table. No query depends on the rows."""
    for i in range(3):
        ent = EnterpriseFactory(town=changle, is_key=True)
        VisitFactory(enterprise=ent, officer=grid, visited_on=D(2023, 5, i + 1))
        services.pool_enter(enterprise=ent, pool=Pool.QIANGJI, year=2023, user=staff, on=D(2023, 3, 1))
    kpis = registry.all_kpis()
    period = make_period(2023, "H1")
    with CaptureQueriesContext(connection) as district:
        selectors.compute(kpis, period)
    with CaptureQueriesContext(connection) as town:
        selectors.compute(kpis, period, changle)
    assert len(district) == len(town) == len(kpis) + 1
    for kpi in kpis:
        with CaptureQueriesContext(connection) as one:
            selectors.compute([kpi], period)
        assert len(one) == 2, kpi.code  # the figure + the targets
        with CaptureQueriesContext(connection) as grouped:
            selectors.compute_by_town(kpi, period)
        assert len(grouped) == 3, kpi.code  # the towns + the grouped figure + the targets


def test_counts_agree_with_a_plain_group_by(changle, sanxing, grid):
    """The by-town table and the town figures agree with counting the records another way."""
    for town, n in [(changle, 3), (sanxing, 2)]:
        for i in range(n):
            VisitFactory(enterprise=EnterpriseFactory(town=town), officer=grid, visited_on=D(2023, 4, i + 1))
    expected = dict(
        Visit.objects.filter(visited_on__year=2023)
        .values_list("enterprise__town__name")
        .annotate(n=Count("pk"))
        .values_list("enterprise__town__name", "n")
    )
    towns = by_town("ent.visits", 2023, "Y")
    assert {name: n for name, n in towns.items() if n} == expected
    assert actual("ent.visits", 2023, "Y", town=sanxing) == 2


def test_a_rate_is_behind_whenever_it_is_below_its_target(changle, grid):
    """重点企业走访覆盖率 is not built up over the year: 50% in Q1 is behind a 100% target."""
    visited = EnterpriseFactory(town=changle, is_key=True)
    EnterpriseFactory(town=changle, is_key=True)
    VisitFactory(enterprise=visited, officer=grid, visited_on=D(2023, 2, 1))
    figure = selectors.compute([registry.get_kpi("ent.key_visit_coverage")], make_period(2023, "Q1"))[0]
    assert figure.target == 100 and figure.completion == 0.5 and figure.time_progress < 0.5
    assert figure.behind is True
