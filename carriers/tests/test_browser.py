"""Browser journeys (1440×900, and the carrier page at 390 px): staff record a quarterly construction
report and see the chart move; a leader opens the behind-schedule list and a carrier's page; staff
import a tenant list with one bad row, fix it from the error report and confirm."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from carriers.models import Tenancy
from carriers.tests.factories import CarrierFactory, ReportFactory
from carriers.tests.test_importers import TENANT_HEADERS, xlsx
from core.testing import DEMO_PASSWORD
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_staff_record_a_quarterly_report_and_see_the_chart_move(page_factory, staff_user, changle):
    carrier = CarrierFactory(town=changle, name="拓鸿产业园")
    ReportFactory(carrier=carrier, year=2023, quarter=1, planned_pct=40, actual_pct=35)
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    page.goto(page.base_url + carrier.get_absolute_url())
    page.wait_for_selector("#progress-chart svg")
    assert page.locator("#progress-chart").get_attribute("data-points") == "1"
    page.get_by_role("link", name="报送季度进度").click()
    page.select_option("#id_quarter", "2")
    page.fill("#id_year", "2023")
    page.fill("#id_planned_pct", "60")
    page.fill("#id_actual_pct", "44")
    page.select_option("#id_assessment", "pass")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(page.base_url + carrier.get_absolute_url())
    page.wait_for_selector("#progress-chart svg")
    assert page.locator("#progress-chart").get_attribute("data-points") == "2"
    assert "滞后超过" in page.locator("#construction").inner_text()  # 60 − 44 = 16 > 10
    page.screenshot(path="/tmp/carriers-detail-1440.png", full_page=True)
    assert page.console_errors == []


def test_leader_opens_behind_list_and_a_carrier_page(page_factory, leader_user, changle):
    behind = CarrierFactory(town=changle, name="大生科创园")
    ReportFactory(carrier=behind, year=2023, quarter=2, planned_pct=20, actual_pct=6)
    on_time = CarrierFactory(town=changle, name="长三角药物创新中心")
    ReportFactory(carrier=on_time, year=2023, quarter=2, planned_pct=100, actual_pct=100)
    page = page_factory(width=1440, height=900)
    log_in(page, "leader")
    page.goto(page.base_url + "/carriers/behind/")
    table = page.locator("table").first
    assert "大生科创园" in table.inner_text() and "长三角药物创新中心" not in table.inner_text()
    page.screenshot(path="/tmp/carriers-behind-1440.png", full_page=True)
    table.get_by_role("link", name="大生科创园").click()
    page.wait_for_selector("#progress-chart svg")
    assert page.get_by_role("link", name="报送季度进度").count() == 0  # leaders look, they do not write
    assert page.console_errors == []

    phone = page_factory(width=390, height=844)
    log_in(phone, "leader")
    phone.goto(phone.base_url + behind.get_absolute_url())
    phone.wait_for_selector("#progress-chart svg")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path="/tmp/carriers-detail-390.png", full_page=True)
    phone.goto(phone.base_url + "/carriers/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path="/tmp/carriers-list-390.png", full_page=True)
    assert phone.console_errors == []


def test_staff_import_tenants_fix_the_bad_row_and_confirm(page_factory, staff_user, changle, tmp_path):
    carrier = CarrierFactory(town=changle, name="长海大厦", opened_on=dt.date(2019, 6, 1))
    firms = [EnterpriseFactory(town=changle) for _ in range(3)]
    source = tmp_path / "长海大厦入驻企业.xlsx"
    source.write_bytes(
        xlsx(
            TENANT_HEADERS,
            [
                ["长海大厦", firms[0].credit_code, dt.date(2022, 3, 1), None],
                ["长海大厦", firms[1].credit_code, dt.date(2019, 1, 1), None],  # before the carrier opened
                ["长海大厦", firms[2].credit_code, dt.date(2023, 2, 1), None],
            ],
        )
    )
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    page.goto(page.base_url + "/carriers/tenants/")
    page.get_by_role("link", name="导入入驻企业").click()
    page.wait_for_url("**/carriers/import/tenants/")
    page.set_input_files("input[type=file]", str(source))
    page.click("form.import-upload button[type=submit]")
    page.wait_for_url("**/carriers/import/tenants/*/")
    assert page.locator("[data-count=errors]").inner_text() == "1"
    assert "早于载体启用日期 2019-06-01" in page.locator(".import-errors").inner_text()
    page.screenshot(path="/tmp/carriers-import-1440.png", full_page=True)
    with page.expect_download() as info:
        page.click("[data-action=error-report]")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 4  # the header and every row; only the bad one has a 错误说明
    assert [bool(row[-1]) for row in rows[1:]] == [False, True, False]
    fixed = tmp_path / "长海大厦入驻企业-改.xlsx"
    cells = [list(row[:4]) for row in rows[1:]]
    cells[1][2] = dt.date(2020, 5, 1)  # the marked cell, fixed; the report replaces the first file
    fixed.write_bytes(xlsx(TENANT_HEADERS, cells))
    page.goto(page.base_url + "/carriers/import/tenants/")
    page.set_input_files("input[type=file]", str(fixed))
    page.click("form.import-upload button[type=submit]")
    page.wait_for_url("**/carriers/import/tenants/*/")
    assert page.locator("[data-count=errors]").inner_text() == "0"
    assert page.locator("[data-count=new]").inner_text() == "3"
    page.click("[data-action=confirm]")
    page.wait_for_selector("text=导入完成：新增3行")
    assert Tenancy.objects.filter(carrier=carrier).count() == 3
    assert page.console_errors == []
