"""kpi --year Y [--period H1|H2|Y|Q1..Q4|M01..M12] [--town NAME] [--json]: every registered KPI's figure.

JSON (docs/domain.md §5): {"year", "period", "town", "kpis": {code: {"name", "unit", "actual", "target",
"completion", "time_progress", "behind", ...}}}. Without --json a table for reading.
Unknown town or period: a Chinese message and exit 1.
"""

import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from reports import registry, selectors
from reports.periods import PeriodError, make_period


class Command(BaseCommand):
    help = "Compute every registered KPI for a period, for the district or one town."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", default="Y", help="Y, H1, H2, Q1–Q4 or M01–M12 (default Y)")
        parser.add_argument("--town", default="", help="区镇名称、简称或别名；不填为全区")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, year, period, town, json=False, **options):
        try:
            period_obj = make_period(year, period)
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        town_obj = None
        if town:
            town_obj = selectors.find_town(town)
            if town_obj is None:
                raise CommandError(f"找不到区镇“{town}”：请用区镇全称、简称或别名（如 常乐镇、常乐）。", returncode=1)
        figures = selectors.compute(registry.all_kpis(), period_obj, town_obj)
        if json:
            out = {
                "year": period_obj.year,
                "period": period_obj.code,
                "town": town_obj.name if town_obj else None,
                "kpis": {f.kpi.code: f.as_json() for f in figures},
            }
            self.stdout.write(jsonlib.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(f"{period_obj.label} · {town_obj.name if town_obj else '全区'}")
        self.stdout.write(f"时序进度 {figures[0].time_progress:.1%}" if figures else "（没有登记的指标）")
        self.stdout.write(table(figures))


def _fmt(value):
    number = selectors.number(value)
    return "—" if number is None else f"{number:,}" if isinstance(number, int) else f"{number:g}"


def _status(figure) -> str:
    if figure.behind is None:
        return "—"
    if not figure.behind:
        return "正常"
    return "落后于时序进度" if figure.kpi.paced else "低于目标"


def table(figures) -> str:
    header = ("代码", "指标", "单位", "实际", "目标", "完成率", "状态")
    rows = [header]
    for f in figures:
        completion = "—" if f.completion is None else f"{f.completion:.1%}"
        status = _status(f)
        rows.append((f.kpi.code, str(f.kpi.name), str(f.kpi.unit), _fmt(f.actual), _fmt(f.target), completion, status))

    def width(text):  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max(width(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        lines.append("  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines)
