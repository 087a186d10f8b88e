"""Reads of the dashboard: cards, rankings, funnels, trends and warnings for a user, a period and a town.

Everything comes from the registries (KPIs, funnels, warnings) and is scoped like the KPI pages
(reports.selectors.resolve_town / allowed_towns): a town officer gets their own town's figures
and ranking row only. The figures come from reports.dashboard.figures (one cached UNION query
for the period, one for the same period last year); the drill-down URLs lead to the KPI's page
(/kpis/<code>/), whose records list is reports.selectors.drill_down() of the same KPI, period and
town through the user's data scope, so its count is the figure clicked.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import registry, selectors
from ..models import StatIndicator
from ..periods import Period, make_period
from ..registry import KPI, Group, Kind
from ..selectors import Figure
from . import figures, snapshots
from .registry import all_funnels, all_warnings

WARNINGS_TIMEOUT = 300


def period_query(period: Period, town=None, **extra) -> str:
    query = {"year": period.year, "period": period.code}
    if town is not None:
        query["town"] = getattr(town, "pk", town)
    query.update(extra)
    return urlencode({k: v for k, v in query.items() if v not in (None, "")})


def kpi_url(kpi: KPI, period: Period, town=None) -> str:
    """The KPI's page: its records list is exactly the records behind the figure, in the user's scope."""
    if registry.get_kpi(kpi.code) is None:
        return f"{reverse('reports:dashboard_step', args=[kpi.code])}?{period_query(period, town)}"
    return f"{reverse('reports:kpi_detail', args=[kpi.code])}?{period_query(period, town)}"


@dataclass
class Card:
    figure: Figure
    last_year: int | Decimal | None
    url: str

    @property
    def kpi(self):
        return self.figure.kpi

    @property
    def change(self) -> float | None:
        """Change against the same period last year, when last year has a figure to compare with."""
        actual, before = self.figure.actual, self.last_year
        if actual is None or not before:
            return None
        return float((Decimal(actual) - Decimal(before)) / Decimal(before))


@dataclass
class RankRow:
    rank: int
    town: object
    figure: Figure
    url: str


@dataclass
class Dashboard:
    period: Period
    town: object
    groups: list = field(default_factory=list)  # [{"value", "label", "cards", "indicators"}]
    cards: list = field(default_factory=list)
    targets: dict = field(default_factory=dict)
    computed_at: float | None = None
    towns: list = field(default_factory=list)
    funnels: list = field(default_factory=list)  # [FunnelView] when build(funnels=True)

    @property
    def as_of(self):
        if self.computed_at is None:
            return None
        return dt.datetime.fromtimestamp(self.computed_at, tz=timezone.get_current_timezone())

    @property
    def behind(self):
        return [card for card in self.cards if card.figure.behind]


def _figure(kpi, period, raw, town, targets, progress, *, district=False):
    aggregates = figures.aggregates_of(raw, None if town is None else town.pk, district=district)
    target_values = targets.get(kpi.code) or {"district": None, "towns": {}}
    return Figure(
        kpi=kpi,
        period=period,
        town=town,
        actual=kpi.figure(aggregates),
        target=target_values["district"] if district else target_values["towns"].get(town.pk if town else None),
        time_progress=progress,
        extra=aggregates,
    )


def last_year_period(period: Period) -> Period | None:
    try:
        return make_period(period.year - 1, period.code)
    except Exception:  # before the first working year: nothing to compare with
        return None


def build(user, period: Period, town=None, *, today=None, with_funnels=False) -> Dashboard:
    """The cards of every registered KPI, grouped by the four battles, with last year's figure
    (and the pool and pipeline funnels of the period when asked).

    Queries (cold): the figures of the period with its funnels and of last year's (cached; two
    UNION queries at the same time, figures.compute_pairs), the targets of the year, the
    statistical indicators. Warm: targets and indicators only.
    """
    town = selectors.resolve_town(user, town)
    today = today or timezone.localdate()
    kpis = registry.all_kpis()
    before = last_year_period(period)
    pairs = [(kpi, period) for kpi in kpis] + ([(kpi, before) for kpi in kpis] if before else [])
    if with_funnels:
        pairs += [(kpi, period) for kpi in funnels_kpis()]
    raw = figures.cached_pairs(pairs)
    targets = selectors.targets_of(period.year, [k.code for k in kpis])
    progress = period.time_progress(today)
    board = Dashboard(period=period, town=town, targets=targets)
    stamps = []
    for kpi in kpis:
        now = raw[figures.pair_key(kpi.code, period)]
        stamps.append(now["at"])
        figure = _figure(kpi, period, now, town, targets, progress, district=town is None)
        last = None
        if before:
            then = raw[figures.pair_key(kpi.code, before)]
            stamps.append(then["at"])
            last = kpi.figure(figures.aggregates_of(then, None if town is None else town.pk, district=town is None))
        board.cards.append(Card(figure=figure, last_year=last, url=kpi_url(kpi, period, town)))
    board.computed_at = min(stamps) if stamps else None
    if with_funnels:
        board.funnels = funnels(user, period, town, raw=raw)
    indicators = latest_indicators(period) if town is None else []
    for value, label in Group.choices:
        board.groups.append(
            {
                "value": value,
                "label": label,
                "cards": [c for c in board.cards if c.kpi.group == value],
                "indicators": [i for i in indicators if i.group == value],
            }
        )
    return board


def latest_indicators(period):
    """The bureau's statistical indicators published for the period's year up to its last month,
    the latest of each name (one query)."""
    rows = StatIndicator.objects.filter(year=period.year, through_month__lte=period.end.month).order_by(
        "name", "-through_month"
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.name, row)
    return sorted(latest.values(), key=lambda r: (r.group, r.name))


def ranking(user, kpi: KPI, period: Period, *, today=None, towns=None, targets=None) -> list[RankRow]:
    """The KPI in every town the user may see, best first (by completion when towns have targets,
    else by the figure), from the same cached figures as the cards: no query of its own when warm."""
    today = today or timezone.localdate()
    towns = list(selectors.allowed_towns(user)) if towns is None else towns
    raw = figures.raw_figures([kpi], period)[kpi.code]
    if targets is None or kpi.code not in targets:
        targets = selectors.targets_of(period.year, [kpi.code])
    progress = period.time_progress(today)
    rows = [_figure(kpi, period, raw, town, targets, progress) for town in towns]
    with_targets = any(f.target is not None for f in rows)

    def key(f):
        if with_targets:
            return (f.completion is not None, f.completion or 0, f.actual or 0)
        return (True, f.actual or 0, 0)

    rows.sort(key=key, reverse=True)
    return [RankRow(rank=i + 1, town=f.town, figure=f, url=kpi_url(kpi, period, f.town)) for i, f in enumerate(rows)]


@dataclass
class FunnelView:
    funnel: object
    steps: list  # [{"label", "value", "url", "share"}]


def funnel_kpis(funnel) -> list[KPI]:
    """What computes a funnel's figures: its combined KPI, or each step."""
    return [funnel.combined] if funnel.combined is not None else list(funnel.steps)


