"""Browser journeys of issue 9: an officer updates a follow-up from the visit page on a phone
(390×844) and sees the dated note; staff read a change log of 是/否 and names (1440×900)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.testing import DEMO_PASSWORD
from enterprises import services
from enterprises.models import Visit
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_officer_updates_a_follow_up_from_the_visit_page_on_a_phone(page_factory, officer, changle):
    officer.last_name, officer.first_name = "陈", "网格员"
    officer.save()
    ent = EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle)
    visited = timezone.localdate() - dt.timedelta(days=12)
    visit = services.visit_record(
        instance=Visit(
            enterprise=ent, visited_on=visited, content="走访", problem="需要对接高校检测设备", follow_up="open"
        ),
        user=officer,
    )
    page = page_factory(390, 844)
    _login(page, "officer")

    page.goto(page.base_url + "/visits/follow-ups/")
    card = page.locator(f"#visit-card-{visit.pk}")
    assert "已等待12天" in card.inner_text()

    page.goto(page.base_url + visit.get_absolute_url())
    page.locator("#follow-up").get_by_role("link", name="更新跟进").click()
    page.get_by_text("跟进中", exact=True).click()
    page.get_by_label("本次跟进情况").fill("已联系南通大学，约定下周上门")
    page.get_by_role("button", name="保存跟进").click()
    page.wait_for_url(page.base_url + visit.get_absolute_url())

    timeline = page.locator(".follow-up-timeline")
    entry = timeline.locator("li.follow-up-note").first
    text = entry.inner_text()
    assert timezone.localdate().isoformat() in text and "跟进中" in text
    assert "已联系南通大学，约定下周上门" in text and "陈网格员" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path="/tmp/shot-followup-visit-390.png", full_page=True)

    page.goto(page.base_url + "/visits/follow-ups/")
    assert "已等待0天" in page.locator(f"#visit-card-{visit.pk}").inner_text()
    assert not page.console_errors


def test_staff_read_yes_no_and_names_in_the_change_log(page_factory, make_user, changle, sanxing):
    staff = make_user("staff", "bureau_staff")
    grid = make_user("grid_sanxing", "town_officer", sanxing)
    grid.last_name, grid.first_name = "沈", "志强"
    grid.save()
    ent = EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle, is_key=False)
    ent.is_key, ent.town, ent.grid_officer = True, sanxing, grid
    services.enterprise_save(instance=ent, user=staff)

    page = page_factory(1440, 900)
    _login(page, "staff")
    page.goto(page.base_url + f"/enterprises/{ent.pk}/history/")
    changes = page.locator("table.changes tbody tr").first.inner_text()
    assert "重点企业" in changes and "否 → 是" in changes
    assert f"{changle.name} → {sanxing.name}" in changes
    assert "沈志强" in changes
    assert "True" not in changes and "False" not in changes
    page.screenshot(path="/tmp/shot-history-1440.png", full_page=True)
    assert not page.console_errors
