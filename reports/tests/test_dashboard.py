"""The leaders' dashboard: figures from the registry, drill-downs that list exactly those records,
the data scope, the cache and its invalidation, export, the trend, the snapshot task."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils.http import urlencode

from core.models import Town
from core.testing import assert_queries
from enterprises import services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory, VisitFactory
from reports import registry, selectors
from reports.dashboard import figures, invalidation, snapshots, tasks
from reports.dashboard import selectors as dash
from reports.dashboard.registry import all_funnels
from reports.models import KpiSnapshot
from reports.periods import make_period

pytestmark = pytest.mark.django_db

D = dt.date
H1 = make_period(2023, "H1")


@pytest.fixture
def records(changle, sanxing, make_user, staff_user):
    """常乐镇: two 入库 and a 强基 member; 三星镇: one 入库; a visit in each town, all in H1 2023."""
    grid = make_user("grid_changle", "town_officer", changle)
    for town, n in [(changle, 2), (sanxing, 1)]:
        for i in range(n):
            services.pool_enter(
                enterprise=EnterpriseFactory(town=town),
                pool=Pool.FANXING,
                year=2023,
                stage=Stage.REGISTERED,
                user=staff_user,
                on=D(2023, 6, 16),
                certificate_no=f"20233206140000{i}",
                certified_on=D(2023, 6, 16),
            )
        VisitFactory(enterprise=EnterpriseFactory(town=town, is_key=True), officer=grid, visited_on=D(2023, 4, 1))
    services.pool_enter(
        enterprise=EnterpriseFactory(town=changle), pool=Pool.QIANGJI, year=2023, stage=Stage.POOL, user=staff_user,
        on=D(2023, 3, 1),
    )  # fmt: skip


def visit(town, day):
    from accounts.models import User

    return VisitFactory(enterprise=EnterpriseFactory(town=town), officer=User.objects.first(), visited_on=day)


def page(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"), {"year": 2023, "period": "H1", **query})
    assert response.status_code == 200
    return response


def cards(response):
    return {card.kpi.code: card for card in response.context["board"].cards}


def every_kpi():
    return [*registry.all_kpis(), *(step for funnel in all_funnels() for step in funnel.steps)]


def test_every_registered_kpi_has_a_card_with_its_figure(client, leader_user, records):
    response = page(client, leader_user)
    shown = cards(response)
    assert [k.code for k in registry.all_kpis()] == list(shown)
    expected = {f.kpi.code: f.actual for f in selectors.compute(registry.all_kpis(), H1)}
    assert {code: card.figure.actual for code, card in shown.items()} == expected
    assert shown["ent.fanxing_registered"].figure.actual == 3
    html = response.content.decode()
    for group in response.context["groups"]:
        if group["cards"]:
            assert str(group["label"]) in html
    assert "数据截至" in html


@pytest.mark.parametrize("who", ["leader", "officer"])
def test_every_drill_down_lists_exactly_the_records_behind_the_figure(client, leader_user, officer, records, who):
    """For every KPI and funnel step: the records list behind the link, aggregated the KPI's way,
    gives the figure on the card; a plain count's list has as many rows as the figure."""
    user = leader_user if who == "leader" else officer
    client.force_login(user)
    town = None if who == "leader" else officer.town
    raw = figures.raw_figures(every_kpi(), H1)
    checked = 0
    for kpi in every_kpi():
        aggregates = figures.aggregates_of(raw[kpi.code], getattr(town, "pk", None), district=town is None)
        shown = kpi.figure(aggregates)
        records_ = selectors.drill_down(kpi, H1, town, user=user)
        assert kpi.figure(records_.order_by().aggregate(**kpi.aggregates_for(H1))) == shown, kpi.code
        if list(kpi.aggregates_for(H1)) == ["value"] and kpi.figure is registry._count:
            url = dash.kpi_url(kpi, H1, town)
            response = client.get(url)
            assert response.status_code == 200, (kpi.code, url)
            assert response.context["page_obj"].paginator.count == shown, kpi.code
            checked += 1
    assert checked >= 10


def test_the_ranking_bar_and_cell_lead_to_the_towns_records(client, leader_user, records, changle, sanxing):
    response = page(client, leader_user, rank="ent.fanxing_registered")
    rows = {row.town.name: row for row in response.context["rank_rows"]}
    assert rows["常乐镇"].figure.actual == 2 and rows["三星镇"].figure.actual == 1
    assert response.context["rank_rows"][0].town == changle
    data = response.context["chart_data"]["ranking"]
    index = data["towns"].index(changle.short_name or changle.name)
    assert data["values"][index] == 2
    listed = client.get(data["urls"][index])
    assert listed.context["page_obj"].paginator.count == 2
    assert {r.record.enterprise.town_id for r in listed.context["rows"]} == {changle.pk}


