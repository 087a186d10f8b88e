"""Browser journey: an officer on a 390×844 phone on lists and an enterprise's page — cards without
the columns that are the same on every row for them, the search box in view, 记走访 prefilled, tap-to-call."""

import re

import pytest

from core.testing import DEMO_PASSWORD
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(page_factory, user, width=390, height=844):
    page = page_factory(width=width, height=height)
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    return page


def test_officer_lists_are_cards_without_constant_columns(page_factory, officer, changle):
    EnterpriseFactory(name="南通常乐卡片科技有限公司", town=changle, grid_officer=officer, is_key=True)
    EnterpriseFactory(name="南通常乐另一材料有限公司", town=changle, grid_officer=officer)
    page = _phone(page_factory, officer)
    page.goto(page.base_url + "/enterprises/")
    cards = page.locator(".list-cards .list-card")
    assert cards.count() == 2
    assert page.locator("table").is_hidden()  # the table is for wider screens
    text = cards.first.inner_text()
    assert "常乐" in text and "信用代码" in text
    assert "区镇" not in text and "网格员" not in text  # the same on every row for this officer
    assert page.locator("#list-filters input[name=q]").is_visible()  # search not folded away
    assert page.locator("#list-filters select[name=tech_field]").is_hidden()  # the rest behind 更多筛选
    page.get_by_role("button", name="更多筛选").click()
    page.locator("#list-filters select[name=tech_field]").wait_for(state="visible")

    page.fill("#list-filters input[name=q]", "卡片")
    page.locator("#list-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=%E5%8D%A1%E7%89%87"))
    assert page.locator(".list-cards .list-card").count() == 1
    page.locator(".list-cards .list-card a", has_text="南通常乐卡片科技有限公司").click()
    page.wait_for_url(re.compile(r"/enterprises/\d+/$"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.console_errors == []


def test_staff_cards_keep_town_and_desktop_keeps_the_table(page_factory, staff_user, changle):
    EnterpriseFactory(name="南通常乐表格科技有限公司", town=changle)
    page = _phone(page_factory, staff_user)
    page.goto(page.base_url + "/enterprises/")
    assert "区镇" in page.locator(".list-cards .list-card").first.inner_text()

    desk = _phone(page_factory, staff_user, width=1440, height=900)
    desk.goto(desk.base_url + "/enterprises/")
    assert desk.locator(".list-cards").is_hidden()
    assert desk.locator("table tbody tr").count() == 1
    assert desk.locator("#list-filters select[name=tech_field]").is_visible()  # nothing folded on a desk
    assert page.console_errors == [] and desk.console_errors == []


def test_enterprise_page_on_a_phone_records_a_visit_and_calls(page_factory, officer, changle):
    phone = "0513-8221 0000 / 13912345678"
    name = "南通常乐电话机械有限公司"
    enterprise = EnterpriseFactory(name=name, town=changle, contact_name="王经理", contact_phone=phone)
    page = _phone(page_factory, officer)
    page.goto(f"{page.base_url}/enterprises/{enterprise.pk}/")
    call = page.get_by_role("link", name=re.compile("致电"))
    assert call.get_attribute("href") == "tel:0513-82210000"
    assert "王经理" in call.inner_text()
    thumb = page.locator(".thumb-action")
    assert thumb.is_visible()
    thumb.click()
    page.wait_for_url(re.compile(rf"/visits/new/\?enterprise={enterprise.pk}$"))
    assert page.locator("[data-picked-enterprise]").inner_text() == enterprise.name
    assert page.console_errors == []
