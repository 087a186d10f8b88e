"""Browser journeys on the pools: a bulk 已入库 from the list, and one 高企 recognised from its page."""

import datetime as dt

import pytest

from core.testing import DEMO_PASSWORD
from enterprises import services
from enterprises.models import Pool, PoolMembership, Stage
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(make_user):
    user = make_user("staff", "bureau_staff")
    user.last_name, user.first_name = "张", "科员"
    user.save()
    return user


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_staff_registers_three_enterprises_in_one_action(page_factory, staff, changle):
    names = ["南通慧起点智能科技有限公司", "南通维柏思特衬布有限公司", "南通森达装饰材料有限公司"]
    chosen = [EnterpriseFactory(name=n, town=changle) for n in names]
    EnterpriseFactory(name="南通未勾选企业有限公司", town=changle)
    for e in [*chosen, EnterpriseFactory(name="南通另一家参评企业", town=changle)]:
        services.pool_enter(
            enterprise=e, pool=Pool.FANXING, year=2023, stage=Stage.EVALUATED, user=staff, on=dt.date(2023, 3, 20)
        )
    page = page_factory()
    _login(page, "staff")
    page.goto(page.base_url + "/enterprises/?pool=fanxing&year=2023")
    for name in names:
        page.get_by_label(f"选择 {name}").check()
    assert page.locator("[data-bulk-count]").inner_text() == "3"
    page.get_by_role("button", name="变更培育库阶段").click()
    panel = page.locator("#bulk-pool_move")
    panel.locator("select[name=pool_move-pool]").select_option("fanxing")
    panel.locator("input[name=pool_move-year]").fill("2023")
    panel.locator("select[name=pool_move-stage]").select_option("registered")
    panel.locator("input[name=pool_move-on]").fill("2023-06-30")
    panel.locator("input[name=pool_move-first_number]").fill("HM2023-001")
    panel.get_by_role("button", name="变更阶段").click()
    page.wait_for_load_state()
    assert "的2023年繁星计划转入“已入库”（2023-06-30）" in page.locator(".alert-success").inner_text()
    assert PoolMembership.objects.filter(stage=Stage.REGISTERED).count() == 3

    page.get_by_role("link", name=names[1]).click()
    timeline = page.locator(".stage-timeline").first
    entry = timeline.locator("li", has_text="已参评 → 已入库")
    assert "2023-06-30" in entry.inner_text() and "张科员" in entry.inner_text()
    # Numbers count up in the order of the list (by name here).
    number = f"HM2023-{sorted(names).index(names[1]) + 1:03d}"
    assert number in page.locator("#pools").inner_text()
    assert page.console_errors == []


def test_staff_recognises_a_hte_from_its_page_on_a_phone(page_factory, staff, changle):
    e = EnterpriseFactory(name="江苏澳斯康生物医药股份有限公司", town=changle)
    services.pool_enter(
        enterprise=e, pool=Pool.QIANGJI, year=2023, stage=Stage.EXPERT_REVIEW, user=staff, on=dt.date(2023, 5, 26)
    )
    page = page_factory(width=390, height=844)
    _login(page, "staff")
    page.goto(page.base_url + e.get_absolute_url())
    page.get_by_role("link", name="已认定").click()  # htmx puts the form into the card
    form = page.locator(".move-slot form")
    form.wait_for()
    # Without the certificate the service refuses, on the field, and the form stays in place.
    form.locator("input[name=on]").fill("2023-11-20")
    form.get_by_role("button", name="确认变更").click()
    page.locator(".move-slot .invalid-feedback").first.wait_for()
    assert "须填写证书编号" in page.locator(".move-slot").inner_text()
    form = page.locator(".move-slot form")
    form.locator("input[name=certificate_no]").fill("GR202332001234")
    form.locator("input[name=certified_on]").fill("2023-11-20")
    form.get_by_role("button", name="确认变更").click()
    page.wait_for_selector(".alert-success")
    assert "已转入“已认定”" in page.locator(".alert-success").inner_text()
    assert "GR202332001234" in page.locator("#pools").inner_text()
    assert "省专家预审 → 已认定" in page.locator(".stage-timeline").inner_text()
    assert page.console_errors == []
