"""Browser journey: staff import a 研发项目备案 list with one bad row, import the rest, see the history."""

import datetime as dt

import pytest

from enterprises.models import Enterprise, RDProject

from .import_files import code
from .test_import_browser import log_in
from .test_import_rd import rd_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_import_an_rd_list_with_one_bad_row(page_factory, staff_user, towns, changle, tmp_path):
    Enterprise.objects.create(name="海门甲科技有限公司", credit_code=code(1), town=changle)
    Enterprise.objects.create(name="海门乙科技有限公司", credit_code=code(2), town=changle)
    source = tmp_path / "2023年预申报信息.xlsx"
    source.write_bytes(
        rd_xlsx(
            [
                [code(1), 2023, "新型电机控制系统研发", 120, "是", dt.date(2023, 3, 1)],
                [code(2), 2023, "高效换热器研发", "80万元", "否", None],
                [code(9), 2023, "平台中没有的企业", 10, "", None],
            ]
        )
    )
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")

    # From the enterprise import, the tab to the R&D import.
    page.goto(page.base_url + "/enterprises/import/")
    page.click(".import-tabs >> text=研发项目备案")
    page.wait_for_url("**/enterprises/import/rd/")
    page.set_input_files("input[type=file]", str(source))
    page.click("form.import-upload button[type=submit]")
    page.wait_for_url("**/enterprises/import/rd/*/")
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=errors]").inner_text() == "1"
    assert f"平台中没有统一社会信用代码为“{code(9)}”的企业" in page.locator(".import-errors").inner_text()
    assert not RDProject.objects.exists()

    page.click("[data-action=confirm-valid]")
    page.wait_for_selector("text=导入完成：新增2行")
    assert RDProject.objects.count() == 2
    with page.expect_download() as info:
        page.click("[data-action=error-report]")
    assert info.value.suggested_filename == "2023年预申报信息-错误报告.xlsx"

    page.goto(page.base_url + "/enterprises/import/rd/history/")
    assert page.locator("a:visible", has_text="2023年预申报信息.xlsx").count() == 1
    assert page.console_errors == []
