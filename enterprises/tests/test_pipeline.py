"""Issue 9: the pool pipeline (reached-or-later by town, as the KPIs count) and the list's
"reached stage S between two dates" filter; each figure links to exactly those enterprises."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from core.testing import captured_queries
from enterprises import services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _member(user, town, stage, *, name, on=dt.date(2023, 3, 1), moves=()):
    e = EnterpriseFactory(name=name, town=town)
    m = services.pool_enter(enterprise=e, pool=Pool.QIANGJI, year=2023, stage=stage, user=user, on=on)
    for to_stage, day in moves:
        m = services.pool_advance(membership=m, to_stage=to_stage, user=user, on=day)
    return e


@pytest.fixture
def pipeline(staff_user, changle, sanxing):
    _member(staff_user, changle, Stage.CANDIDATE, name="常乐拟申报")
    _member(
        staff_user,
        changle,
        Stage.CANDIDATE,
        name="常乐已申报",
        moves=[(Stage.APPLIED, dt.date(2023, 7, 10))],
    )
    _member(staff_user, sanxing, Stage.PRE_APPLIED, name="三星预申报")
    _member(staff_user, sanxing, Stage.PRE_APPLIED, name="三星未通过", moves=[(Stage.REJECTED, dt.date(2023, 5, 1))])
    _member(staff_user, None, Stage.POOL, name="未分配培育库")
    return changle, sanxing


def _count(response):
    return response.context["table"].paginator.count


def test_pipeline_counts_reached_or_later_by_town_and_links_to_exactly_them(client, staff_user, pipeline):
    changle, sanxing = pipeline
    client.force_login(staff_user)
    response = client.get(reverse("enterprises:pool_pipeline") + "?pool=qiangji&year=2023")
    assert response.status_code == 200
    columns, rows = response.context["columns"], {r.stage: r for r in response.context["rows"]}
    assert columns == [changle, sanxing, None]
    assert [n for _t, n in rows[Stage.PRE_APPLIED].by_town] == [2, 2, 0]  # entered later counts; 未通过 stays
    assert [n for _t, n in rows[Stage.CANDIDATE].by_town] == [2, 0, 0]
    assert [n for _t, n in rows[Stage.APPLIED].by_town] == [1, 0, 0]
    assert rows[Stage.POOL].total == 5 and rows[Stage.CANDIDATE].at_stage == 1
    assert rows[Stage.CANDIDATE].next_label == "已申报"
    # Every figure is a link to a list whose count is that figure.
    for row in rows.values():
        for n, url in [*row.cells, (row.total, row.total_url)]:
            assert _count(client.get(url)) == n, (row.stage, url)
    assert "bulk=pool_move" in rows[Stage.CANDIDATE].next_url


def test_the_next_stage_link_opens_the_bulk_panel_preset(client, staff_user, pipeline):
    client.force_login(staff_user)
    rows = {
        r.stage: r for r in client.get(reverse("enterprises:pool_pipeline") + "?pool=qiangji&year=2023").context["rows"]
    }
    html = client.get(rows[Stage.CANDIDATE].next_url).content.decode()
    assert re.search(r'class="collapse show" id="bulk-pool_move"', html)
    assert "拟申报 → 已申报" in html


def test_an_officer_sees_their_town_only(client, officer, pipeline):
    client.force_login(officer)
    response = client.get(reverse("enterprises:pool_pipeline") + "?pool=qiangji&year=2023")
    assert [str(t) for t in response.context["columns"]] == [str(officer.town)]
    assert not any(getattr(r, "next_url", None) for r in response.context["rows"])


def test_reached_between_two_dates(client, staff_user, pipeline):
    client.force_login(staff_user)
    url = reverse("enterprises:enterprise_list")
    h1 = "?pool=qiangji&year=2023&reached_stage=applied&reached_from=2023-01-01&reached_to=2023-06-30"
    h2 = "?pool=qiangji&year=2023&reached_stage=applied&reached_from=2023-07-01&reached_to=2023-12-31"
    assert _count(client.get(url + h1)) == 0
    response = client.get(url + h2)
    assert [e.name for e in response.context["table"].data] == ["常乐已申报"]
    rejected = "?pool=qiangji&year=2023&reached_stage=rejected&reached_to=2023-05-31"
    assert [e.name for e in client.get(url + rejected).context["table"].data] == ["三星未通过"]


def test_the_reached_filter_is_one_query_more_at_most(client, staff_user, pipeline):
    client.force_login(staff_user)
    url = reverse("enterprises:enterprise_list")
    plain = len(captured_queries(client, url + "?pool=qiangji&year=2023"))
    reached = len(
        captured_queries(client, url + "?pool=qiangji&year=2023&reached_stage=candidate&reached_from=2023-01-01")
    )
    assert reached == plain
