"""Browser journey (issue 9, staff at 1440×900): a list with one bad row, the error report
fixed and uploaded in place of the first file, every row imported, 查看企业 opens the batch."""

import openpyxl
import pytest

from enterprises.models import Enterprise

from .import_files import code, xlsx
from .test_import_browser import log_in, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_fix_the_report_and_open_the_batch(page_factory, staff_user, towns, tmp_path):
    headers = ["企业名称", "统一社会信用代码", "所属区镇", "职工总数"]
    source = tmp_path / "三星镇企业名单.xlsx"
    source.write_bytes(
        xlsx(
            [
                ["海门甲科技有限公司", code(1), "三星镇", 100],
                ["海门乙科技有限公司", code(2), "三兴镇", 50],  # the bad row: a homophone
                ["海门丙科技有限公司", code(3), "三星", 20],
            ],
            headers=headers,
        )
    )
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    upload(page, source)
    assert page.locator("[data-count=errors]").inner_text() == "1"
    assert "您是否要填“三星镇”？" in page.locator(".import-errors").inner_text()
    assert "它代替原文件" in page.locator("[data-advice=errors]").inner_text()

    # All or nothing: download the report rather than import part of the file.
    with page.expect_download() as info:
        page.click("[data-action=error-report]")
    report = tmp_path / "三星镇企业名单-错误报告.xlsx"
    info.value.save_as(report)
    book = openpyxl.load_workbook(report)
    sheet = book.active
    assert sheet.max_row == 4  # every row, not only the failing one
    assert sheet["C3"].fill.fgColor.rgb.endswith("FFC7CE")
    sheet["C3"] = "三星镇"
    book.save(report)

    upload(page, report)
    assert page.locator("[data-count=new]").inner_text() == "3"
    assert page.locator("[data-count=errors]").inner_text() == "0"
    assert page.locator("text=未识别的列").count() == 0  # its 错误说明 column is the portal's own
    page.click("[data-action=confirm]")
    page.wait_for_selector("text=导入完成：新增3行")
    assert Enterprise.objects.count() == 3

    page.click("[data-action=batch]")
    page.wait_for_url("**/enterprises/?batch=*")
    listed = page.locator("table tbody tr")
    assert listed.count() == 3
    assert "海门乙科技有限公司" in page.locator("table").inner_text()
    assert not page.console_errors
