"""Import without stranded rows (issue 9): the error report carries every row, so the fixed
report replaces the first file; its 错误说明 is not warned about; 查看企业 opens the batch;
an unknown town suggests the nearest; a credit-code hint never names someone else's code."""

import io

import openpyxl
import pytest
from django.urls import reverse

from enterprises.models import Enterprise

from .import_files import code, row, wrong_check, xlsx
from .test_import_rows import plan
from .test_import_views import body, download, uploaded, url

pytestmark = pytest.mark.django_db

SHADED = "FFC7CE"


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def fix_shaded_cells(report: bytes, fixes: dict) -> bytes:
    """Staff in Excel: change every shaded cell (by its column's header) and nothing else."""
    book = openpyxl.load_workbook(io.BytesIO(report))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    shaded = [c for line in sheet.iter_rows(min_row=2) for c in line if (c.fill.fgColor.rgb or "").endswith(SHADED)]
    assert shaded, "the report marks the failing cells"
    for cell in shaded:
        cell.value = fixes[(cell.row, header[cell.column - 1])]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_fixed_report_imports_every_row_none_stranded(staff, towns):
    content = xlsx(
        [
            row(1, town="常乐镇", employees=10),
            row(2, town="三兴镇", employees=20),  # a homophone of 三星镇
            row(3, town="悦来", employees=-5),
            row(4, town="四甲镇"),
        ],
        title_rows=["2023年企业名单"],
    )
    first = uploaded(staff, content)
    assert first.counts["errors"] == 2 and first.counts["new"] == 2
    # All or nothing: following the page's advice, nothing is confirmed; the report is fixed.
    page = body(staff.get(url("run", first)))
    assert "它代替原文件" in page
    report = download(staff.get(url("errors", first)))
    lines = list(openpyxl.load_workbook(io.BytesIO(report)).active.iter_rows(values_only=True))
    assert len(lines) == 5 and lines[0][-1] == "错误说明"
    notes = [line[-1] for line in lines[1:]]
    assert notes[0] is None and notes[3] is None
    assert notes[1].startswith("所属区镇：“三兴镇”不是海门区的区镇；您是否要填“三星镇”？")
    assert notes[2].startswith("职工总数：“-5”不能为负数")

    fixed = fix_shaded_cells(report, {(3, "所属区镇"): "三星镇", (4, "职工总数"): 5})
    again = uploaded(staff, fixed, name="2023年企业名单-错误报告.xlsx")
    assert again.counts == {"new": 4, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 0}
    assert again.warnings == []  # the report's own 错误说明 is known
    staff.post(url("confirm", again))
    assert Enterprise.objects.count() == 4
    assert Enterprise.objects.get(credit_code=code(2)).town.name == "三星镇"
    assert Enterprise.objects.get(credit_code=code(3)).employees == 5


def test_batch_link_opens_the_enterprises_the_import_touched(staff, towns):
    uploaded_first = uploaded(staff, xlsx([row(1, town="常乐镇"), row(2, town="常乐镇")]))
    staff.post(url("confirm", uploaded_first))
    # Second import: one unchanged, one updated, two new — three touched.
    second = uploaded(
        staff,
        xlsx([row(1, town="常乐镇"), row(2, town="三星镇"), row(3, town="常乐镇"), row(4)]),
    )
    staff.post(url("confirm", second))
    second.refresh_from_db()
    assert (second.counts["new"], second.counts["updated"], second.counts["unchanged"]) == (2, 1, 1)
    page = body(staff.get(url("run", second)))
    link = f"{reverse('enterprises:enterprise_list')}?batch={second.batch}"
    assert f'href="{link}"' in page and "查看本次导入的企业（3）" in page
    listed = staff.get(link)
    rows = listed.context["table"].rows
    assert len(rows) == second.counts["new"] + second.counts["updated"]
    assert {r.record.credit_code for r in rows} == {code(2), code(3), code(4)}


def test_batch_filter_is_scoped_like_every_list(client, staff, officer, towns):
    run = uploaded(staff, xlsx([row(1, town="常乐镇"), row(2, town="三星镇")]))
    staff.post(url("confirm", run))
    run.refresh_from_db()
    client.force_login(officer)  # 常乐镇's officer sees only 常乐镇's enterprise of the batch
    listed = client.get(f"{reverse('enterprises:enterprise_list')}?batch={run.batch}")
    assert [r.record.credit_code for r in listed.context["table"].rows] == [code(1)]


def test_unknown_town_suggests_the_nearest(towns):
    (error,) = plan(xlsx([row(1, town="三兴镇")])).errors
    assert error.message == "“三兴镇”不是海门区的区镇；您是否要填“三星镇”？"
    (error,) = plan(xlsx([row(1, town="四家")])).errors
    assert error.message.endswith("您是否要填“四甲镇”？")
    (error,) = plan(xlsx([row(1, town="上海镇")])).errors  # nothing near: the list of towns
    assert "可填：海门街道" in error.message


def test_credit_code_hint_never_names_another_rows_code(towns):
    bad, good = wrong_check(2)
    # Row 2's check character is broken; its check-character fix is row 3's code.
    result = plan(xlsx([row(2, credit_code=bad), row(3, name="江苏海门另一家有限公司", credit_code=good)]))
    (error,) = result.errors
    assert error.row == 2 and "请核对营业执照" in error.message
    assert good not in error.message


def test_credit_code_hint_never_names_another_enterprises_stored_code(towns):
    bad, good = wrong_check(7)
    Enterprise.objects.create(name="江苏海门已登记科技有限公司", credit_code=good)
    (error,) = plan(xlsx([row(8, name="江苏海门新来科技有限公司", credit_code=bad)])).errors
    assert good not in error.message and error.message.endswith("校验位错误，请核对营业执照")
    # The same enterprise's own code, mistyped: the stored code is the right hint.
    (error,) = plan(xlsx([row(8, name="江苏海门已登记科技有限公司", credit_code=bad)])).errors
    assert f"可能是 {good}（第18位" in error.message


def test_credit_code_hint_lists_the_check_character_fix_first(towns):
    # A real code (Shandong sample) with its check character mistyped as "D": the check fix,
    # then a look-alike ("7" for "1" in the division code) that also validates.
    typo, check_fix, look_alike = "91370784MA3N03685D", "91370784MA3N03685C", "91370184MA3N03685D"
    (error,) = plan(xlsx([row(1, credit_code=typo)])).errors
    assert error.message == (
        f"“{typo}”校验位错误，请核对营业执照；可能是 {check_fix}（第18位“D”改为“C”） 或 {look_alike}（第6位“7”改为“1”）"
    )
    # The look-alike is another row's code: only the check fix is left.
    (error,) = plan(xlsx([row(1, credit_code=typo), row(2, credit_code=look_alike)])).errors
    assert error.message.endswith(f"可能是 {check_fix}（第18位“D”改为“C”）")
