"""The web flow of the enterprise import: upload → preview → confirm → result, and its side pages."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import importing, spreadsheets
from core.models import ImportRun
from core.tests.test_spreadsheets import build_cfb, corrupt_xlsx
from enterprises.models import Enterprise
from enterprises.tests.test_import_files import zip_bomb

from .import_files import LABELS, code, csv_bytes, read_xlsx, row, template_rows, xlsx

pytestmark = pytest.mark.django_db

UPLOAD = reverse("enterprises:import")


def url(action, run=None):
    return reverse(f"enterprises:import_{action}", args=[run.pk] if run else [])


def upload(client, content, name="名单.xlsx", sheet=""):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content), "sheet": sheet})


def uploaded(client, content, **kwargs) -> ImportRun:
    response = upload(client, content, **kwargs)
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302 and response.url == url("run", run), response
    return run


def body(response) -> str:
    return response.content.decode()


def download(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def import_log():
    return LogEntry.objects.filter(cid__startswith="import-")


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


# ---------------------------------------------------------------- upload → preview → confirm → result


def test_preview_lists_counts_every_error_and_a_sample_then_confirm_writes(staff, towns):
    content = xlsx(
        [row(1, town="常乐", employees="1,200"), row(2, town="上海镇"), row(3, credit_code="320684000123456"), row(1)],
        title_rows=["2023年企业名单"],
    )
    run = uploaded(staff, content)
    assert run.status == ImportRun.Status.PREVIEWED
    assert run.counts == {"new": 1, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 3}
    assert not Enterprise.objects.exists()

    page = body(staff.get(url("run", run)))
    for text in [
        "待确认",
        "表头在第2行",
        "“上海镇”不是海门区的区镇",
        "是旧版15位工商注册号",
        "与第3行的统一社会信用代码重复",
    ]:
        assert text in page
    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (4, "所属区镇", "上海镇"),
        (5, "统一社会信用代码", "320684000123456"),
        (6, "统一社会信用代码", code(1)),
    ]
    assert run.sample[0]["cells"]["town"] == "常乐镇" and run.sample[0]["cells"]["employees"] == "1200"
    assert "仅导入正确的行（1行）" in page and "下载错误报告" in page

    # Without "import the valid rows", a file with errors is not written.
    response = staff.post(url("confirm", run), follow=True)
    assert "有3行未通过校验" in body(response)
    assert not Enterprise.objects.exists()

    response = staff.post(url("confirm", run), {"skip_errors": "1"}, follow=True)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.skip_errors
    assert "导入完成：新增1行" in body(response)
    assert Enterprise.objects.get().credit_code == code(1)
    assert {e.cid for e in import_log()} == {run.batch}


def test_a_second_click_does_not_import_twice(staff, towns):
    run = uploaded(staff, xlsx(template_rows(3)))
    assert staff.post(url("confirm", run)).status_code == 302
    logged = import_log().count()
    response = staff.post(url("confirm", run), follow=True)
    assert "这个文件已经确认过（已完成），不会重复导入" in body(response)
    assert Enterprise.objects.count() == 3 and import_log().count() == logged


def test_result_links_to_the_change_log_of_the_import(staff, towns):
    run = uploaded(staff, xlsx(template_rows(2)))
    staff.post(url("confirm", run))
    page = body(staff.get(url("changes", run)))
    assert "共2条变更" in page
    ent = Enterprise.objects.get(name="江苏海门测试001科技有限公司")
    assert f'href="{ent.get_absolute_url()}"' in page
    assert "江苏海门测试001科技有限公司" in page and "2022年营业收入(万元)" in page and "2023年强基计划" in page
    assert "True" not in page and "False" not in page  # 是/否, as on every 变更记录 tab
    assert ent.town.name in page  # the town by name, not its id


def test_cancel(staff, towns):
    run = uploaded(staff, xlsx(template_rows(1)))
    staff.post(url("cancel", run))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CANCELLED
    staff.post(url("confirm", run))
    assert not Enterprise.objects.exists()


def test_header_only_file_has_nothing_to_import(staff, towns):
    run = uploaded(staff, xlsx([]))
    assert run.rows_total == 0 and run.status == ImportRun.Status.PREVIEWED
    response = staff.post(url("confirm", run), follow=True)
    assert "没有可以导入的数据行" in body(response)


# ---------------------------------------------------------------- whole-file problems: a message on the form


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "a.xlsx", "文件为空"),
        (corrupt_xlsx(), "370681018019402.xlsx", "文件已损坏"),
        ("姓名,年龄\n张三,30\n".encode("gbk"), "a.csv", "未找到表头"),
        (build_cfb(["EncryptionInfo", "EncryptedPackage"]), "加密.xlsx", "文件设置了打开密码"),
        (zip_bomb(), "bomb.xlsx", "文件解压后过大"),
    ],
)
def test_whole_file_problems_are_one_message(staff, towns, content, name, message):
    response = upload(staff, content, name=name)
    assert response.status_code == 200
    assert message in body(response)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.message.startswith(message)


def test_real_corrupt_upload_is_one_message(staff, towns, realdata):
    response = upload(staff, realdata("corrupt-upload.xlsx").read_bytes(), name="370681018019402.xlsx")
    assert response.status_code == 200 and "文件已损坏" in body(response)


def test_too_many_rows(staff, towns, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    response = upload(staff, xlsx(template_rows(4)))
    assert response.status_code == 200 and "超过3行数据（共4行），请拆分后分批上传" in body(response)


def test_too_big_is_refused_before_it_is_stored(staff, towns, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 1000)
    response = upload(staff, xlsx(template_rows(20)))
    assert "文件超过1KB，请拆分后分批上传" in body(response)
    assert not ImportRun.objects.get().file


# ---------------------------------------------------------------- template, export, error report


def test_template_has_headers_dropdowns_and_instructions(staff, towns):
    content = download(staff.get(url("template")))
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["企业名单", "选项", "填写说明"] or book.sheetnames == ["企业名单", "填写说明", "选项"]
    assert book["选项"].sheet_state == "hidden"
    sheet = book["企业名单"]
    assert [c.value for c in sheet[1]] == LABELS
    sources = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(sources) == {"C2", "G2", "Q2", "R2"}  # town, technical field, pool, stage
    towns_listed = [r[0] for r in book["选项"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(towns_listed) == 15 and towns_listed[3] == "常乐镇"
    guide = list(book["填写说明"].iter_rows(values_only=True))
    assert any(r[0] == "统一社会信用代码" and r[1] == "是" for r in guide)
    # The template imports as an empty list.
    assert spreadsheets.read_table(content, filename="t.xlsx", columns=importing_columns()).rows == []


def importing_columns():
    from enterprises.importers import ENTERPRISE_IMPORT

    return ENTERPRISE_IMPORT.column_specs()


def test_officer_template_lists_only_their_town(client, officer, towns):
    client.force_login(officer)
    book = openpyxl.load_workbook(io.BytesIO(download(client.get(url("template")))))
    assert [r[0] for r in book["选项"].iter_rows(min_row=2, values_only=True) if r[0]] == ["常乐镇"]


def test_export_is_scoped_and_escapes_formulas(client, staff_user, officer, towns):
    Enterprise.objects.create(name="=1+1海门公司", credit_code=code(1), town=towns["常乐镇"])
    Enterprise.objects.create(name="海门三星公司", credit_code=code(2), town=towns["三星镇"])
    client.force_login(staff_user)
    rows = read_xlsx(download(client.get(url("export"))))
    assert rows[0] == LABELS
    assert {r[0] for r in rows[1:]} == {"'=1+1海门公司", "海门三星公司"}
    client.force_login(officer)
    assert [r[0] for r in read_xlsx(download(client.get(url("export"))))[1:]] == ["'=1+1海门公司"]


def test_error_report_then_fixed_rows_upload_again(staff, towns):
    headers = ["序号", "企业名称", "统一社会信用代码", "所属区镇", "职工总数"]
    content = xlsx(
        [
            [1, "海门甲有限公司", code(1), "常乐", 10],
            [2, "海门乙有限公司", code(2), "上海镇", 20],
            [3, "海门丙有限公司", "123", "三星", -5],
        ],
        headers=headers,
        title_rows=["名单"],
    )
    run = uploaded(staff, content)
    staff.post(url("confirm", run), {"skip_errors": "1"})
    report = download(staff.get(url("errors", run)))
    sheet = openpyxl.load_workbook(io.BytesIO(report)).active
    lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert lines[0] == [*headers, "错误说明"]
    assert [line[:5] for line in lines[1:]] == [  # every row, so the report replaces the file
        [1, "海门甲有限公司", code(1), "常乐", 10],
        [2, "海门乙有限公司", code(2), "上海镇", 20],
        [3, "海门丙有限公司", "123", "三星", -5],
    ]
    assert lines[1][5] is None
    assert lines[2][5].startswith("所属区镇：“上海镇”不是海门区的区镇") and lines[2][5].endswith("（原文件第4行）")
    assert "统一社会信用代码：“123”长度为3位，应为18位" in lines[3][5] and "职工总数：“-5”不能为负数" in lines[3][5]
    assert sheet["D3"].fill.fgColor.rgb.endswith("FFC7CE")  # the cell in error is shaded
    assert not sheet["D2"].fill.fgColor.rgb.endswith("FFC7CE")

    # Staff fix the two rows in Excel and upload the report again.
    book = openpyxl.load_workbook(io.BytesIO(report))
    book.active["D3"] = "三厂"
    book.active["C4"] = code(3)
    book.active["E4"] = 5
    fixed = io.BytesIO()
    book.save(fixed)
    again = uploaded(staff, fixed.getvalue(), name="名单-错误报告.xlsx")
    # The row imported with 仅导入正确的行 comes back unchanged: nothing twice, nothing left out.
    assert again.counts == {"new": 2, "updated": 0, "unchanged": 1, "skipped": 0, "errors": 0}
    assert again.warnings == ["未识别的列“序号”，已忽略"]  # not the report's own 错误说明
    staff.post(url("confirm", again))
    assert Enterprise.objects.count() == 3


def test_error_report_beyond_the_kept_errors_is_rebuilt_from_the_file(staff, towns, monkeypatch):
    monkeypatch.setattr(importing, "ERROR_CAP", 2)
    run = uploaded(staff, xlsx([row(n, town="上海镇") for n in range(5)]))
    assert run.error_count == 5 and len(run.errors) == 2
    page = body(staff.get(url("run", run)))
    assert "另有3处错误未在此列出" in page
    lines = read_xlsx(download(staff.get(url("errors", run))))
    assert len(lines) == 6


# ---------------------------------------------------------------- who may do what


def test_officer_imports_rows_of_their_town_only(client, officer, towns):
    client.force_login(officer)
    run = uploaded(client, xlsx([row(1, town=None), row(2, town="三星镇")]))
    assert run.counts["new"] == 1 and run.errors[0]["message"] == "只能导入本区镇（常乐镇）的企业，该行是“三星镇”"
    client.post(url("confirm", run), {"skip_errors": "1"})
    assert Enterprise.objects.get().town == towns["常乐镇"]


def test_runs_are_private_to_officers_and_leaders_cannot_import(
    client, officer, other_officer, staff_user, leader_user, towns
):
    client.force_login(officer)
    run = uploaded(client, xlsx([row(1, town="上海镇"), row(2)]))
    routes = [
        ("run", "get"),
        ("progress", "get"),
        ("errors", "get"),
        ("changes", "get"),
        ("confirm", "post"),
        ("cancel", "post"),
    ]

    client.force_login(other_officer)
    for action, method in routes:
        assert getattr(client, method)(url(action, run)).status_code == 404, action
    assert run.original_name not in body(client.get(url("history")))

    client.force_login(staff_user)
    assert client.get(url("run", run)).status_code == 200
    assert run.original_name in body(client.get(url("history")))
    assert client.post(url("confirm", run)).status_code == 403  # only the uploader confirms

    client.force_login(leader_user)
    for path in [UPLOAD, url("template"), url("export"), url("history"), url("run", run)]:
        assert client.get(path).status_code == 403, path

    client.logout()
    assert client.get(UPLOAD).status_code == 302


def test_navigation_marks_only_the_import_item(staff, towns):
    page = body(staff.get(UPLOAD))
    menu, tabs = page.split('<ul class="nav nav-tabs', 1)  # the app's importers as tabs, below the menu
    assert menu.count("nav-link active") == 1
    assert 'nav-link active" href="/enterprises/import/"' in menu
    assert tabs.count("nav-link active") == 1 and "研发项目备案" in tabs
    # The 研发项目备案 import lies under the same menu entry.
    rd = body(staff.get(reverse("enterprises:rd_import"))).split('<ul class="nav nav-tabs', 1)[0]
    assert rd.count("nav-link active") == 1 and 'nav-link active" href="/enterprises/import/"' in rd


def test_history_page_queries_do_not_grow(staff, staff_user, towns, django_assert_max_num_queries):
    for n in range(5):
        ImportRun.objects.create(kind="enterprises", original_name=f"{n}.xlsx", user=staff_user, batch=f"b{n}")
    with django_assert_max_num_queries(12):
        assert staff.get(url("history")).status_code == 200


# ---------------------------------------------------------------- large files: a Celery task (eager here)


def test_large_file_runs_as_a_task_with_progress(staff, towns, monkeypatch):
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 5)
    run = uploaded(staff, xlsx(template_rows(8)))
    assert run.task_id  # checked by import_enterprises_task (eager in tests: already done)
    assert run.status == ImportRun.Status.PREVIEWED and run.counts["new"] == 8
    staff.post(url("confirm", run))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and Enterprise.objects.count() == 8


def test_progress_partial_polls_then_reloads_the_page(staff, staff_user, towns):
    run = ImportRun.objects.create(
        kind="enterprises",
        original_name="a.xlsx",
        user=staff_user,
        batch="b",
        status=ImportRun.Status.RUNNING,
        rows_total=5000,
        rows_done=2000,
        phase="写入数据库",
    )
    partial = staff.get(url("progress", run), headers={"HX-Request": "true"})
    assert partial.status_code == 200 and 'hx-trigger="every 1s"' in body(partial)
    assert "写入数据库" in body(partial) and "40%" in body(partial)
    assert "可以离开本页" in body(staff.get(url("run", run)))
    assert staff.get(url("progress", run)).status_code == 302  # not htmx: the whole page
    run.status = ImportRun.Status.DONE
    run.save()
    assert staff.get(url("progress", run), headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_csv_gbk_through_the_web(staff, towns):
    run = uploaded(staff, csv_bytes([row(1, town="常乐镇")], encoding="gbk"), name="名单.csv")
    assert run.counts["new"] == 1


def test_a_file_confirmed_while_another_import_writes_goes_to_the_worker(staff, staff_user, towns):
    ImportRun.objects.create(
        kind="enterprises", original_name="big.xlsx", user=staff_user, batch="b", status=ImportRun.Status.RUNNING
    )
    run = uploaded(staff, xlsx(template_rows(2)))
    staff.post(url("confirm", run))
    run.refresh_from_db()
    assert run.task_id and run.status == ImportRun.Status.DONE  # the task ran (eagerly, in tests)


def test_xlsm_and_the_name_do_not_matter(staff, towns):
    run = uploaded(staff, xlsx([row(1)]), name="宏表.xlsm")
    assert run.counts["new"] == 1
    run = uploaded(staff, csv_bytes([row(2)], encoding="gb18030"), name="导出.xls")  # a CSV saved as .xls
    assert run.counts["new"] == 1


# ---------------------------------------------------------------- the admin's import/export buttons


def test_admin_import_reads_like_the_portal_and_export_escapes(client, bureau_admin, towns):
    import tablib

    from core.resources import spreadsheet_format
    from enterprises.importers import ENTERPRISE_IMPORT
    from enterprises.resources import EnterpriseResource

    client.force_login(bureau_admin)
    assert client.get(reverse("admin:enterprises_enterprise_import")).status_code == 200
    assert "导入" in body(client.get(reverse("admin:enterprises_enterprise_changelist")))

    text = "海门区企业名单\n单位名称,信用代码,区镇,从业人员\n=1+1海门公司," + code(1).lower() + ",常乐,１２０\n"
    dataset = spreadsheet_format(ENTERPRISE_IMPORT)().create_dataset(text.encode("gbk"))
    assert dataset.headers == ["企业名称", "统一社会信用代码", "所属区镇", "职工总数"]
    result = EnterpriseResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    ent = Enterprise.objects.get()
    assert (ent.credit_code, ent.town, ent.employees) == (code(1), towns["常乐镇"], 120)
    assert LogEntry.objects.get_for_object(ent).exists()  # row by row, through auditlog's signals

    exported = EnterpriseResource().export()
    assert exported.dict[0]["企业名称"] == "'=1+1海门公司"
    assert isinstance(exported, tablib.Dataset)


def test_a_name_typed_in_the_form_round_trips(staff, towns):
    staff.post(reverse("enterprises:enterprise_add"), {"name": "海门(中国)有限公司", "credit_code": code(1)})
    assert Enterprise.objects.get().name == "海门（中国）有限公司"
    run = uploaded(staff, download(staff.get(url("export"))))
    assert run.counts["unchanged"] == 1