def funnels_kpis() -> list[KPI]:
    return [kpi for funnel in all_funnels() for kpi in funnel_kpis(funnel)]


def funnels(user, period: Period, town=None, *, raw=None) -> list[FunnelView]:
    """Every registered funnel's steps for the district or a town: one cached UNION for all funnels
    (or read from `raw`, cached_pairs() of the period that holds them)."""
    town = selectors.resolve_town(user, town)
    registered = all_funnels()
    if raw is None:
        kpis = funnels_kpis()
        raw = figures.raw_figures(kpis, period) if kpis else {}
    else:
        raw = {kpi.code: raw[figures.pair_key(kpi.code, period)] for kpi in funnels_kpis()}
    town_id = None if town is None else town.pk
    result = []
    for funnel in registered:
        rows = []
        if funnel.combined is not None:
            aggregates = figures.aggregates_of(raw[funnel.combined.code], town_id, district=town is None)
            values = [aggregates[f"s{i}"] or 0 for i in range(len(funnel.steps))]
        else:
            values = [
                step.figure(figures.aggregates_of(raw[step.code], town_id, district=town is None))
                for step in funnel.steps
            ]
        for step, value in zip(funnel.steps, values, strict=True):
            rows.append(
                {"code": step.code, "label": str(step.name), "value": value, "url": kpi_url(step, period, town)}
            )
        top = max((float(r["value"] or 0) for r in rows), default=0)
        for r in rows:
            r["share"] = round(float(r["value"] or 0) / top * 100, 1) if top else 0
        result.append(FunnelView(funnel=funnel, steps=rows))
    return result


