"""Issue 9: staff's daily screen — the pool pipeline, a figure clicked, 下一阶段 from a row (1440×900)."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.testing import DEMO_PASSWORD
from enterprises.models import PoolMembership, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_staff_works_the_pipeline(page_factory, width, height):
    call_command("seed_demo", "--force", "--json", stdout=StringIO())
    page = page_factory(width=width, height=height)
    _login(page, "staff")
    page.goto(page.base_url + "/enterprises/?pool=qiangji&year=2023")
    page.get_by_role("link", name="培育进度").click()
    page.wait_for_url("**/enterprises/pipeline/?pool=qiangji&year=2023")
    assert "2023年强基计划" in page.locator("h1").inner_text()
    page.screenshot(path=f"/tmp/j_pipeline_{width}.png", full_page=True)
    if width != 1440:
        return
    row = page.locator("tr", has=page.locator("th", has_text="拟申报"))
    cell = row.locator("td").nth(4).locator("a")  # the first town's figure
    figure = int(cell.inner_text())
    cell.click()
    page.wait_for_load_state()
    assert page.locator(".list-count").inner_text() == f"共 {figure} 条"

    page.go_back()
    row = page.locator("tr", has=page.locator("th", has_text="拟申报"))
    row.get_by_role("link", name="下一阶段：已申报").click()
    page.wait_for_load_state()
    panel = page.locator("#bulk-pool_move")
    assert panel.is_visible()
    first = page.locator("input[data-bulk-row]").first
    pk = first.get_attribute("value")
    first.check()
    panel.get_by_role("button", name="变更阶段").click()
    page.wait_for_load_state()
    assert "转入“已申报”（2023-12-31）" in page.locator(".alert-success").inner_text()
    m = PoolMembership.objects.get(enterprise_id=pk, pool="qiangji", year=2023)
    assert m.stage == Stage.APPLIED
    assert page.console_errors == []
