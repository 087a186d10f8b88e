"""The 研发项目备案 import (rd_projects): web flow, scope rules, generic commands, round trip."""

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from core import importing
from core.models import ImportRun
from enterprises.importers import RD_IMPORT
from enterprises.models import Enterprise, RDProject

from .import_files import code

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "年度", "项目名称", "预算(万元)", "已审查", "备案日期"]


def rd_xlsx(rows, headers=HEADERS, title=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "预申报信息"
    if title:
        sheet.append([title])
    sheet.append(headers)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def url(action="", run=None):
    return reverse(f"enterprises:rd_import{'_' + action if action else ''}", args=[run.pk] if run else [])


def uploaded(client, content, name="2023年预申报信息.xlsx") -> ImportRun:
    response = client.post(url(), {"file": SimpleUploadedFile(name, content), "sheet": ""})
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302 and response.url == url("run", run), response
    return run


def command(name, *args, expect_exit=0):
    out = io.StringIO()
    try:
        call_command(name, *map(str, args), stdout=out)
    except CommandError as exc:
        assert exc.returncode == expect_exit == 1, exc
        return out.getvalue(), str(exc)
    assert expect_exit == 0
    return out.getvalue(), None


@pytest.fixture
def firms(towns, changle, sanxing):
    return {
        "a": Enterprise.objects.create(name="海门甲科技有限公司", credit_code=code(1), town=changle),
        "b": Enterprise.objects.create(name="海门乙科技有限公司", credit_code=code(2), town=changle),
        "c": Enterprise.objects.create(name="海门丙科技有限公司", credit_code=code(3), town=sanxing),
    }


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_spec_is_registered_and_derived_from_the_model():
    assert importing.get_importer("rd_projects") is RD_IMPORT
    assert [c.label for c in RD_IMPORT.columns] == HEADERS
    assert [c.key for c in RD_IMPORT.columns if c.required] == ["enterprise", "year", "title"]


def test_preview_with_row_errors_confirm_error_report_history_and_changes(staff, firms):
    content = rd_xlsx(
        [
            [code(1), 2023, "新型电机控制系统研发", "120万元", "是", dt.date(2023, 3, 1)],
            [code(2), "2023年", "高效换热器研发", "500,000元", "", None],
            [code(9), 2023, "不存在的企业的项目", 10, "否", None],
            [code(3), 1999, "年度不对的项目", 10, "否", None],
            [code(1), 2023, "新型电机控制系统研发", 130, "否", None],
            [code(3), 2023, "审查栏写错", 10, "也许", None],
        ],
        title="2023年研发项目备案（预申报信息）",
    )
    run = uploaded(staff, content)
    assert run.status == ImportRun.Status.PREVIEWED
    assert run.counts == {"new": 2, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 4}
    assert not RDProject.objects.exists()
    page = staff.get(url("run", run)).content.decode()
    for text in [
        f"平台中没有统一社会信用代码为“{code(9)}”的企业",
        "年度应在2000–2100之间",
        "与第3行的统一社会信用代码、年度、项目名称重复",
        "“也许”应为“是”或“否”",
        "高效换热器研发",
    ]:
        assert text in page, text

    response = staff.post(url("confirm", run), {"skip_errors": "1"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.counts["new"] == 2
    motor = RDProject.objects.get(title="新型电机控制系统研发")
    assert (motor.enterprise, motor.year, motor.budget, motor.reviewed) == (firms["a"], 2023, Decimal("120"), True)
    assert motor.filed_on == dt.date(2023, 3, 1)
    exchanger = RDProject.objects.get(title="高效换热器研发")
    assert exchanger.budget == Decimal("50") and exchanger.filed_on == timezone.localdate()  # 元 → 万元; today
    assert LogEntry.objects.filter(cid=run.batch).count() == 2

    report = staff.get(url("errors", run))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    lines = list(book.active.iter_rows(values_only=True))
    assert lines[0][-1] == "错误说明" and len(lines) == 7  # every row: the fixed report replaces the file
    notes = [line[-1] for line in lines[1:]]
    assert notes.count(None) == 2 and notes[2].startswith("统一社会信用代码：平台中没有")

    history = staff.get(url("history")).content.decode()
    assert "2023年预申报信息.xlsx" in history and "研发项目备案导入记录" in history
    assert "企业名单" in history  # the tab to the app's other importer
    changes = staff.get(url("changes", run)).content.decode()
    assert "高效换热器研发" in changes
    assert staff.get(url("template")).status_code == 200
    # the enterprise import keeps its own URL names and history
    assert reverse("enterprises:import") == "/enterprises/import/"
    assert "2023年预申报信息.xlsx" not in staff.get(reverse("enterprises:import_history")).content.decode()


def test_same_filing_updates_and_export_round_trips_unchanged(staff, firms, tmp_path):
    RDProject.objects.create(
        enterprise=firms["a"], year=2023, title="电机研发", budget=100, filed_on=dt.date(2023, 2, 1)
    )
    path = tmp_path / "rd.xlsx"
    path.write_bytes(rd_xlsx([[code(1), 2023, "电机研发", 150, "", None], [code(1), 2024, "电机研发", 80, "", None]]))
    out, failure = command("import_data", "rd_projects", path, "--json")
    assert failure is None
    assert json.loads(out) == {"new": 1, "updated": 1, "unchanged": 0, "skipped": 0, "errors": [], "warnings": []}
    kept = RDProject.objects.get(year=2023)
    assert kept.budget == Decimal("150") and kept.filed_on == dt.date(2023, 2, 1)  # empty cells clear nothing

    exported = tmp_path / "export.xlsx"
    out, _ = command("export_data", "rd_projects", exported, "--json")
    assert json.loads(out) == {"path": str(exported), "rows": 2}
    header = next(openpyxl.load_workbook(exported).active.iter_rows(values_only=True))
    assert list(header) == HEADERS
    out, failure = command("import_data", "rd_projects", exported, "--json")
    summary = json.loads(out)
    assert (summary["new"], summary["updated"], summary["unchanged"], summary["errors"]) == (0, 0, 2, [])
    web = staff.get(url("export"))
    assert web.status_code == 200


def test_a_title_matches_whatever_its_punctuation_and_keeps_it(firms, tmp_path):
    RDProject.objects.create(
        enterprise=firms["a"], year=2023, title="新项目：智能控制器（二期）", budget=10, filed_on=dt.date(2023, 2, 1)
    )
    path = tmp_path / "rd.xlsx"
    path.write_bytes(
        rd_xlsx([[code(1), 2023, "新项目: 智能控制器(二期)", 12, "", None], [code(2), 2023, "甲：乙", 1, "", None]])
    )
    out, _ = command("import_data", "rd_projects", path, "--json")
    assert (json.loads(out)["new"], json.loads(out)["updated"]) == (1, 1)
    assert RDProject.objects.get(enterprise=firms["a"]).title == "新项目：智能控制器（二期）"
    assert RDProject.objects.get(enterprise=firms["b"]).title == "甲：乙"


def test_command_exit_codes_dry_run_and_list(firms, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(rd_xlsx([[code(1), 2023, "好项目", 10, "", None], [code(9), 2023, "坏项目", 10, "", None]]))
    out, failure = command("import_data", "rd_projects", path, "--json", expect_exit=1)
    summary = json.loads(out)
    assert summary["errors"] == [
        {"row": 3, "column": "统一社会信用代码", "message": f"平台中没有统一社会信用代码为“{code(9)}”的企业"}
    ]
    assert failure == "1行未通过检查，没有写入任何数据（加 --skip-errors 可只导入正确的行）"
    assert not RDProject.objects.exists()
    out, failure = command("import_data", "rd_projects", path, "--dry-run", expect_exit=1)
    assert "研发项目备案" in out and failure.startswith("1行未通过检查（--dry-run")
    out, failure = command("import_data", "rd_projects", path, "--skip-errors", "--json", expect_exit=1)
    assert json.loads(out)["new"] == 1 and RDProject.objects.count() == 1
    assert ImportRun.objects.get().kind == "rd_projects"

    out, _ = command("import_data", "--list")
    assert "rd_projects\t研发项目备案" in out and "enterprises\t企业名单" in out
    with pytest.raises(CommandError, match="没有名为“nope”的导入"):
        call_command("import_data", "nope", path)
    with pytest.raises(CommandError, match="用法"):
        call_command("import_data")


def test_town_officer_imports_own_town_only_and_may_not_review(client, officer, firms, tmp_path):
    RDProject.objects.create(
        enterprise=firms["b"], year=2023, title="已审查的项目", budget=10, filed_on=dt.date(2023, 1, 5), reviewed=True
    )
    client.force_login(officer)
    run = uploaded(
        client,
        rd_xlsx(
            [
                [code(1), 2023, "本镇项目", 10, "", None],
                [code(3), 2023, "三星镇的企业", 10, "", None],
                [code(1), 2023, "自己审查", 10, "是", None],
                [code(2), 2023, "已审查的项目", 12, "是", None],  # reviewed as stored: allowed
            ]
        ),
    )
    assert run.counts == {"new": 0, "updated": 1, "unchanged": 0, "skipped": 0, "errors": 3}
    messages = {e["row"]: e["message"] for e in run.errors}
    # As on the pages (docs/decisions.md): officers correct their town's filings, the bureau adds them.
    assert messages[2] == "您不能新增研发项目备案（由区科技局录入），只能更正已有的研发项目备案"
    assert messages[3] == f"平台中没有统一社会信用代码为“{code(3)}”的企业（或不属于您的区镇）"
    assert "备案由区科技局审查，区镇网格员不能填写或更改“已审查”" in messages[4]


def test_leader_cannot_import(client, leader_user):
    client.force_login(leader_user)
    assert client.get(url()).status_code == 403


def test_a_large_rd_file_goes_to_the_generic_task(staff, firms, monkeypatch):
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 2)
    run = uploaded(staff, rd_xlsx([[code(1), 2023, f"项目{i}", 10, "", None] for i in range(4)]))
    assert run.task_id  # core.tasks.import_run_task("rd_projects", run id); eager in tests
    assert run.status == ImportRun.Status.PREVIEWED and run.counts["new"] == 4
    staff.post(url("confirm", run))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and RDProject.objects.count() == 4