def test_an_officer_sees_their_own_town_only(client, officer, records, changle, sanxing):
    response = page(client, officer)
    assert response.context["town"] == changle
    assert cards(response)["ent.fanxing_registered"].figure.actual == 2
    assert [row.town for row in response.context["rank_rows"]] == [changle]
    assert "三星镇" not in response.context["chart_data"]["ranking"]["towns"]
    for card in cards(response).values():
        assert f"town={changle.pk}" in card.url
    # Another town's figures, its drill-down and its funnel step: 404, never zeros.
    client.force_login(officer)
    q = {"year": 2023, "period": "H1", "town": sanxing.pk}
    assert client.get(reverse("reports:dashboard"), q).status_code == 404
    assert client.get(reverse("reports:dashboard_screen"), q).status_code == 404
    assert client.get(reverse("reports:dashboard_export"), q).status_code == 404
    assert client.get(reverse("reports:kpi_detail", args=["ent.fanxing_registered"]), q).status_code == 404
    step = all_funnels()[0].steps[0].code
    assert client.get(reverse("reports:dashboard_step", args=[step]), q).status_code == 404
    assert client.get(reverse("reports:dashboard_trend"), {**q, "kpi": "ent.visits"}).status_code == 404


def test_funnels_and_their_steps_records(client, leader_user, records):
    response = page(client, leader_user)
    fanxing = next(f for f in response.context["funnels"] if f.funnel.code == "ent.fanxing")
    registered = fanxing.steps[-1]
    assert registered["value"] == 3
    listed = client.get(registered["url"])
    assert listed.status_code == 200 and listed.context["page_obj"].paginator.count == 3
    # A funnel computed in one scan (Funnel.combined) agrees with each step's own records.
    for view in response.context["funnels"]:
        for step in view.steps:
            assert client.get(step["url"]).context["page_obj"].paginator.count == step["value"], step["code"]


def test_the_period_selector_changes_every_figure(client, leader_user, records, staff_user, changle):
    visit(changle, D(2023, 8, 1))
    for code in ["Q2", "H2", "M04", "Y"]:
        period = make_period(2023, code)
        response = page(client, leader_user, period=code)
        expected = {f.kpi.code: f.actual for f in selectors.compute(registry.all_kpis(), period)}
        assert {c: card.figure.actual for c, card in cards(response).items()} == expected
        assert all(f"period={code}" in card.url for card in cards(response).values())
    assert cards(page(client, leader_user, period="H2"))["ent.visits"].figure.actual == 1
    assert cards(page(client, leader_user, period="H1"))["ent.visits"].figure.actual == 2


def test_change_against_last_year_where_last_year_has_data(client, leader_user, records, changle):
    visit(changle, D(2022, 5, 1))
    shown = cards(page(client, leader_user))
    assert shown["ent.visits"].last_year == 1 and shown["ent.visits"].change == pytest.approx(1.0)
    assert shown["ent.fanxing_registered"].last_year == 0 and shown["ent.fanxing_registered"].change is None


@pytest.mark.django_db(transaction=True)
def test_a_write_makes_its_kpis_figures_stale(client, leader_user, records, changle):
    """Outside a test transaction, as in production: the versions change when the write commits."""
    from enterprises.models import Visit

    assert cards(page(client, leader_user))["ent.visits"].figure.actual == 2
    fanxing_version = figures.versions(["ent.fanxing_registered"])
    # A save through the ORM: once its transaction commits, the visits' KPIs miss and are recomputed.
    visit(changle, D(2023, 5, 5))
    assert cards(page(client, leader_user))["ent.visits"].figure.actual == 3
    assert figures.versions(["ent.fanxing_registered"]) != fanxing_version  # Enterprise is on its town path
    # A write that sends no signal (a raw UPDATE) is caught by the beat job's refresh of the warm periods.
    Visit.objects.filter(visited_on=D(2023, 5, 5)).update(visited_on=D(2023, 12, 1))
    assert cards(page(client, leader_user))["ent.visits"].figure.actual == 3
    tasks.refresh(today=D(2023, 6, 30))
    assert cards(page(client, leader_user))["ent.visits"].figure.actual == 2


