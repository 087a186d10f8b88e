"""Browser journeys of the dashboard: a leader's charts render and a town's bar leads to that
town's records; the 大屏 fills a 1920×1080 screen and refreshes itself without a reload."""

import datetime as dt

import pytest

from core.testing import DEMO_PASSWORD
from enterprises import services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


@pytest.fixture
def registered(make_user, changle, sanxing):
    staff = make_user("staff", "bureau_staff")
    make_user("leader", "leader")
    for i, town in enumerate([changle, changle, sanxing]):
        services.pool_enter(
            enterprise=EnterpriseFactory(name=f"南通驾驶舱测试企业{i}", town=town),
            pool=Pool.FANXING,
            year=2023,
            stage=Stage.REGISTERED,
            user=staff,
            on=dt.date(2023, 6, 16),
            certificate_no=f"20233206140000{i}",
            certified_on=dt.date(2023, 6, 16),
        )


@pytest.mark.parametrize("width", [1440, 390])
def test_leader_sees_the_charts_and_clicks_a_towns_bar(page_factory, registered, changle, width):
    page = page_factory(width=width, height=900)
    _login(page, "leader")
    page.goto(page.base_url + "/dashboard/?year=2023&period=H1&rank=ent.fanxing_registered")
    page.wait_for_selector("#rank-chart canvas")
    page.wait_for_selector("#trend-chart[data-loaded] canvas")
    assert page.locator("[data-funnel-index] canvas").count() >= 3
    card = page.locator('[data-kpi="ent.fanxing_registered"] [data-figure]')
    assert card.inner_text() == "3"
    # Click 常乐镇's bar on the canvas (2 records) and land on its list, filtered to that town.
    page.locator("#rank-chart").scroll_into_view_if_needed()
    point = page.evaluate(
        """(name) => {
            const el = document.getElementById('rank-chart');
            const chart = echarts.getInstanceByDom(el);
            const data = JSON.parse(document.getElementById('dashboard-data').textContent).ranking;
            const i = data.towns.indexOf(name);
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [i, data.values[i] / 2]);
            const box = el.getBoundingClientRect();
            return {x: box.left + x, y: box.top + y, value: data.values[i]};
        }""",
        changle.short_name or changle.name,
    )
    assert point["value"] == 2
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**/kpis/ent.fanxing_registered/?year=2023&period=H1&town={changle.pk}")
    assert page.locator("[data-kpi-actual]").inner_text().startswith("2")
    assert "明细记录（2 条）" in page.content()
    assert "南通驾驶舱测试企业2" not in page.content()  # 三星镇's
    assert page.console_errors == []


def test_the_screen_at_1920_by_1080_refreshes_in_place(page_factory, registered, tmp_path):
    page = page_factory(width=1920, height=1080)
    _login(page, "leader")
    page.goto(page.base_url + "/dashboard/screen/?year=2023&period=H1")
    page.wait_for_selector("#rank-chart canvas")
    page.screenshot(path=str(tmp_path / "screen.png"))
    # The four battles and the ranking on one screen, nothing scrolled out of it.
    for selector in ["[data-group]", ".screen-rank"]:
        for box in [el.bounding_box() for el in page.locator(selector).all()]:
            assert box["y"] >= 0 and box["y"] + box["height"] <= 1080, selector
    assert page.locator("[data-group]").count() == 4
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(11, 19, 36)"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.screen-table .fig')).fontSize)")
    assert size >= 24
    # The periodic refresh swaps the body in place: same document, charts drawn again.
    page.evaluate("window.__kept = 1")
    page.evaluate(
        "htmx.ajax('GET', document.getElementById('screen').getAttribute('hx-get'),"
        " {target: '#screen', swap: 'innerHTML'})"
    )
    page.wait_for_function("document.querySelector('#rank-chart canvas') && window.__kept === 1")
    assert page.locator('[data-kpi="ent.fanxing_registered"] [data-figure]').inner_text() == "3"
    assert page.console_errors == []
