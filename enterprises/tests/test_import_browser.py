"""Browser journey: staff upload a list with mistakes, fix them from the error report, import again."""

import openpyxl
import pytest

from core.testing import DEMO_PASSWORD
from enterprises.models import Enterprise

from .import_files import code, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def upload(page, path):
    page.goto(page.base_url + "/enterprises/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form.import-upload button[type=submit]")
    page.wait_for_url("**/enterprises/import/*/")


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_fix_a_list_from_the_error_report(page_factory, staff_user, towns, tmp_path, width):
    headers = ["序号", "企业名称", "统一社会信用代码", "所属区镇", "职工总数", "科技人员数"]
    source = tmp_path / "常乐镇企业名单.xlsx"
    source.write_bytes(
        xlsx(
            [
                [1, "海门甲科技有限公司", code(1), "常乐", 100, 10],
                [2, "海门乙科技有限公司", code(2), "上海镇", 50, 5],
                [3, "海门丙科技有限公司", code(3), "三星", 20, 30],
                [4, "海门丁科技有限公司", code(4), "悦来镇", 60, 6],
            ],
            headers=headers,
            title_rows=["2023年常乐镇企业名单"],
        )
    )
    page = page_factory(width=width, height=844 if width == 390 else 900)
    log_in(page, "staff")

    # Preview: counts and every error with its row, before anything is written.
    upload(page, source)
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=errors]").inner_text() == "2"
    errors = page.locator(".import-errors").inner_text()
    assert "“上海镇”不是海门区的区镇" in errors and "科技人员数（30）多于职工总数（20）" in errors
    assert Enterprise.objects.count() == 0

    # Import the valid rows, then download the rows that failed.
    page.click("[data-action=confirm-valid]")
    page.wait_for_selector("text=导入完成：新增2行")
    assert Enterprise.objects.count() == 2
    with page.expect_download() as info:
        page.click("[data-action=error-report]")
    report = tmp_path / "report.xlsx"
    info.value.save_as(report)

    # Fix them in "Excel" and upload the report again.
    book = openpyxl.load_workbook(report)
    sheet = book.active
    assert [c.value for c in sheet[1]] == [*headers, "错误说明"]
    # Every row is in the report (the fixed report replaces the file), the failing ones noted.
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4, 5)] == [
        "海门甲科技有限公司",
        "海门乙科技有限公司",
        "海门丙科技有限公司",
        "海门丁科技有限公司",
    ]
    assert sheet["G2"].value is None and sheet["G3"].value and sheet["G4"].value
    sheet["D3"] = "三厂街道"
    sheet["F4"] = 3
    book.save(report)
    upload(page, report)
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=unchanged]").inner_text() == "2"  # imported before: not twice
    assert page.locator("[data-count=errors]").inner_text() == "0"
    page.click("[data-action=confirm]")
    page.wait_for_selector("text=导入完成：新增2行")
    assert Enterprise.objects.count() == 4
    assert Enterprise.objects.get(credit_code=code(2)).town.name == "三厂街道"

    # The history lists both imports; no page raised a console error.
    page.goto(page.base_url + "/enterprises/import/history/")
    assert page.locator("a:visible", has_text="report.xlsx").count() == 1
    assert page.locator("a:visible", has_text="常乐镇企业名单.xlsx").count() == 1
    assert page.console_errors == []
