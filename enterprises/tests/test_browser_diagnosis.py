"""Issue 9: the diagnosis for a non-expert — a one-line conclusion on top, failures first, periods,
提升建议, the expert-judged parts explained (staff at 1440×900; also looked at on a phone)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from core.testing import DEMO_PASSWORD
from enterprises import selectors
from enterprises.models import Pool, PoolMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_staff_reads_a_diagnosis(page_factory, width, height):
    call_command("seed_demo", "--force", "--json", stdout=StringIO())
    as_of = dt.date(2024, 6, 1)
    members = PoolMembership.objects.filter(pool=Pool.QIANGJI, year=2023)
    ranked = selectors.diagnosis_ranking(members, as_of=as_of)
    row = next(r for r in ranked if any("研究开发费用" in f["short"] for f in r["failing"]))
    page = page_factory(width=width, height=height)
    _login(page, "staff")
    page.goto(f"{page.base_url}/enterprises/{row['enterprise_id']}/diagnosis/?as_of={as_of}")
    conclusion = page.locator(".diagnosis-conclusion")
    assert conclusion.locator(".badge").inner_text() == f"差{len(row['failing'])}项"
    assert "高企认定：" in conclusion.inner_text()
    suggestions = page.locator("#suggestions").inner_text()
    assert "提升建议" in suggestions and "研发投入：" in suggestions and "每年多投入约" in suggestions
    if width == 1440:
        rows = page.locator("#hte table tbody tr")
        statuses = [rows.nth(i).get_attribute("class") for i in range(rows.count())]
        assert statuses[0] == "condition-fail"  # failures first
        ratio = page.locator("#hte tr[data-code=rd_ratio]").inner_text()
        assert "近3年" in ratio and "合计" in ratio
        assert "最近一年" in page.locator("#hte tr[data-code=hitech_revenue_ratio]").inner_text()
        assert "专家看四方面" in page.locator("#score").inner_text()
    page.screenshot(path=f"/tmp/j_diagnosis_{width}.png", full_page=True)
    assert page.console_errors == []
