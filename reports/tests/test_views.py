"""The KPI pages and the statistical indicators: who sees what, and the figures on the page."""

import datetime as dt

import pytest
from django.urls import reverse

from core.testing import assert_out_of_scope
from enterprises import services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory, VisitFactory
from reports import registry
from reports.models import StatIndicator

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def records(changle, sanxing, make_user, staff_user):
    """Two 入库 in 常乐镇 and one in 三星镇 in H1 2023; one visit in each town."""
    grid = make_user("grid_changle", "town_officer", changle)
    for town, n in [(changle, 2), (sanxing, 1)]:
        for _ in range(n):
            services.pool_enter(
                enterprise=EnterpriseFactory(town=town),
                pool=Pool.FANXING,
                year=2023,
                stage=Stage.REGISTERED,
                user=staff_user,
                on=D(2023, 6, 16),
                certificate_no="202332061400001",
                certified_on=D(2023, 6, 16),
            )
        VisitFactory(enterprise=EnterpriseFactory(town=town), officer=grid, visited_on=D(2023, 4, 1))


def detail(code, **query):
    from django.utils.http import urlencode

    return f"{reverse('reports:kpi_detail', args=[code])}?{urlencode({'year': 2023, 'period': 'H1', **query})}"


def test_leader_sees_every_kpi_and_its_page(client, leader_user, records):
    client.force_login(leader_user)
    response = client.get(reverse("reports:kpi_list"), {"year": 2023, "period": "H1"})
    assert response.status_code == 200
    page = response.content.decode()
    for kpi in registry.all_kpis():
        assert str(kpi.name) in page
        assert reverse("reports:kpi_detail", args=[kpi.code]) in page
    response = client.get(detail("ent.fanxing_registered"))
    assert response.status_code == 200
    assert response.context["figure"].actual == 3
    by_town = {row.town.name: row.figure.actual for row in response.context["by_town"] if row.town}
    assert by_town["常乐镇"] == 2 and by_town["三星镇"] == 1
    assert response.context["page_obj"].paginator.count == 3
    assert str(registry.get_kpi("ent.fanxing_registered").definition) in response.content.decode()


def test_leader_looks_at_one_town(client, leader_user, records, sanxing):
    client.force_login(leader_user)
    response = client.get(detail("ent.fanxing_registered", town=sanxing.pk))
    assert response.status_code == 200
    assert response.context["figure"].actual == 1
    assert response.context["district"].actual == 3
    assert [row.actual for row in response.context["by_period"]][:3] == [1, 1, 0]  # Y, H1, H2


def test_officer_sees_their_town_and_is_refused_another(client, officer, records, sanxing, changle):
    client.force_login(officer)
    response = client.get(detail("ent.fanxing_registered"))
    assert response.status_code == 200
    assert response.context["town"] == changle and response.context["figure"].actual == 2
    assert response.context["district"] is None
    assert [row.town for row in response.context["by_town"]] == [changle]
    assert all(row.record.enterprise.town == changle for row in response.context["rows"])
    # Another town's figures: refused, not zero.
    assert client.get(detail("ent.fanxing_registered", town=sanxing.pk)).status_code == 404
    assert client.get(reverse("reports:kpi_list"), {"town": sanxing.pk}).status_code == 404
    response = client.get(reverse("reports:kpi_list"), {"year": 2023, "period": "H1"})
    assert response.status_code == 200
    assert response.context["town"] == changle


def test_unknown_code_and_bad_input(client, leader_user, records):
    client.force_login(leader_user)
    assert client.get(reverse("reports:kpi_detail", args=["ent.nothing"])).status_code == 404
    assert client.get(detail("ent.visits", town=99999)).status_code == 404
    # An unknown period falls back to the current one instead of failing.
    assert client.get(detail("ent.visits", period="H9")).status_code == 200


def test_kpi_pages_query_counts(client, leader_user, records, sanxing, django_assert_num_queries):
    """Pinned, and independent of how many records there are.

    /kpis/: session, user, the targets of all KPIs, one aggregate per KPI, the statistical
    indicators, the towns of the form.
    /kpis/<code>/: session, user, the KPI's targets, its figure, the seven periods of the year,
    the towns and the grouped by-town figure, the records' count and page, the towns of the
    form; for one town, the town's lookup and the district's figure too.
    """
    client.force_login(leader_user)
    n = len(registry.all_kpis())
    with django_assert_num_queries(2 + 1 + n + 1 + 1):
        assert client.get(reverse("reports:kpi_list"), {"year": 2023, "period": "H1"}).status_code == 200
    with django_assert_num_queries(2 + 1 + 1 + 7 + 2 + 2 + 1):
        assert client.get(detail("ent.fanxing_registered")).status_code == 200
    with django_assert_num_queries(2 + 1 + 1 + 7 + 2 + 2 + 1 + 2):
        assert client.get(detail("ent.fanxing_registered", town=sanxing.pk)).status_code == 200


