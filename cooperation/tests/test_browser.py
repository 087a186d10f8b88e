"""Browser journeys (1440×900 and 390×844): staff import a technology-contract list with a bad row,
fix it from the error report and see the total; an officer records an expert clinic for an
enterprise of their town."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from cooperation.models import EventKind, IAEvent, TechContract
from cooperation.tests.test_importers import REGISTRY, xlsx
from core.testing import DEMO_PASSWORD
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_staff_import_contracts_fix_the_bad_row_and_see_the_total(page_factory, staff_user, changle, tmp_path):
    EnterpriseFactory(town=changle, name="招商局重工（江苏）有限公司")
    EnterpriseFactory(town=changle, name="益诺思生物技术南通有限公司")
    rows = [
        [1, "23320614000001", "焊接开发", "招商局重工（江苏）有限公司", "外高桥", "开发", 52000, 50000, "2023-03-15"],
        [2, "23320614000002", "安评服务", "益诺思生物技术南通有限公司", "博远", "服务", 15800, 18000, "2023-03-30"],
        [3, "23320614000003", "药研服务", "益诺思生物技术南通有限公司", "恒越", "服务", 12400, 12000, "2023-06-15"],
    ]  # fmt: skip
    source = tmp_path / "技术合同登记汇总.xlsx"
    source.write_bytes(xlsx(REGISTRY, rows))
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    page.goto(page.base_url + "/cooperation/contracts/")
    page.get_by_role("link", name="导入技术合同").click()
    page.wait_for_url("**/cooperation/import/contracts/")
    page.set_input_files("input[type=file]", str(source))
    page.click("form.import-upload button[type=submit]")
    page.wait_for_url("**/cooperation/import/contracts/*/")
    assert page.locator("[data-count=errors]").inner_text() == "1"
    assert "技术交易额 1.8亿元 大于合同成交额 1.58亿元" in page.locator(".import-errors").inner_text()
    page.screenshot(path="/tmp/shots-13a/contract-import-errors-1440.png", full_page=True)
    assert not TechContract.objects.exists()
    with page.expect_download() as info:
        page.click("[data-action=error-report]")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    lines = list(book.active.iter_rows(values_only=True))
    header = next(i for i, line in enumerate(lines) if line and line[1] == "合同登记编号")
    cells = [list(line[: len(REGISTRY)]) for line in lines[header + 1 :]]
    assert [bool(line[-1]) for line in lines[header + 1 :]] == [False, True, False]
    cells[1][7] = 13500  # the marked 技术交易额, fixed
    fixed = tmp_path / "技术合同登记汇总-改.xlsx"
    fixed.write_bytes(xlsx(REGISTRY, cells))
    page.goto(page.base_url + "/cooperation/import/contracts/")
    page.set_input_files("input[type=file]", str(fixed))
    page.click("form.import-upload button[type=submit]")
    page.wait_for_url("**/cooperation/import/contracts/*/")
    assert page.locator("[data-count=errors]").inner_text() == "0"
    page.click("[data-action=confirm]")
    page.wait_for_selector("text=导入完成：新增3行")
    page.click("[data-action=batch]")
    page.wait_for_url("**/cooperation/contracts/?batch=*")
    assert page.locator("[data-total=contract]").inner_text() == "8.02亿元"
    assert page.locator("[data-total=output]").inner_text() == "8.02亿元"
    page.screenshot(path="/tmp/shots-13a/contract-list-after-import-1440.png", full_page=True)
    assert TechContract.objects.count() == 3
    assert page.console_errors == []


def test_officer_records_an_expert_clinic_for_an_enterprise_of_their_town(page_factory, officer, changle, sanxing):
    mine = EnterpriseFactory(town=changle, name="南通维柏思特衬布有限公司")
    EnterpriseFactory(town=sanxing, name="南通慧起点智能科技有限公司")
    for width, height in ((390, 844), (1440, 900)):
        page = page_factory(width=width, height=height)
        log_in(page, "officer")
        page.goto(page.base_url + "/cooperation/events/")
        page.get_by_role("link", name="新增").click()
        page.wait_for_url("**/cooperation/events/new/")
        assert page.locator("#id_kind").input_value() == EventKind.CLINIC  # an officer's usual record
        assert page.locator("#id_town").input_value() == str(changle.pk)
        page.fill("#id_title", f"技术专家巡诊：维柏思特衬布（{width}）")
        page.fill("#id_held_on", "2023-06-01")
        # Another town's enterprise is refused by name, and nothing is saved.
        page.fill("#id_enterprises", "慧起点智能科技")
        page.fill("#id_expert", "李敏教授（东华大学纺织学院）")
        page.get_by_role("button", name="保存").click()
        assert "慧起点智能科技" in page.locator("main form.card").inner_text()
        assert not IAEvent.objects.filter(title__endswith=f"（{width}）").exists()
        page.fill("#id_enterprises", "维柏思特衬布")
        page.fill("#id_problem", "环保型粘合衬布剥离强度不稳定")
        page.fill("#id_outcome", "调整热熔胶粉配比，试产三批达标")
        page.get_by_role("button", name="保存").click()
        page.wait_for_selector("text=已保存")
        assert "南通维柏思特衬布有限公司" in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=f"/tmp/shots-13a/officer-clinic-{width}.png", full_page=True)
        assert page.console_errors == []
    clinics = IAEvent.objects.filter(kind=EventKind.CLINIC)
    assert clinics.count() == 2
    assert all(c.town == changle and list(c.enterprises.all()) == [mine] for c in clinics)
    assert clinics.first().held_on == dt.date(2023, 6, 1)
