"""Every figure a build needs, read once: the period's KPIs, the same period last year, the
town rankings, the statistical indicators and the staff's paragraphs.

Queries: one aggregate per KPI for the period, one per KPI for last year, one grouped query per
KPI for the towns, one for the targets of each year, one for the indicators, one for the notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from core.years import YEAR_MIN

from .. import registry, selectors
from ..periods import Period, make_period


@dataclass
class Facts:
    period: Period
    figures: dict[str, selectors.Figure]
    last_year: dict[str, selectors.Figure]
    by_town: dict[str, list[selectors.TownRow]]
    stats: list = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def kpis(self):
        return [f.kpi for f in self.figures.values()]

    def top_town(self, code: str):
        """The town with the highest figure, when at least two towns have one (else no ranking)."""
        rows = [r for r in self.by_town.get(code, []) if r.town is not None and r.figure.actual]
        if len(rows) < 2:
            return None
        rows.sort(key=lambda r: r.figure.actual, reverse=True)
        if rows[0].figure.actual == rows[1].figure.actual:
            return None  # a tie names no first
        return rows[0]


def previous_year_period(period: Period) -> Period | None:
    if period.year - 1 < YEAR_MIN:
        return None
    if period.code == "Y" and period.end.month != 12:  # a year-to-date (monthly brief)
        base = make_period(period.year - 1, "Y")
        return Period(year=base.year, code="Y", start=base.start, end=base.end.replace(month=period.end.month, day=1))
    return make_period(period.year - 1, period.code)


def gather(
    period: Period,
    *,
    progress: Callable[[str, int], None] | None = None,
    today=None,
    rankings: bool = True,
    notes: bool = True,
) -> Facts:
    """Read everything the documents say. `progress(phase, percent)` is told along the way (0–60)."""
    from ..models import ReportNote, StatIndicator

    report = progress or (lambda phase, percent: None)
    today = today or timezone.localdate()
    kpis = registry.all_kpis()
    report("计算本期指标", 5)
    figures = {f.kpi.code: f for f in selectors.compute(kpis, period, today=today)}
    report("计算去年同期", 20)
    last = previous_year_period(period)
    last_year = {}
    if last is not None:
        last_year = {f.kpi.code: f for f in selectors.compute(kpis, last, today=today)}
    by_town = {}
    if rankings:
        report("计算区镇排名", 35)
        targets = selectors.targets_of(period.year, [k.code for k in kpis])
        for kpi in kpis:
            by_town[kpi.code] = selectors.compute_by_town(kpi, period, today=today, targets=targets)
    report("读取统计指标和文字段落", 55)
    stats = latest_stats(StatIndicator, period)
    paragraphs: dict[str, list[str]] = {}
    if notes:
        note_period = period.code if period.code in {"H1", "H2", "Y"} else None
        if note_period:
            for note in ReportNote.objects.filter(year=period.year, period=note_period).order_by(
                "section", "order", "pk"
            ):
                paragraphs.setdefault(note.section, []).append(note.text)
    return Facts(period=period, figures=figures, last_year=last_year, by_town=by_town, stats=stats, notes=paragraphs)


def latest_stats(model, period: Period) -> list:
    """Each indicator's latest figure published for the year up to the period's last month."""
    rows = model.objects.filter(year=period.year, through_month__lte=period.end.month).order_by(
        "name", "-through_month"
    )
    seen, latest = set(), []
    for row in rows:
        if row.name not in seen:
            seen.add(row.name)
            latest.append(row)
    return latest


def fmt_number(value) -> str:
    """A figure as the bureau writes it: 117, 28.02, 3.9535 (no trailing zeros, no separators)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            return str(int(value))
        return f"{value:f}"
    return str(value)


def fmt_percent(ratio) -> str:
    """0.585 → 58.5%"""
    return f"{Decimal(str(ratio)) * 100:.1f}%"
