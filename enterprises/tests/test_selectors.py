"""Reads: list filters, query counts pinned and independent of page size, the row estimate,
the enterprise page's queries, the diagnosis ranking (queries, cache, invalidation), warnings.

Measured at 50,000 enterprises by scripts/bench_enterprise_list.py (the numbers are in its
docstring); here the query counts are what keeps it that fast.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.perf.pagination import EstimatedCountPaginator
from core.testing import assert_queries, captured_queries, export_rows, query_baseline
from enterprises import rules, selectors, services
from enterprises.models import Enterprise, Pool, Stage, Visit
from enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory, RDProjectFactory

pytestmark = pytest.mark.django_db

LIST = reverse("enterprises:enterprise_list")
DAY = dt.date(2023, 3, 1)


_queries = captured_queries


def _pool(enterprises, staff, pool=Pool.QIANGJI, stage=None, year=2023):
    return [
        services.pool_enter(enterprise=e, pool=pool, year=year, stage=stage, user=staff, on=DAY) for e in enterprises
    ]


@pytest.fixture
def populated(changle, staff_user, make_user):
    grid = make_user("grid", "town_officer", changle)
    enterprises = EnterpriseFactory.create_batch(40, town=changle, grid_officer=grid)
    _pool(enterprises[:20], staff_user, stage=Stage.CANDIDATE)
    _pool(enterprises[10:30], staff_user, pool=Pool.FANXING)
    _pool(enterprises[:5], staff_user, pool=Pool.PANGAO)
    return enterprises


# ---- the list -------------------------------------------------------------------------------

# The counts are pinned in enterprises/tests/query_counts.json (with what each query reads).


@pytest.mark.parametrize(
    "query",
    ["", "?pool=qiangji&stage=candidate&year=2023", "?pool=fanxing&year=2023&not_visited_days=90&q=测试&sort=-name"],
)
def test_list_query_count_is_pinned_and_independent_of_page_size(client, staff_user, populated, query):
    client.force_login(staff_user)
    sep = "&" if query else "?"
    key = "enterprises:enterprise_list filtered" if query else "enterprises:enterprise_list"  # no estimate
    assert_queries(client, key, f"{LIST}{query}{sep}per_page=5")
    assert_queries(client, key, f"{LIST}{query}{sep}per_page=100")


def test_officer_list_query_count(client, officer, populated):
    client.force_login(officer)
    for url in (f"{LIST}?per_page=5", f"{LIST}?per_page=100", LIST):
        assert_queries(client, "enterprises:enterprise_list officer", url)


def test_a_big_unfiltered_list_reads_the_estimate_instead_of_counting(client, staff_user, populated, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE enterprises_enterprise")
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_above", 10)
    client.force_login(staff_user)
    sqls = [q["sql"] for q in _queries(client, LIST)]
    assert not any("COUNT(*)" in sql for sql in sqls)
    assert "约 40 条" in client.get(LIST).content.decode()
    filtered = [q["sql"] for q in _queries(client, f"{LIST}?pool=qiangji&year=2023")]
    assert any("COUNT(*)" in sql for sql in filtered)  # a filtered list is counted exactly
    assert "共 20 条" in client.get(f"{LIST}?pool=qiangji&year=2023").content.decode()


def _names(client, query):
    response = client.get(f"{LIST}?per_page=500&{query}")
    return {row.record.name for row in response.context["table"].page.object_list}


def test_pool_stage_and_year_filters(client, staff_user, changle):
    this_year = selectors.current_year()
    a, b, c = (EnterpriseFactory(name=n, town=changle) for n in ("甲", "乙", "丙"))
    _pool([a], staff_user, stage=Stage.CANDIDATE, year=this_year)
    _pool([b], staff_user, stage=Stage.CANDIDATE, year=2023)
    _pool([c], staff_user, pool=Pool.FANXING, stage=Stage.EVALUATED, year=this_year)
    client.force_login(staff_user)
    assert _names(client, "pool=qiangji&stage=candidate") == {"甲"}  # this year's membership by default
    assert _names(client, "pool=qiangji&stage=candidate&year=2023") == {"乙"}
    assert _names(client, "pool=fanxing") == {"丙"}
    assert _names(client, "stage=evaluated") == {"丙"}
    assert _names(client, "pool=qiangji&stage=pool") == set()


def test_not_visited_days_counts_never_visited(client, staff_user, changle):
    today = dt.date.today()
    recent, old, never = (EnterpriseFactory(name=n, town=changle) for n in ("近期走访", "久未走访", "从未走访"))
    Enterprise.objects.filter(pk=recent.pk).update(last_visited_on=today - dt.timedelta(days=10))
    Enterprise.objects.filter(pk=old.pk).update(last_visited_on=today - dt.timedelta(days=120))
    client.force_login(staff_user)
    assert _names(client, "not_visited_days=90") == {"久未走访", "从未走访"}
    assert _names(client, "not_visited_days=5") == {"近期走访", "久未走访", "从未走访"}
    assert "未走访天数" in client.get(f"{LIST}?not_visited_days=0").content.decode()  # refused, no 500


def test_export_has_the_pool_columns_in_one_query(client, staff_user, populated):
    client.force_login(staff_user)
    rows = export_rows(client, LIST, "pool=qiangji&year=2023")
    assert len(rows) == 20
    assert {row[12] for row in rows} == {"拟申报"}  # 强基计划阶段
    assert sum(1 for row in rows if row[11] == "目标企业") == 10  # 繁星计划阶段 of those in both
    assert_queries(client, "enterprises:enterprise_list export", f"{LIST}?pool=pangao&year=2023&export=xlsx")
    assert_queries(client, "enterprises:enterprise_list export", f"{LIST}?year=2023&export=xlsx")


# ---- the enterprise page ------------------------------------------------------------------

DETAIL = "enterprises:enterprise_detail"  # pinned in query_counts.json, whatever the enterprise has


def test_detail_page_query_count_is_pinned(client, staff_user, changle, make_user):
    grid = make_user("grid", "town_officer", changle)

    def build(n):
        e = EnterpriseFactory(town=changle, grid_officer=grid)
        for year in range(2020, 2020 + n):
            EnterpriseYearFactory(enterprise=e, year=year)
            RDProjectFactory(enterprise=e, year=year)
            Visit.objects.create(enterprise=e, officer=grid, visited_on=dt.date(year, 5, 1))
            m = services.pool_enter(enterprise=e, pool=Pool.QIANGJI, year=year, user=staff_user, on=dt.date(year, 1, 2))
            services.pool_advance(membership=m, to_stage=Stage.RD_FILED, user=staff_user, on=dt.date(year, 2, 1))
        return e

    small, large = build(1), build(4)
    client.force_login(staff_user)
    assert_queries(client, DETAIL, small.get_absolute_url())
    assert_queries(client, DETAIL, large.get_absolute_url())


def test_detail_page_counts_visits_only_when_there_are_more_than_shown(client, staff_user, changle, make_user):
    grid = make_user("grid", "town_officer", changle)
    e = EnterpriseFactory(town=changle)
    services.pool_enter(enterprise=e, pool=Pool.QIANGJI, year=2023, user=staff_user, on=DAY)
    Visit.objects.bulk_create(
        Visit(enterprise=e, officer=grid, visited_on=dt.date(2023, 1, 1) + dt.timedelta(days=i)) for i in range(25)
    )
    client.force_login(staff_user)
    queries = _queries(client, e.get_absolute_url())
    assert len(queries) == query_baseline(DETAIL) + 1
    html = client.get(e.get_absolute_url()).content.decode()
    assert "共 25 次" in html and "显示最近 20 次" in html


# ---- the diagnosis ranking ---------------------------------------------------------------


def _qualifying(e, *, rd=180):
    for year in (2020, 2021, 2022):
        EnterpriseYearFactory(enterprise=e, year=year, rd_expense=rd, revenue=3000 + 100 * (year - 2020))


@pytest.fixture
def ranked_pool(changle, staff_user):
    cache.clear()
    names = ["差距大", "差一点", "最接近"]
    enterprises = [
        EnterpriseFactory(name=n, town=changle, founded_on=dt.date(2015, 1, 1), tech_field="electronics") for n in names
    ]
    _qualifying(enterprises[0], rd=30)  # R&D 1% of sales
    _qualifying(enterprises[1], rd=120)  # 4%: 5% needed
    _qualifying(enterprises[2])
    _pool(enterprises, staff_user, year=2023)
    return enterprises


def test_ranking_orders_by_the_gap(client, staff_user, ranked_pool):
    client.force_login(staff_user)
    response = client.get(reverse("enterprises:diagnosis_ranking") + "?year=2023&as_of=2023-06-30")
    rows = response.context["table"].page.object_list
    assert [row.record["name"] for row in rows] == ["最接近", "差一点", "差距大"]
    assert "还差" in response.content.decode()


def test_ranking_queries_are_constant_and_cached(client, staff_user, changle, ranked_pool):
    url = reverse("enterprises:diagnosis_ranking") + "?year=2023&as_of=2023-06-30"
    client.force_login(staff_user)
    cold_small = len(_queries(client, url))
    cache.clear()
    more = [EnterpriseFactory(town=changle, founded_on=dt.date(2015, 1, 1)) for _ in range(12)]
    for e in more:
        _qualifying(e)
    _pool(more, staff_user, year=2023)
    cold_large = len(_queries(client, url))
    warm = _queries(client, url)
    assert cold_small == cold_large
    # Warm: no enterprise, year or membership rows are read again, only the pool and its stamps.
    assert len(warm) == cold_large - 3
    assert not any("enterprises_enterpriseyear" in q["sql"] and "GROUP BY" not in q["sql"] for q in warm)
    # One enterprise changed: only it is diagnosed again (its rows read), not the whole pool.
    more[0].years.filter(year=2020).update(revenue=1, updated_at=timezone.now())
    queries = captured_queries(
        lambda: selectors.diagnosis_ranking(selectors.qiangji_pool(staff_user, year=2023), as_of=dt.date(2023, 6, 30))
    )
    enterprise_reads = [q["sql"] for q in queries if 'FROM "enterprises_enterprise"' in q["sql"]]
    assert len(enterprise_reads) == 1 and f"IN ({more[0].pk})" in enterprise_reads[0]


def test_ranking_cache_follows_every_change(staff_user, ranked_pool):
    as_of = dt.date(2023, 6, 30)
    pool = selectors.qiangji_pool(staff_user, year=2023)

    def rank_of(name):
        rows = selectors.diagnosis_ranking(pool, as_of=as_of)
        return next(r["rank"] for r in rows if r["name"] == name)

    assert rank_of("差距大") == 3
    # Editing a year through the ORM changes the stamp: fixed R&D moves it up.
    for year in ranked_pool[0].years.all():
        year.rd_expense, year.rd_expense_domestic = 400, 400
        year.save()
    assert rank_of("差距大") == 1
    # Deleting a year (a row fewer) changes it too: now figures are missing, so it falls
    # behind the one that passes everything it can judge.
    ranked_pool[0].years.filter(year=2020).delete()
    assert rank_of("差距大") == 2


# ---- warnings ---------------------------------------------------------------------------------


def test_certificates_expiring_within_twelve_months(staff_user, changle):
    today = dt.date(2024, 6, 15)

    def recognized(name, certified_on, year):
        e = EnterpriseFactory(name=name, town=changle)
        return services.pool_enter(
            enterprise=e,
            pool=Pool.QIANGJI,
            year=year,
            stage=Stage.RECOGNIZED,
            user=staff_user,
            certificate_no=f"GR{certified_on:%Y%m%d}",
            certified_on=certified_on,
        )

    recognized("到期在即", dt.date(2021, 7, 1), 2021)  # expires 2024-07-01
    recognized("一年后到期", dt.date(2022, 6, 15), 2022)  # expires 2025-06-15: last day in the window
    recognized("已过期", dt.date(2021, 6, 15), 2021)  # expired today
    recognized("还早", dt.date(2022, 6, 16), 2022)
    renewed = recognized("已重新认定", dt.date(2021, 8, 1), 2021)
    services.pool_enter(
        enterprise=renewed.enterprise,
        pool=Pool.QIANGJI,
        year=2024,
        stage=Stage.RECOGNIZED,
        user=staff_user,
        certificate_no="GR2024",
        certified_on=dt.date(2024, 5, 1),
    )
    rows = selectors.certificates_expiring(staff_user, today=today)
    assert [m.enterprise.name for m in rows] == ["到期在即", "一年后到期"]


def test_pool_without_rd_filing(client, staff_user, changle):
    year = selectors.current_year()
    filed, missing, rejected = (EnterpriseFactory(name=n, town=changle) for n in ("已备案", "未备案", "未通过"))
    _pool([filed, missing], staff_user, year=year)
    _pool([rejected], staff_user, stage=Stage.REJECTED, year=year)
    RDProjectFactory(enterprise=filed, year=year)
    RDProjectFactory(enterprise=missing, year=year - 1)
    rows = list(selectors.pool_without_rd(staff_user, year=year))
    assert [(m.enterprise.name, m.last_rd_year) for m in rows] == [("未备案", year - 1)]
    client.force_login(staff_user)
    html = client.get(reverse("enterprises:warnings_no_rd")).content.decode()
    assert "未备案" in html and "已备案</a>" not in html
    assert [r[0] for r in export_rows(client, reverse("enterprises:warnings_no_rd"))] == ["未备案"]


def test_search_by_name_or_code_fragment(client, staff_user, changle):
    a = EnterpriseFactory(name="南通ABC智能科技有限公司", town=changle)
    EnterpriseFactory(name="江苏海新船务重工有限公司", town=changle)
    client.force_login(staff_user)
    assert _names(client, "q=海新船务") == {"江苏海新船务重工有限公司"}
    assert _names(client, "q=abc智能") == {"南通ABC智能科技有限公司"}  # Latin letters: any case
    fragment = a.credit_code[-8:]
    assert _names(client, f"q={fragment.lower()}") == {"南通ABC智能科技有限公司"}  # a code typed in lower case
    assert _names(client, "q=  海新  ") == {"江苏海新船务重工有限公司"}


def test_warm_task_fills_the_cache_the_page_reads(client, staff_user, ranked_pool, monkeypatch):
    from enterprises import tasks

    monkeypatch.setattr(selectors, "current_year", lambda: 2023)
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2023, 6, 30))
    assert tasks.diagnosis_ranking_warm_task.delay().get() == {"year": 2023, "enterprises": 3}
    client.force_login(staff_user)
    queries = _queries(client, reverse("enterprises:diagnosis_ranking") + "?year=2023&as_of=2023-06-30")
    assert not any('FROM "enterprises_enterprise"' in q["sql"] for q in queries)  # nothing diagnosed on the click


def test_expiring_certificates_export(client, staff_user, changle):
    today = timezone.localdate()
    issued = rules.add_years(today, -3) + dt.timedelta(days=30)
    e = EnterpriseFactory(name="到期老高企", town=changle, contact_name="王经理")
    services.pool_enter(
        enterprise=e,
        pool=Pool.QIANGJI,
        year=issued.year,
        stage=Stage.RECOGNIZED,
        user=staff_user,
        certificate_no="GR0001",
        certified_on=issued,
    )
    client.force_login(staff_user)
    rows = export_rows(client, reverse("enterprises:warnings"))
    assert len(rows) == 1
    name, code, town, number, certified, expires, stage, contact, phone = rows[0]
    assert (name, town, number, contact) == ("到期老高企", "常乐镇", "GR0001", "王经理")
    assert expires.date() == rules.add_years(issued, 3)


@pytest.mark.parametrize("today", [dt.date(2026, 6, 30), dt.date(2027, 2, 28), dt.date(2028, 2, 29)])
def test_a_valid_hte_certificate_as_a_query_is_the_rule(staff_user, today):
    """selectors.hte_certificate_valid (what the carriers' tenant flags read) says of every
    certificate what rules.certificate_valid_on says, at the three-year edge and on 29 February."""
    from enterprises.models import PoolMembership

    issued = [rules.add_years(today, -3) + dt.timedelta(days=shift) for shift in (-1, 0, 1, 2)] + [
        dt.date(2024, 2, 29),
        dt.date(2025, 2, 28),
        today,
        today + dt.timedelta(days=1),
    ]
    for i, day in enumerate(issued):
        services.pool_enter(
            enterprise=EnterpriseFactory(name=f"高企{i}"), pool=Pool.QIANGJI, year=day.year, stage=Stage.RECOGNIZED,
            user=staff_user, on=day, certificate_no=f"GR{i:012d}", certified_on=day,
        )  # fmt: skip
    valid = set(
        PoolMembership.objects.filter(selectors.hte_certificate_valid(today)).values_list("certified_on", flat=True)
    )
    assert valid == {day for day in issued if rules.certificate_valid_on(day, today)}
    assert valid and len(valid) < len(set(issued))  # both sides of the edge are in the sample