def trend(user, kpi: KPI, year: int, town=None, *, today=None) -> dict:
    """The KPI month by month in `year` and the year before (one cached UNION of up to 24 months).

    Flow KPIs: each month's own figure; snapshot KPIs: the state at each month's end, from the
    stored monthly snapshot where the beat job kept one. Months not begun yet are left empty.
    """
    town = selectors.resolve_town(user, town)
    today = today or timezone.localdate()
    years = [y for y in (year - 1, year) if _valid_year(y)]
    periods = [make_period(y, f"M{m:02d}") for y in years for m in range(1, 13) if dt.date(y, m, 1) <= today]
    raw = figures.cached_pairs([(kpi, p) for p in periods]) if periods else {}
    stored = snapshots.stored(kpi.code, years, None if town is None else town.pk) if kpi.kind == Kind.SNAPSHOT else {}
    series = {}
    for y in years:
        values = []
        for m in range(1, 13):
            key = figures.pair_key(kpi.code, make_period(y, f"M{m:02d}"))
            if (y, m) in stored and dt.date(y, m, 1) < today.replace(day=1):
                values.append(selectors.number(stored[(y, m)]))
            elif key in raw:
                aggregates = figures.aggregates_of(raw[key], None if town is None else town.pk, district=town is None)
                values.append(selectors.number(kpi.figure(aggregates)))
            else:
                values.append(None)
        series[y] = values
    return {
        "code": kpi.code,
        "name": str(kpi.name),
        "unit": str(kpi.unit),
        "kind": kpi.kind,
        "year": year,
        "this": series.get(year, [None] * 12),
        "last": series.get(year - 1, [None] * 12),
    }


def _valid_year(year):
    try:
        make_period(year, "Y")
    except Exception:
        return False
    return True


# ---- warnings ---------------------------------------------------------------------------------


def _scope_key(user) -> str:
    return "all" if selectors.sees_district(user) else f"town{getattr(user, 'town_id', '') or 'none'}"


def warnings(user, board: Dashboard | None = None, *, today=None) -> list[dict]:
    """The "needs attention" items: each registered warning's count in the user's scope (cached a
    few minutes per scope) and its list; plus the KPIs behind 时序进度 from the board itself."""
    today = today or timezone.localdate()
    items = []
    cache_key = figures.key("warn", _scope_key(user), today.isoformat())
    counts = cache.get(cache_key)
    registered = all_warnings()
    if counts is None or set(counts) != {w.code for w in registered}:
        counts = {w.code: w.count_for(user, today) for w in registered}
        cache.set(cache_key, counts, WARNINGS_TIMEOUT)
    for warning in registered:
        items.append(
            {
                "code": warning.code,
                "label": str(warning.label),
                "count": counts[warning.code],
                "url": warning.url_for(user, today),
                "severity": warning.severity,
            }
        )
    if board is not None:
        behind = board.behind
        items.append(
            {
                "code": "kpi.behind",
                "label": str(_("指标落后于时序进度")),
                "count": len(behind),
                "url": f"{reverse('reports:kpi_list')}?{period_query(board.period, board.town)}",
                "severity": "danger",
                "kpis": [str(card.kpi.name) for card in behind],
            }
        )
    return items


def attention(items: list[dict], limit=3) -> list[dict]:
    """The few items a leader's home shows: those with something in them, late ones first."""
    found = [i for i in items if i["count"]]
    found.sort(key=lambda i: (i["severity"] != "danger", -i["count"]))
    return found[:limit]


def summary(user, *, today=None) -> dict:
    """A leader's home: the headline cards (the KPIs with a target, then the others, up to 8), the
    town ranking of the first of them and the three items most needing attention, for this year's
    current half (the warm period: figures from the cache)."""
    from ..periods import default_period

    today = today or timezone.localdate()
    period = default_period(today)
    board = build(user, period, today=today)
    headline = sorted(board.cards, key=lambda c: c.figure.target is None)[:8]
    rank_kpi = headline[0].kpi if headline else None
    return {
        "board": board,
        "period": period,
        "headline": headline,
        "rank_kpi": rank_kpi,
        "rank_rows": ranking(user, rank_kpi, period, today=today, targets=board.targets) if rank_kpi else [],
        "attention": attention(warnings(user, board, today=today)),
        "query": period_query(period),
    }
