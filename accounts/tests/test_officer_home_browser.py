"""Browser journey: an officer's home on a 390×844 phone says what to do today, each a tap to act;
the top bar's search and the thumb's 记走访 are on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from core.testing import DEMO_PASSWORD
from enterprises import rules, services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory, VisitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(page_factory, officer):
    page = page_factory(width=390, height=844)
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    return page


def test_officer_home_says_what_to_do_today(page_factory, officer, staff_user, changle, sanxing):
    today = timezone.localdate()
    waiting = EnterpriseFactory(name="南通常乐等待机械有限公司", town=changle)
    VisitFactory(
        enterprise=waiting,
        officer=officer,
        visited_on=today - dt.timedelta(days=12),
        follow_up="open",
        problem="缺场地",
    )
    certified = EnterpriseFactory(name="南通常乐高企电子有限公司", town=changle)
    issued = rules.add_years(today, -3) + dt.timedelta(days=40)  # expires in 40 days
    services.pool_enter(
        enterprise=certified,
        pool=Pool.QIANGJI,
        year=issued.year,
        stage=Stage.RECOGNIZED,
        user=staff_user,
        certificate_no="GR2023000001",
        certified_on=issued,
    )
    key = EnterpriseFactory(name="南通常乐重点材料有限公司", town=changle, is_key=True)
    EnterpriseFactory(name="三星重点纺织有限公司", town=sanxing, is_key=True)  # another town: not shown

    page = _phone(page_factory, officer)
    follow_ups = page.locator("#today-follow-ups")
    assert "已等待12天" in follow_ups.inner_text() and waiting.name in follow_ups.inner_text()
    certificates = page.locator("#today-certificates")
    assert certified.name in certificates.inner_text() and "40天后到期" in certificates.inner_text()
    key_due = page.locator("#today-key-due")
    assert key.name in key_due.inner_text() and "三星" not in key_due.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # A key enterprise due: one tap opens the visit form with it picked.
    key_due.get_by_text(key.name).click()
    page.wait_for_url(re.compile(rf"/visits/new/\?enterprise={key.pk}$"))
    assert page.locator("[data-picked-enterprise]").inner_text() == key.name
    assert page.locator(".thumb-action").count() == 0  # the form has its own save bar

    # A follow-up: one tap opens its update.
    page.goto(page.base_url + "/")
    follow_ups.get_by_text(waiting.name).click()
    page.wait_for_url(re.compile(r"/visits/\d+/follow-up/$"))

    # 记走访 under the thumb on other pages.
    page.goto(page.base_url + "/enterprises/")
    thumb = page.locator(".thumb-action")
    assert thumb.is_visible()
    box = thumb.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["y"] > 844 - 120  # at the bottom of the screen
    thumb.click()
    page.wait_for_url(re.compile(r"/visits/new/$"))
    assert page.console_errors == []


def test_top_bar_search_on_every_page(page_factory, officer, changle, sanxing):
    one = EnterpriseFactory(name="南通常乐唯一光学有限公司", town=changle)
    EnterpriseFactory(name="南通常乐精密一厂有限公司", town=changle)
    EnterpriseFactory(name="南通常乐精密二厂有限公司", town=changle)
    EnterpriseFactory(name="三星唯一光学有限公司", town=sanxing)  # outside the officer's scope

    page = _phone(page_factory, officer)
    page.goto(page.base_url + "/visits/")
    box = page.locator(".top-search input[name=q]")
    assert box.is_visible()  # not folded into the menu on a phone
    box.fill("唯一光学")
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/enterprises/{one.pk}/$"))  # exactly one in scope: straight there

    page.locator(".top-search input[name=q]").fill("精密")
    page.locator(".top-search input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/enterprises/\?q=.+"))
    assert page.locator(".list-count").inner_text().strip() == "共 2 条"
    assert page.console_errors == []
