"""Browser journey: a leader opens the KPI list and one KPI's page and sees the figure from the records."""

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


@pytest.mark.parametrize("width", [1440, 390])
def test_leader_sees_fanxing_registered(page_factory, make_user, changle, sanxing, width):
    staff = make_user("staff", "bureau_staff")
    make_user("leader", "leader")
    for i, (town, day) in enumerate([(changle, 16), (changle, 16), (sanxing, 19)]):
        services.pool_enter(
            enterprise=EnterpriseFactory(name=f"南通测试入库企业{i}", town=town),
            pool=Pool.FANXING,
            year=2023,
            stage=Stage.REGISTERED,
            user=staff,
            on=dt.date(2023, 6, day),
            certificate_no=f"20233206140000{i}",
            certified_on=dt.date(2023, 6, day),
        )
    page = page_factory(width=width, height=900)
    _login(page, "leader")
    page.goto(page.base_url + "/kpis/?year=2023&period=H1")
    row = page.locator("tr", has_text="科技型中小企业入库")
    assert "3" in row.locator("td.num").first.inner_text()
    row.get_by_role("link", name="科技型中小企业入库").click()
    page.wait_for_url("**/kpis/ent.fanxing_registered/**")
    assert page.locator("[data-kpi-actual]").inner_text().startswith("3")
    assert "明细记录（3 条）" in page.content()
    assert page.get_by_role("link", name="南通测试入库企业0").is_visible()
    # One town from the by-town table.
    page.get_by_role("link", name="三星镇").first.click()
    page.wait_for_load_state()
    assert page.locator("[data-kpi-actual]").inner_text().startswith("1")