def test_kpi_models_are_derived_from_the_records_query():
    assert {"enterprises.Visit", "enterprises.Enterprise", "core.Town"} <= invalidation.models_of(
        registry.get_kpi("ent.visits")
    )
    # A subquery in the filter (the stage history) counts too.
    assert "enterprises.PoolStageChange" in invalidation.models_of(registry.get_kpi("ent.fanxing_registered"))
    assert "carriers.LevelChange" in invalidation.models_of(registry.get_kpi("carrier.city_passed"))
    assert "ent.visits" in invalidation.codes_by_model()["enterprises.Visit"]


def test_a_rolled_back_write_leaves_the_figures_alone(records):
    from django.db import transaction

    before = figures.versions(["ent.visits"])
    with pytest.raises(RuntimeError), transaction.atomic():
        visit(None, D(2023, 5, 5))
        raise RuntimeError
    assert figures.versions(["ent.visits"]) == before


def test_warm_page_makes_no_figure_query(client, leader_user, records):
    url = f"{reverse('reports:dashboard')}?{urlencode({'year': 2023, 'period': 'H1'})}"
    client.force_login(leader_user)
    assert_queries(client, "reports:dashboard cold", url)
    assert_queries(client, "reports:dashboard", url)


def test_officer_page_queries(client, officer, records):
    url = f"{reverse('reports:dashboard')}?{urlencode({'year': 2023, 'period': 'H1'})}"
    client.force_login(officer)
    client.get(url)
    assert_queries(client, "reports:dashboard officer", url)


