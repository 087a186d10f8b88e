"""The .xlsx appendix: every KPI (target, actual, completion, 时序进度, last year, change), each
KPI's town ranking and the statistical indicators, with the portal's one xlsx writer."""

from __future__ import annotations

from decimal import Decimal

from core.exports import safe_cell
from core.perf.xlsx import Column, Workbook

from .facts import Facts


def _num(value):
    if value is None:
        return ""
    return float(value) if isinstance(value, Decimal) else value


def _ratio(value):
    return "" if value is None else round(float(value), 4)


def _status(figure) -> str:
    if figure.behind is None:
        return ""
    if not figure.behind:
        return "正常"
    return "落后于时序进度" if figure.kpi.paced else "低于目标"


def kpi_rows(facts: Facts):
    for code, f in facts.figures.items():
        last = facts.last_year.get(code)
        last_actual = last.actual if last is not None else None
        change = ""
        if last_actual and f.actual is not None:
            change = round(float((Decimal(f.actual) - Decimal(last_actual)) / Decimal(last_actual)), 4)
        yield [
            code,
            str(f.kpi.group_label),
            str(f.kpi.name),
            str(f.kpi.unit),
            str(f.kpi.kind_label),
            _num(f.actual),
            _num(f.target),
            _ratio(f.completion),
            _ratio(f.time_progress),
            _status(f),
            _num(last_actual),
            change,
        ]


KPI_HEADER = [
    "指标代码",
    "攻坚方向",
    "指标",
    "单位",
    "口径",
    "实际",
    "全年目标",
    "完成率",
    "时序进度",
    "状态",
    "去年同期",
    "同比",
]


def write_appendix(path, facts: Facts, title: str):
    with Workbook(path) as book:
        columns = [Column(24), Column(16), Column(30), Column(8), Column(10)] + [Column(12)] * 7
        with book.sheet("指标完成情况", columns=columns, freeze=(2, 3)) as sheet:
            sheet.row([safe_cell(title)], style="title", height=24)
            sheet.row(KPI_HEADER, style="header")
            for row in kpi_rows(facts):
                sheet.row([safe_cell(v) for v in row])
        with book.sheet("区镇排名", columns=[Column(8), Column(22), Column(12), Column(12), Column(12)]) as sheet:
            for code, rows in facts.by_town.items():
                figure = facts.figures[code]
                ranked = sorted(
                    (r for r in rows if r.town is not None),
                    key=lambda r: (-(r.figure.actual or 0), r.town.order, r.town.pk),
                )
                if not any(r.figure.actual for r in ranked):
                    continue
                sheet.row([safe_cell(f"{figure.kpi.name}（{figure.kpi.unit}） {code}")], style="title")
                sheet.row(["排名", "区镇", "实际", "目标", "完成率"], style="header")
                for rank, row in enumerate(ranked, start=1):
                    sheet.row(
                        [
                            rank,
                            safe_cell(row.town.name),
                            _num(row.figure.actual),
                            _num(row.figure.target),
                            _ratio(row.figure.completion),
                        ]
                    )
                unassigned = [r for r in rows if r.town is None]
                for row in unassigned:
                    sheet.row(["", "未分配区镇", _num(row.figure.actual), "", ""])
                sheet.row([])
        with book.sheet(
            "统计指标", columns=[Column(14), Column(36), Column(12), Column(22), Column(10), Column(20)]
        ) as sheet:
            sheet.row(["期间", "指标名称", "本区数值", "对比", "全市排名", "数据来源"], style="header")
            for s in facts.stats:
                sheet.row(
                    [
                        safe_cell(s.period_label),
                        safe_cell(s.name),
                        safe_cell(s.value_display),
                        safe_cell(s.benchmark_display),
                        s.rank or "",
                        safe_cell(s.source),
                    ]
                )
