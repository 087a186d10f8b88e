"""Issue 9: a bulk stage move done through the list's form keeps its dates, so the KPIs of the
demo data are unchanged by it (staff at 1440×900)."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from core.testing import DEMO_PASSWORD
from enterprises.models import Pool, PoolMembership, PoolStageChange, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _kpis_2023_h1():
    out = StringIO()
    call_command("kpi", "--year", "2023", "--period", "H1", "--json", stdout=out)
    return {code: kpi["actual"] for code, kpi in json.loads(out.getvalue())["kpis"].items()}


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_a_bulk_move_through_the_form_leaves_the_2023_kpis_alone(page_factory):
    call_command("seed_demo", "--force", "--json", stdout=StringIO())
    before = _kpis_2023_h1()
    page = page_factory(width=1440, height=900)
    _login(page, "staff")
    page.goto(page.base_url + "/enterprises/?pool=qiangji&year=2023&stage=candidate")

    rows = page.locator("input[data-bulk-row]")
    chosen = [rows.nth(i).get_attribute("value") for i in range(3)]
    for pk in chosen:
        page.locator(f"input[data-bulk-row][value='{pk}']").check()
    page.get_by_role("button", name="变更培育库阶段").click()
    panel = page.locator("#bulk-pool_move")
    # The form starts from the list's filter: 强基 / 2023 / 下一阶段 (拟申报 → 已申报), dated in 2023.
    assert panel.locator("select[name=pool_move-pool]").input_value() == "qiangji"
    assert panel.locator("input[name=pool_move-year]").input_value() == "2023"
    stage = panel.locator("select[name=pool_move-stage]")
    assert stage.input_value() == "next"
    assert "拟申报 → 已申报" in stage.locator("option[value=next]").inner_text()
    assert panel.locator("input[name=pool_move-on]").input_value() == "2023-12-31"
    # Only 强基's stages are offered, and 已申报 needs no certificate numbers.
    groups = "s => Array.from(s.querySelectorAll('optgroup')).filter(g => !g.hidden).map(g => g.label)"
    assert stage.evaluate(groups) == ["强基计划"]
    assert not panel.locator("input[name=pool_move-first_number]").is_visible()
    # Another pool: only its stages, and 下一阶段 no longer names the filter's step.
    panel.locator("select[name=pool_move-pool]").select_option("fanxing")
    assert stage.evaluate(groups) == ["繁星计划"]
    assert stage.locator("option[value=next]").inner_text() == "下一阶段（各企业当前阶段的下一步）"
    panel.locator("select[name=pool_move-pool]").select_option("qiangji")
    stage.select_option("recognized")
    assert panel.locator("input[name=pool_move-first_number]").is_visible()
    stage.select_option("next")
    assert not panel.locator("input[name=pool_move-first_number]").is_visible()
    page.screenshot(path="/tmp/j_bulk_move_1440.png", full_page=False)

    # A date after the year asks for confirmation first.
    panel.locator("input[name=pool_move-on]").fill("2024-01-05")
    panel.get_by_role("button", name="变更阶段").click()
    page.wait_for_load_state()
    panel = page.locator("#bulk-pool_move")
    assert "晚于2023年度" in panel.inner_text()
    assert PoolStageChange.objects.filter(on__gt=dt.date(2023, 12, 31), membership__year=2023).count() == 0
    confirm = panel.get_by_label("确认日期晚于年度")
    assert confirm.is_visible()
    # The panel shown again still knows the filter's step: no number fields for 已申报.
    assert "拟申报 → 已申报" in panel.locator("select[name=pool_move-stage] option[value=next]").inner_text()
    assert not panel.locator("input[name=pool_move-first_number]").is_visible()
    # The user thinks again and takes the default date within 2023.
    panel.locator("input[name=pool_move-on]").fill("")
    panel.get_by_role("button", name="变更阶段").click()
    page.wait_for_load_state()
    message = page.locator(".alert-success").inner_text()
    moved = PoolMembership.objects.filter(enterprise__in=chosen, pool=Pool.QIANGJI, year=2023).select_related(
        "enterprise"
    )
    assert "已将3家企业" in message and "2023年强基计划转入“已申报”（2023-12-31）" in message
    for membership in moved:
        assert membership.enterprise.name in message
        assert membership.stage == Stage.APPLIED and membership.stage_on.year == 2023
        assert membership.changes.order_by("-id").first().on == dt.date(2023, 12, 31)

    assert _kpis_2023_h1() == before
    assert page.console_errors == []


def test_the_panel_on_a_narrow_screen(page_factory):
    # On a phone the list shows cards without tick boxes, so the bulk bar is a tablet-and-up
    # tool (docs/decisions.md, list cards); on a tablet the panel still works as on a desktop.
    call_command("seed_demo", "--force", "--json", stdout=StringIO())
    phone = page_factory(width=390, height=844)
    _login(phone, "staff")
    phone.goto(phone.base_url + "/enterprises/?pool=fanxing&year=2023&stage=evaluated")
    assert not phone.locator(".bulk-bar").is_visible()
    page = page_factory(width=820, height=1180)
    _login(page, "staff")
    page.goto(page.base_url + "/enterprises/?pool=fanxing&year=2023&stage=evaluated")
    page.get_by_role("button", name="变更培育库阶段").click()
    panel = page.locator("#bulk-pool_move")
    panel.wait_for(state="visible")
    # 已参评 → 已入库 is certified: the number fields show.
    assert panel.locator("input[name=pool_move-first_number]").is_visible()
    page.screenshot(path="/tmp/j_bulk_move_820.png", full_page=True)
    assert page.console_errors == []