def test_leader_home_is_the_dashboard_summary(client, leader_user, records):
    client.force_login(leader_user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert 0 < len(summary["headline"]) <= 8
    assert len(summary["attention"]) <= 3
    assert reverse("reports:dashboard") in response.content.decode()
    client.get(reverse("home"))
    assert_queries(client, "reports:home leader", reverse("home"))


def test_screen_and_its_partial(client, leader_user, records):
    client.force_login(leader_user)
    q = {"year": 2023, "period": "H1"}
    full = client.get(reverse("reports:dashboard_screen"), q)
    assert full.status_code == 200 and b'hx-trigger="every 180s"' in full.content
    partial = client.get(reverse("reports:dashboard_screen"), {**q, "partial": 1})
    assert partial.status_code == 200 and b"<html" not in partial.content
    assert b"screen-battle" in partial.content


def test_export_has_the_cards_and_the_ranking(client, leader_user, records):
    client.force_login(leader_user)
    response = client.get(reverse("reports:dashboard_export"), {"year": 2023, "period": "H1"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    kpi_rows = list(book.worksheets[0].iter_rows(values_only=True))
    by_name = {row[1]: row for row in kpi_rows[2:]}
    assert by_name["科技型中小企业入库"][3] == 3
    ranking = list(book.worksheets[1].iter_rows(values_only=True))
    column = ranking[0].index("科技型中小企业入库")
    assert {row[0]: row[column] for row in ranking[1:]}["常乐镇"] == 2
    assert len(ranking) == 1 + Town.objects.count()


def test_trend_by_month_against_last_year(client, leader_user, records, changle):
    visit(changle, D(2022, 4, 9))
    client.force_login(leader_user)
    data = client.get(reverse("reports:dashboard_trend"), {"year": 2023, "period": "H1", "kpi": "ent.visits"}).json()
    assert data["this"][3] == 2 and data["last"][3] == 1 and data["this"][0] == 0
    assert client.get(reverse("reports:dashboard_trend"), {"year": 2023, "kpi": "nope"}).status_code == 404


def test_monthly_snapshot_task_stores_every_snapshot_kpi(records):
    count = tasks.kpi_snapshot_task(2023, 6)
    kinds = {k.code for k in snapshots.snapshot_kpis()}
    assert count == len(kinds) * (Town.objects.count() + 1)
    assert set(KpiSnapshot.objects.values_list("kpi", flat=True)) == kinds
    tasks.kpi_snapshot_task(2023, 6)  # idempotent
    assert KpiSnapshot.objects.count() == count
    row = KpiSnapshot.objects.get(kpi="ent.qiangji_pool", year=2023, month=6, town=None)
    assert row.value == 1


def test_warnings_link_to_lists_of_the_same_count(client, staff_user, leader_user, records):
    client.force_login(leader_user)
    items = page(client, leader_user).context["warnings"]
    assert {"ent.hte_expiring", "ent.qiangji_without_rd", "ent.key_not_visited", "kpi.behind"} <= {
        i["code"] for i in items
    }
    for item in items:
        assert item["url"]
        response = client.get(item["url"])
        assert response.status_code == 200, item
        counted = response.context.get("page_obj") or response.context.get("paginator")
        if counted is not None and item["code"] != "kpi.behind":
            paginator = getattr(counted, "paginator", counted)
            assert paginator.count == item["count"], item["code"]


def test_bad_filters_never_500(client, leader_user, records):
    client.force_login(leader_user)
    for query in [{"year": "x"}, {"period": "Z9"}, {"town": "999999"}, {"rank": "<script>"}, {"year": 1800}]:
        assert client.get(reverse("reports:dashboard"), query).status_code in (200, 404)
    assert client.get(reverse("reports:dashboard_step", args=["nope#9"])).status_code == 404
    assert client.get(reverse("reports:dashboard_warning", args=["nope"])).status_code == 404


def test_the_page_computes_with_redis_down(client, leader_user, records, settings):
    from haimen_sci import settings as project_settings

    settings.CACHES = project_settings.redis_caches("redis://127.0.0.1:6390/0")
    response = page(client, leader_user)
    assert cards(response)["ent.fanxing_registered"].figure.actual == 3


def test_text_from_records_is_escaped_on_every_view(client, leader_user, records):
    from reports.models import StatIndicator

    StatIndicator.objects.create(year=2023, through_month=5, name="<script>alert(1)</script>增幅", value=1, rank=1)
    client.force_login(leader_user)
    for name in ["reports:dashboard", "reports:dashboard_screen"]:
        html = client.get(reverse(name), {"year": 2023, "period": "H1"}).content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html, name


def test_kpi_snapshot_is_in_the_admin_read_only(client, bureau_admin, records):
    tasks.kpi_snapshot_task(2023, 6)
    client.force_login(bureau_admin)
    response = client.get("/admin/reports/kpisnapshot/")
    assert response.status_code == 200 and b"ent.qiangji_pool" in response.content
    row = KpiSnapshot.objects.first()
    assert client.post(f"/admin/reports/kpisnapshot/{row.pk}/change/", {"value": 9}).status_code == 403


def test_the_beat_schedule_runs_the_dashboards_tasks(settings):
    from haimen_sci.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ["reports.dashboard.tasks.dashboard_refresh_task", "reports.dashboard.tasks.kpi_snapshot_task"]:
        assert name in scheduled and name in app.tasks
    assert [p.code for p in tasks.warm_periods(D(2023, 5, 20))] == ["Y", "H1", "Q2", "M05"] * 2


@pytest.mark.django_db(transaction=True)
def test_a_cold_page_computes_this_year_and_last_on_two_connections_with_the_same_figures(records):
    """Outside a transaction the periods' UNIONs run at once on their own connections (figures.parts):
    the figures are those of the one query, records committed by others included; inside one
    (a test, a write in the same request) everything runs in one query on this connection."""
    from django.db import connection, transaction
    from django.db.backends.signals import connection_created

    if connection.vendor != "postgresql":
        pytest.skip("the figures fan out on PostgreSQL only (SQLite: one query)")
    pairs = [(kpi, period) for period in (H1, make_period(2022, "H1")) for kpi in every_kpi()]
    with transaction.atomic():
        assert figures.parts(pairs) == [pairs]
    chunks = figures.parts(pairs)
    assert len(chunks) == 2 and sorted(map(len, chunks)) == [len(pairs) // 2, len(pairs) - len(pairs) // 2]
    for chunk in chunks:  # each KPI's two periods on different connections
        assert len({kpi.code for kpi, _period in chunk}) == len(chunk)

    opened = []

    def created(sender, connection, **kwargs):
        opened.append(connection)

    connection_created.connect(created)
    try:
        fanned = figures.compute_pairs(pairs)
    finally:
        connection_created.disconnect(created)
    one = figures.compute_query(pairs)

    def without_time(raw):
        return {key: {k: v for k, v in value.items() if k != "at"} for key, value in raw.items()}

    assert opened and all(c.connection is None for c in opened)  # its own connection, closed after
    assert without_time(fanned) == without_time(one)
    assert fanned[figures.pair_key("ent.fanxing_registered", H1)]["district"]["value"] == 3
    small = [(kpi, period) for period in (H1, make_period(2022, "H1")) for kpi in registry.all_kpis()[:3]]
    assert figures.parts(small) == [small]  # a write's few invalidated KPIs: one query here
