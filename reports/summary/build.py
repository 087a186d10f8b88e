"""One build, the same for the Celery task and `manage.py build_report`: gather the facts, write
the .docx and the .xlsx into a folder. Nothing here touches a ReportRun."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from pathlib import Path

from ..periods import make_period
from . import appendix, content, document, facts, wording


@dataclasses.dataclass
class Built:
    docx: Path
    xlsx: Path
    blocks: list
    used: list  # (code, attr, text) of every figure the document printed


def summary_period(year: int, code: str):
    return make_period(year, code)


def build_summary(year: int, code: str, folder: Path, *, progress=None, today=None) -> Built:
    """The half-year (H1/H2) or full-year (Y) summary and its appendix, into `folder`."""
    report = progress or (lambda phase, percent: None)
    period = make_period(year, code)
    words = wording.load()
    gathered = facts.gather(period, progress=report, today=today)
    report("撰写Word文档", 65)
    blocks, filler = content.summary_blocks(gathered, words)
    title = f"{year}年{words['periods'][code]['title']}"
    folder.mkdir(parents=True, exist_ok=True)
    docx_path = folder / f"{title}.docx"
    document.write_summary(docx_path, blocks, words.get("fonts"))
    report("生成Excel附表", 85)
    xlsx_path = folder / f"{title}（指标附表）.xlsx"
    appendix.write_appendix(xlsx_path, gathered, f"{period.label}科技创新工作指标完成情况")
    report("保存文件", 95)
    return Built(docx=docx_path, xlsx=xlsx_path, blocks=blocks, used=filler.used)


def month_to_date(year: int, month: int):
    """1 January – the month's last day, as a Y-coded period (the monthly brief's 累计 column)."""
    base = make_period(year, "Y")
    return dataclasses.replace(base, end=dt.date(year, month, calendar.monthrange(year, month)[1]))


def build_monthly(year: int, month: int, folder: Path, *, progress=None, today=None) -> Built:
    """月报: every KPI for the month and 1–month to date, on one page of .docx and in an .xlsx."""
    report = progress or (lambda phase, percent: None)
    words = wording.load()
    month_period = make_period(year, f"M{month:02d}")
    to_date = month_to_date(year, month)
    report("计算本月指标", 10)
    month_facts = facts.gather(month_period, today=today, rankings=False, notes=False)
    report("计算累计指标", 35)
    cumulative = facts.gather(to_date, progress=None, today=today, notes=False)
    cumulative.period = to_date
    monthly_words = words["monthly"]
    title = monthly_words["title"].format(year=year, month=month)
    folder.mkdir(parents=True, exist_ok=True)
    report("撰写Word文档", 65)
    fonts = document.Fonts(words.get("fonts"))
    doc = document.new_document(fonts)
    # One page: a brief, not a 公文, so narrower top and bottom margins leave room for every KPI.
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = document.Mm(20), document.Mm(20)
    section.footer_distance = document.Mm(10)
    doc.add_paragraph(title, style="Title")
    rows = []
    for code, f in cumulative.figures.items():
        month_figure = month_facts.figures.get(code)
        rows.append(
            [
                str(f.kpi.name),
                str(f.kpi.unit),
                facts.fmt_number(month_figure.actual) if month_figure else "",
                facts.fmt_number(f.actual),
                facts.fmt_number(f.target) if f.target else "—",
                facts.fmt_percent(f.completion) if f.completion is not None else "—",
                "落后" if f.behind else ("正常" if f.behind is not None else ""),
            ]
        )
    document.add_table(
        doc,
        ["指标", "单位", "本月", f"1-{month}月累计", "全年目标", "完成率", "进度"],
        rows,
        fonts,
        widths_mm=[58, 12, 16, 20, 18, 18, 12],
    )
    note = doc.add_paragraph(
        monthly_words["note"].format(end=f"{to_date.end.month}月{to_date.end.day}日")
        + f"时序进度{facts.fmt_percent(to_date.time_progress(today))}。"
    )
    note.paragraph_format.first_line_indent = document.Pt(0)
    for run in note.runs:
        run.font.size = document.SIZE_5
    docx_path = folder / f"{title}.docx"
    doc.save(docx_path)
    report("生成Excel附表", 85)
    xlsx_path = folder / f"{title}.xlsx"
    appendix.write_appendix(xlsx_path, cumulative, f"{title}（1-{month}月累计）")
    return Built(docx=docx_path, xlsx=xlsx_path, blocks=[], used=[])