# ---- statistical indicators ---------------------------------------------------------------------


def indicator(**values):
    fields = {
        "year": 2023,
        "through_month": 5,
        "name": "科学研究和技术服务业营业收入增幅",
        "group": "clusters",
        "qualifier": "",
        "value": "48.3",
        "unit": "%",
        "benchmark_name": "南通全市",
        "benchmark_value": "16.5",
        "rank": 1,
        "source": "统计局",
        "note": "",
    }
    fields.update(values)
    return fields


def test_staff_enters_an_indicator_and_everyone_reads_it(client, staff_user, leader_user, officer):
    client.force_login(staff_user)
    response = client.post(reverse("reports:statindicator_add"), indicator())
    assert response.status_code == 302, response.content.decode()[:2000]
    row = StatIndicator.objects.get()
    assert row.entered_by == staff_user
    assert row.value_display == "48.3%" and row.benchmark_display == "南通全市 16.5%" and row.rank_display == "第1名"
    # The same name and month twice: refused with the field's message.
    response = client.post(reverse("reports:statindicator_add"), indicator())
    assert response.status_code == 200 and StatIndicator.objects.count() == 1
    for user in (leader_user, officer):
        client.force_login(user)
        page = client.get(reverse("reports:kpi_list"), {"year": 2023, "period": "H1"}).content.decode()
        assert "科学研究和技术服务业营业收入增幅" in page and "48.3%" in page
        assert client.get(reverse("reports:statindicator_list")).status_code == 200
        assert client.get(row.get_absolute_url()).status_code == 200
        # Leaders and officers read; they do not write.
        assert client.get(reverse("reports:statindicator_add")).status_code == 403
        assert client.post(reverse("reports:statindicator_edit", args=[row.pk]), indicator()).status_code == 403
    # Shown for periods that end in or after its month only (1–5月 is not in Q1's figures).
    page = client.get(reverse("reports:kpi_list"), {"year": 2023, "period": "Q1"}).content.decode()
    assert "科学研究和技术服务业营业收入增幅" not in page


def test_indicator_refuses_bad_values(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("reports:statindicator_add"), indicator(through_month=13, value="abc"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"through_month", "value"}
    assert not StatIndicator.objects.exists()


def test_indicator_api(client, staff_user, leader_user):
    client.force_login(staff_user)
    url = "/api/v1/stat-indicators/"
    response = client.post(
        url, indicator(name="重点企业研发经费支出增幅", qualifier=">", value="20"), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert StatIndicator.objects.get().entered_by == staff_user
    client.force_login(leader_user)
    data = client.get(url, {"year": 2023}).json()
    results = data["results"] if isinstance(data, dict) else data
    assert [r["name"] for r in results] == ["重点企业研发经费支出增幅"]
    assert client.post(url, indicator(), content_type="application/json").status_code == 403


def test_indicator_change_log_and_admin(client, bureau_admin, staff_user):
    from auditlog.models import LogEntry

    client.force_login(staff_user)
    client.post(reverse("reports:statindicator_add"), indicator())
    row = StatIndicator.objects.get()
    assert LogEntry.objects.get_for_object(row).count() == 1
    assert client.get(reverse("reports:statindicator_history", args=[row.pk])).status_code == 200
    client.force_login(bureau_admin)
    assert client.get(reverse("admin:reports_statindicator_changelist")).status_code == 200
    assert client.get(reverse("admin:reports_statindicator_change", args=[row.pk])).status_code == 200


def test_officer_cannot_reach_another_towns_records_through_a_kpi(client, officer, records, sanxing):
    """The drill-down is the list's scope: an officer's records list holds their town only."""
    client.force_login(officer)
    response = client.get(detail("ent.visits"))
    assert all(row.record.enterprise.town_id == officer.town_id for row in response.context["rows"])
    visit = response.context["rows"][0].record
    other = type(visit).objects.exclude(enterprise__town=officer.town).first()
    assert other is not None
    assert_out_of_scope(client, other)
