"""The work summary after seed_demo: the .docx read back with python-docx, the .xlsx with openpyxl,
and every figure in the text checked against `kpi --json` (an independent oracle: the command's
JSON, the same period last year, each town's own `kpi --town`)."""

import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from docx import Document

from core.models import Town
from reports import registry
from reports.models import ReportNote, StatIndicator

pytestmark = pytest.mark.django_db


def kpi_json(year, period="H1", town=None):
    out = StringIO()
    args = ["kpi", "--year", str(year), "--period", period, "--json"]
    if town:
        args += ["--town", town]
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())["kpis"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo, a staff paragraph with markup and quotes, the H1 2023 build and the oracles."""
    folder = tmp_path_factory.mktemp("report")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--force", "--json", stdout=StringIO())
            demo_notes = ReportNote.objects.count()
            ReportNote.objects.all().delete()  # the figure check reads generated text; ours are marked
            ReportNote.objects.create(
                year=2023,
                period="H1",
                section="opening",
                text='成功获批江苏省创新型示范区建设<script>alert("x")</script>',
            )
            ReportNote.objects.create(
                year=2023,
                period="H1",
                section="plans",
                text="全年招引科技招商力争达到200个 & “重点”<b>不少于</b>60个。",
            )
            out = StringIO()
            path = folder / "h1.docx"
            call_command("build_report", "--year", "2023", "--half", "1", "--output", str(path), "--json", stdout=out)
            result = json.loads(out.getvalue())
            full = folder / "y.docx"
            call_command("build_report", "--year", "2023", "--full-year", "--output", str(full), stdout=StringIO())
            yield {
                "docx": Document(path),
                "xlsx": Path(result["xlsx"]),
                "full": Document(full),
                "kpis": kpi_json(2023),
                "last": kpi_json(2022),
                "towns": {t.name: kpi_json(2023, town=t.name) for t in Town.objects.all()},
                "stats": list(StatIndicator.objects.filter(year=2023)),
                "demo_notes": demo_notes,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def paragraphs(doc):
    return [p for p in doc.paragraphs if p.text.strip()]


def text_of(doc):
    return "\n".join(p.text for p in doc.paragraphs)


def test_title_author_headings_and_layout(seeded):
    doc = seeded["docx"]
    paras = paragraphs(doc)
    assert paras[0].text == "上半年工作总结和下半年工作打算" and paras[0].style.name == "Title"
    assert paras[1].text == "区科技局（区科创办）"
    headings = [p.text for p in paras if p.style.name.startswith("Heading")]
    assert headings == ["一、上半年主要工作情况", "二、下半年工作思路", "（一）全年目标任务", "（二）工作要求"]
    assert [p.style.name for p in paras if p.text == "二、下半年工作思路"] == ["Heading 1"]
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert (round(section.bottom_margin.mm), round(section.right_margin.mm)) == (35, 26)
    # Official fonts by level, and a page number field at the foot.
    assert doc.styles["Title"].font.name == "方正小标宋简体"
    assert doc.styles["Heading 1"].font.name == "黑体"
    assert doc.styles["Heading 2"].font.name == "楷体_GB2312"
    assert doc.styles["Normal"].font.name == "仿宋_GB2312" and doc.styles["Normal"].font.size.pt == 16
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and "—" in footer_xml


def test_the_battles_come_in_order_and_missing_kpis_leave_no_blanks(seeded):
    text = text_of(seeded["docx"])
    assert text.index("二是创新型企业培育稳步发展。") < text.index("三是创新型园区提升亮点突出。")
    for leftover in ("{", "}", "[", "]", "None", "，，", "；；", "。。", "：。"):
        assert leftover not in text, leftover


def test_full_year_title(seeded):
    paras = paragraphs(seeded["full"])
    assert paras[0].text == "全年工作总结和明年工作打算"
    assert "一、全年主要工作情况" in [p.text for p in paras] and "二、明年工作思路" in [p.text for p in paras]


def test_the_existing_kpis_figures_are_stated(seeded):
    text = text_of(seeded["docx"])
    for phrase in [
        "参评406家",
        "入库363家",
        "拟申报高企名单199家",
        "预申报信息收集777条",
        "组织了5次申报材料撰写辅导会",
        "推荐4家企业",
        "推进6家科创载体",
        "5家已通过南通审核",
        "8.8万平方米载体交由科技人才发展集团管理",
    ]:
        assert phrase in text, phrase


def test_the_seed_figures_are_all_stated(seeded):
    text = text_of(seeded["docx"])
    for phrase in [
        "新签约科创项目117个",
        "在手在谈有效项目信息94个",
        "认定南通市科创项目105个",
        "科技招商专题活动28场",
        "项目路演20次",
        "拜访客商260家次",
        "165人的科技招商队伍",
        "参评406家",
        "入库363家",
        "拟申报高企名单199家",
        "预申报信息收集777条",
        "5次申报材料撰写辅导会",
        "推荐4家企业",
        "推进6家科创载体",
        "5家已通过南通审核",
        "8.8万平方米",
        "新增产学研合作项目109项",
        "技术合同输出成交额达28.02亿元",
        "科技金融对接企业18家",
        "发放贷款7家",
        "授信企业11家",
        "授信额度3.9535亿元",
    ]:
        assert phrase in text, phrase


def _fmt(value):
    value = Decimal(str(value)).normalize()
    return str(int(value)) if value == value.to_integral_value() else f"{value:f}"


def _pct(ratio):
    return f"{Decimal(str(ratio)) * 100:.1f}"


def allowed_numbers(seeded):
    """Every number the summary may print, from the oracles alone."""
    allowed = {"2023", "1", "5", "30", "2", "3", "6"}  # the year, 1-5月 of the indicators, the rules
    kpis, last = seeded["kpis"], seeded["last"]
    for code, k in kpis.items():
        for value in (k["actual"], k["target"]):
            if value is not None:
                allowed.add(_fmt(value))
        if k["target"] and k["actual"] is not None:
            allowed.add(_fmt(Decimal(str(k["target"])) - Decimal(str(k["actual"]))))
        if k["completion"] is not None:
            allowed.add(_pct(Decimal(str(k["actual"])) / Decimal(str(k["target"]))))
        allowed.add(_pct(k["time_progress"]))
        before = last.get(code, {}).get("actual")
        if before:
            change = (Decimal(str(k["actual"])) - Decimal(str(before))) * 100 / Decimal(str(before))
            allowed.add(f"{abs(change):.1f}")
        town_values = [t[code]["actual"] for t in seeded["towns"].values() if t[code]["actual"]]
        allowed.update(_fmt(v) for v in town_values)
    for s in seeded["stats"]:
        allowed.update(
            {_fmt(s.value), _fmt(s.benchmark_value) if s.benchmark_value is not None else "", str(s.through_month)}
        )
    return allowed


def test_every_figure_in_the_text_comes_from_kpi_json(seeded):
    doc = seeded["docx"]
    paras = paragraphs(doc)[2:]  # after the title and the author line
    # Staff paragraphs are theirs (200 and 60 in the plans note): only the generated text is checked.
    generated = [p.text for p in paras if "示范区" not in p.text and "力争达到200个" not in p.text]
    numbers = re.findall(r"\d+(?:\.\d+)?", "\n".join(generated))
    assert numbers, "the summary states figures"
    unexpected = sorted(set(numbers) - allowed_numbers(seeded))
    assert not unexpected, f"figures not in kpi --json: {unexpected}"


def test_completion_and_remaining_of_the_annual_targets(seeded):
    text = text_of(seeded["docx"])
    pool = seeded["kpis"]["ent.qiangji_pool"]
    assert pool["target"] == 500
    remaining = 500 - pool["actual"]
    assert (
        f"高企培育库全年目标500家，已完成{pool['actual']}家（{_pct(pool['completion'])}%），下半年尚需完成{remaining}家"
        in text
    )
    assert "下半年组织科技招商主题活动不少于30次" in text and "每周拜访项目不少于6个" in text


def test_change_against_last_year_and_the_first_town(seeded):
    text = text_of(seeded["docx"])
    now = seeded["kpis"]["ent.fanxing_registered"]["actual"]
    before = seeded["last"]["ent.fanxing_registered"]["actual"]
    change = (Decimal(now) - Decimal(before)) * 100 / Decimal(before)
    assert f"入库数同比增长{change:.1f}%" in text
    by_town = {name: k["ent.fanxing_registered"]["actual"] for name, k in seeded["towns"].items()}
    first = max(by_town, key=by_town.get)
    assert f"{first}入库{by_town[first]}家，列各区镇第一" in text


def test_the_statistical_indicators_with_nantong_and_rank(seeded):
    text = text_of(seeded["docx"])
    assert "科学研究和技术服务业营业收入增幅48.3%，列全市第一（南通全市16.5%）" in text


def test_staff_paragraphs_come_out_as_text(seeded):
    text = text_of(seeded["docx"])
    assert '成功获批江苏省创新型示范区建设<script>alert("x")</script>' in text
    assert "全年招引科技招商力争达到200个 & “重点”<b>不少于</b>60个。" in text


def test_the_demo_has_the_summarys_own_words(seeded):
    assert seeded["demo_notes"] >= 5


def test_the_xlsx_appendix(seeded):
    book = openpyxl.load_workbook(seeded["xlsx"], read_only=True)
    assert book.sheetnames == ["指标完成情况", "区镇排名", "统计指标"]
    rows = list(book["指标完成情况"].iter_rows(values_only=True))
    assert rows[1][:7] == ("指标代码", "攻坚方向", "指标", "单位", "口径", "实际", "全年目标")
    by_code = {row[0]: row for row in rows[2:]}
    assert set(by_code) == {k.code for k in registry.all_kpis()}
    for code, k in seeded["kpis"].items():
        row = by_code[code]
        assert row[5] == k["actual"], code
        assert row[6] == (k["target"] if k["target"] is not None else None), code
        if k["completion"] is not None:
            assert row[7] == pytest.approx(k["completion"], abs=1e-4)
        assert row[10] == seeded["last"][code]["actual"] or (row[10] is None and not seeded["last"][code]["actual"])
    ranking = list(book["区镇排名"].iter_rows(values_only=True))
    title = next(i for i, r in enumerate(ranking) if r and r[0] and "ent.fanxing_registered" in str(r[0]))
    first = ranking[title + 2]
    by_town = {name: k["ent.fanxing_registered"]["actual"] for name, k in seeded["towns"].items()}
    assert first[0] == 1 and first[2] == max(by_town.values()) and by_town[first[1]] == first[2]
    stats = list(book["统计指标"].iter_rows(values_only=True))
    assert any("科学研究和技术服务业营业收入增幅" in str(r[1]) for r in stats[1:])
