"""The 科创项目 import (import_data investment_projects): registered and derived from the model; a new
project enters at its reported stage with its history row; an existing one moves forward only;
the rules per row (recognition before signing, a direction of another chain, an unknown town, a
future date); an officer's rows; and the export round trip."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core import importing
from investment.importers import PROJECT_IMPORT
from investment.models import InvestmentProject, ProjectStage
from investment.tests.factories import make_project
from reports.periods import make_period
from reports.registry import get_kpi

pytestmark = pytest.mark.django_db

HEADERS = [
    "项目名称",
    "所属区镇",
    "产业链",
    "招商方向",
    "项目来源",
    "负责人",
    "阶段",
    "进入本阶段日期",
    "重点科创项目",
    "计划投资(万元)",
    "南通市科创项目认定日期",
]


def xlsx(path, rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(path, *extra):
    out = io.StringIO()
    call_command("import_data", "investment_projects", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_registered_and_derived_from_the_model():
    assert importing.get_importer("investment_projects") is PROJECT_IMPORT
    labels = [c.label for c in PROJECT_IMPORT.columns]
    assert labels[:4] == ["项目名称", "所属区镇", "产业链", "招商方向"]
    assert "南通市科创项目认定日期" in labels


def test_new_projects_enter_at_their_stage_and_count(changle, staff_user, tmp_path):
    path = xlsx(
        tmp_path / "项目.xlsx",
        [
            [
                "澜芯射频芯片设计项目",
                "常乐",
                "",
                "集成电路",
                "载体",
                "staff",
                "签约",
                dt.date(2023, 3, 8),
                "是",
                "5000万元",
                dt.date(2023, 4, 1),
            ],
            ["瑞博细胞治疗产业化项目", "三星镇", "生物医药", "", "区镇", "", "", None, "", "", None],
        ],
    )
    summary = run(path)
    assert summary["new"] == 2
    chip = InvestmentProject.objects.get(name="澜芯射频芯片设计项目")
    assert (chip.town, chip.chain.name, chip.stage, chip.stage_on, chip.is_key) == (
        changle, "新一代信息技术", ProjectStage.SIGNED, dt.date(2023, 3, 8), True,
    )  # fmt: skip
    assert chip.planned_investment == 5000 and chip.owner == staff_user
    assert list(chip.changes.values_list("from_stage", "to_stage", "on")) == [("", "signed", dt.date(2023, 3, 8))]
    lead = InvestmentProject.objects.get(name="瑞博细胞治疗产业化项目")
    assert lead.stage == ProjectStage.LEAD and lead.changes.count() == 1
    kpi = get_kpi("invest.signed")
    assert kpi.records_for(make_period(2023, "H1")).count() == 1


def test_rows_breaking_the_rules_are_named(changle, tmp_path):
    path = xlsx(
        tmp_path / "错误.xlsx",
        [
            [
                "线索却已认定",
                "常乐镇",
                "生物医药",
                "",
                "",
                "",
                "线索",
                dt.date(2023, 3, 1),
                "",
                "",
                dt.date(2023, 4, 1),
            ],
            ["方向不符", "常乐镇", "新材料", "集成电路", "", "", "", None, "", "", None],
            ["不认识的区镇", "火星镇", "新材料", "", "", "", "", None, "", "", None],
            ["将来的日期", "常乐镇", "新材料", "", "", "", "在谈", dt.date(2099, 1, 1), "", "", None],
            ["没有产业链", "常乐镇", "", "", "", "", "", None, "", "", None],
        ],
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "investment_projects", str(path), "--json", stdout=out)
    text = out.getvalue()
    for words in ("尚未签约", "不属于所填产业链", "不是海门的区镇", "晚于今天", "新项目须填写产业链"):
        assert words in text, words
    assert not InvestmentProject.objects.exists()


def test_existing_projects_move_forward_only(changle, staff_user, tmp_path):
    talking = make_project(changle, staff_user, [(ProjectStage.TALKING, dt.date(2023, 2, 1))], name="已在谈项目")
    make_project(changle, staff_user, [(ProjectStage.TALKING, dt.date(2023, 2, 1))], name="倒退项目")
    path = xlsx(
        tmp_path / "更新.xlsx",
        [
            ["已在谈项目", "", "", "", "", "", "落地", dt.date(2023, 5, 1), "", "", None],
            ["倒退项目", "", "", "", "", "", "线索", dt.date(2023, 5, 1), "", "", None],
        ],
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "investment_projects", str(path), "--json", stdout=out)
    assert "阶段不能倒退为“线索”" in out.getvalue()
    out = io.StringIO()
    with pytest.raises(CommandError):  # the bad row is skipped, the good one imported
        call_command("import_data", "investment_projects", str(path), "--json", "--skip-errors", stdout=out)
    assert json.loads(out.getvalue())["updated"] == 1
    talking.refresh_from_db()
    assert (talking.stage, talking.stage_on) == (ProjectStage.LANDED, dt.date(2023, 5, 1))
    assert list(talking.changes.values_list("to_stage", flat=True)) == ["lead", "talking", "landed"]


def test_officer_imports_only_own_town(changle, sanxing, staff_user, officer, tmp_path):
    make_project(sanxing, staff_user, name="三星的项目")
    make_project(changle, staff_user, name="常乐的项目")
    path = xlsx(
        tmp_path / "网格员.xlsx",
        [
            ["三星的项目", "", "", "", "", "", "在谈", dt.date(2023, 5, 1), "", "", None],
            ["常乐的项目", "", "", "", "", "", "在谈", dt.date(2023, 5, 1), "", "", None],
            ["新项目", "常乐镇", "新材料", "", "", "", "", None, "", "", None],
        ],
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "investment_projects", str(path), "--json", "--user", "officer", stdout=out)
    text = out.getvalue()
    assert "不属于您的区镇" in text and "您不能新增科创项目" in text
    assert InvestmentProject.objects.get(name="三星的项目").stage == ProjectStage.LEAD


def test_export_imports_back_unchanged(changle, staff_user, tmp_path):
    project = make_project(
        changle, staff_user, [(ProjectStage.TALKING, dt.date(2023, 2, 1)), (ProjectStage.SIGNED, dt.date(2023, 3, 1))],
        owner=staff_user, is_key=True, counterpart="上海某某科技有限公司", planned_investment=1200,
    )  # fmt: skip
    project.nt_recognized_on = dt.date(2023, 4, 1)
    from investment import services

    services.project_save(instance=project, user=staff_user)
    exported = tmp_path / "export.xlsx"
    call_command("export_data", "investment_projects", str(exported), stdout=io.StringIO())
    summary = run(exported)
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    assert project.changes.count() == 3
