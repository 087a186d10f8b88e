"""Browser journeys of the activity half: a team member records a client visit on a 390 px phone;
the weekly-rule list shows who fell short last week (1440 px and 390 px)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.testing import DEMO_PASSWORD
from investment.models import ClientVisit
from investment.tests.factories_activity import FundFactory, MemberFactory, VisitFactory, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots-12b"


def log_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_a_team_member_records_a_client_visit_on_a_phone(page_factory, officer, changle):
    me = MemberFactory(town=changle, user=officer, name="陈网格员", unit_name="常乐镇")
    phone = page_factory(width=390, height=844)
    log_in(phone, "officer")
    phone.goto(phone.base_url + "/investment/visits/new/")
    assert phone.locator("#id_member").input_value() == str(me.pk)  # the officer themself
    assert phone.locator("#id_visited_at").input_value()[:10] == timezone.localdate().isoformat()
    phone.fill("#id_counterpart", "上海芯联半导体科技有限公司")
    phone.click("[data-city='上海']")
    assert phone.locator("#id_city").input_value() == "上海"
    phone.fill("#id_note", "了解扩产需求，约下周来海门考察")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=f"{SHOTS}/clientvisit-form-390.png", full_page=True)
    phone.get_by_role("button", name="保存拜访").click()
    phone.wait_for_url("**/investment/visits/")
    assert "上海芯联半导体科技有限公司" in phone.locator("main").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=f"{SHOTS}/clientvisit-list-390.png", full_page=True)
    visit = ClientVisit.objects.get()
    assert (visit.member, visit.city) == (me, "上海")
    assert phone.console_errors == []


def test_the_weekly_rule_list_shows_who_fell_short(page_factory, staff_user, changle, sanxing):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    joined = monday - dt.timedelta(days=60)
    good = MemberFactory(town=changle, name="周达标", unit_name="常乐镇", active_from=joined)
    few = MemberFactory(town=changle, name="吴少拜访", unit_name="常乐镇", active_from=joined)
    MemberFactory(town=sanxing, name="郑没外出", unit_name="三星镇", active_from=joined)
    for i in range(6):
        VisitFactory(member=good, visited_at=at(monday + dt.timedelta(days=i % 3), 9 + i))
    for i in range(3):
        VisitFactory(member=few, visited_at=at(monday + dt.timedelta(days=i), 10))
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    page.goto(page.base_url + "/investment/team/short/")
    table = page.locator("table").first.inner_text()
    assert "吴少拜访" in table and "郑没外出" in table and "周达标" not in table
    assert "拜访少3个" in table and "外出少3天；拜访少6个" in table
    assert page.locator("[data-week]").get_attribute("data-week") == monday.isoformat()
    page.screenshot(path=f"{SHOTS}/team-short-1440.png", full_page=True)
    page.goto(page.base_url + f"/investment/team/week/?week={monday.isoformat()}")
    assert "周达标" in page.locator("table").first.inner_text()
    assert "未达标 2 人" in page.locator("#week-summary").inner_text()
    page.screenshot(path=f"{SHOTS}/team-week-1440.png", full_page=True)
    assert page.console_errors == []

    phone = page_factory(width=390, height=844)
    log_in(phone, "staff")
    phone.goto(phone.base_url + "/investment/team/short/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert "吴少拜访" in phone.locator("main").inner_text()
    phone.screenshot(path=f"{SHOTS}/team-short-390.png", full_page=True)
    assert phone.console_errors == []


def test_pages_at_both_widths(page_factory, staff_user, changle):
    """Every page of the activity half opens without a console error or a sideways scroll."""
    FundFactory(name="区级科创母基金", stage_on=dt.date(2023, 2, 20))
    member = MemberFactory(town=changle, name="冯招商", unit_name="常乐镇")
    VisitFactory(member=member, visited_at=at(dt.date(2023, 3, 6)))
    paths = ["/investment/events/", "/investment/visits/", "/investment/team/", "/investment/funds/",
             "/investment/funds/totals/", member.get_absolute_url(), "/investment/events/new/"]  # fmt: skip
    for width, height in ((1440, 900), (390, 844)):
        page = page_factory(width=width, height=height)
        log_in(page, "staff")
        for path in paths:
            page.goto(page.base_url + path)
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
            if width == 390:
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.console_errors == []
