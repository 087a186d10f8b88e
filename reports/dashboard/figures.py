"""The dashboard's figures: every KPI (and funnel step) of a period, for every town and the district,
in ONE query (a cold page: two at once), cached per KPI and invalidated per KPI.

One query: each KPI's records are grouped by town (`values(town).annotate(aggregates)`), the
district being the sum of the groups (counts and sums; any other aggregate, e.g. a distinct
count, gets a second, ungrouped SELECT), and all those SELECTs are joined with UNION ALL. The
aggregates are cast to numeric and padded to the same number of columns so the branches line
up; a literal column names the KPI. PostgreSQL runs the branches one after the other, so the
cost is the sum of the KPIs' own queries, without a round trip (and a query-count line) each.

A cold page asks for two periods at once (the period with its funnels, the same period last year;
the beat job for its warm periods). PostgreSQL gives one query one core, so those pairs are
dealt to FIGURE_CONNECTIONS queries (settings; 2) that run at the same time, the first on the
request's own connection and the others on their own short-lived connections (compute_pairs):
the page waits for the slowest query instead of their sum. Only outside a transaction: another
connection does not see what this one has not committed (a test's records, a write in the same
request), so inside one everything runs here, in one query.

Cache: one entry per KPI and period, `dash:fig:<code>:<year>:<period>:<version>`. A KPI's
version changes when records of one of its models are written (reports.dashboard.invalidation),
so a write makes only that KPI's entries miss; the missing KPIs are computed together in one
more UNION query and stored. The Celery beat job (tasks.dashboard_refresh_task) recomputes the
periods leaders open by default every few minutes, so they find them warm. With Redis down the
cache misses (django-redis IGNORE_EXCEPTIONS) and the figures are computed: slower, never a 500.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import Count, DecimalField, F, IntegerField, Sum, Value
from django.db.models.functions import Cast

from ..periods import Period
from ..registry import KPI

NUMERIC = DecimalField(max_digits=38, decimal_places=6)
TIMEOUT = 24 * 3600  # entries are replaced by the beat job long before; this only bounds stale keys
DISTRICT = "district"

# Tests give each test its own namespace (conftest.py): the figures of one test's records are
# never read by the next test, nor by another pytest-xdist worker sharing the Redis database.
namespace = ""


def key(*parts) -> str:
    return ":".join(["dash", namespace, *map(str, parts)])


def version_keys(codes) -> dict[str, str]:
    return {code: key("ver", code) for code in codes}


def versions(codes) -> dict[str, str]:
    """Each KPI's current version ("0" until its records are first written)."""
    keys = version_keys(codes)
    found = cache.get_many(list(keys.values()))
    return {code: str(found.get(key, "0")) for code, key in keys.items()}


def entry_key(code: str, period: Period, version: str) -> str:
    return key("fig", code, period.year, period.code, version)


def _clean(value, counted: bool):
    """A numeric aggregate back to what the KPI's own query gives: an int for a Count, a Decimal
    for a Sum (None when there was nothing to sum)."""
    if value is None:
        return None
    return int(value) if counted else Decimal(value)


def additive(aggregates: dict) -> bool:
    """Whether the district's aggregates are the sums of the towns' (plus the no-town group's):
    plain counts and sums are; a distinct count or an average is not and gets its own branch."""
    return all(
        (isinstance(a, Count) and not a.distinct) or (isinstance(a, Sum) and not a.distinct)
        for a in aggregates.values()
    )


def _branches(kpi: KPI, period: Period, aggregates: dict, width: int):
    columns = {f"a{i}": Cast(expression, NUMERIC) for i, expression in enumerate(aggregates.values())} | {
        f"a{i}": Cast(Value(None), NUMERIC) for i in range(len(aggregates), width)
    }
    base = kpi.records(period).order_by().annotate(k=Value(pair_key(kpi.code, period)))
    by_town = base.annotate(d=Value(False)).values("k", "d", t=F(kpi.town_lookup)).annotate(**columns)
    if additive(aggregates):
        return [by_town]  # the district is summed from the groups (compute_pairs)
    district = base.annotate(d=Value(True)).values("k", "d", t=Cast(Value(None), IntegerField()))
    return [by_town, district.annotate(**columns)]


def pair_key(code: str, period: Period) -> str:
    return f"{code}@{period.year}{period.code}"


# A split is worth a connection (~3 ms to open) only when each part has a good share of a period's
# KPIs: a write that invalidated a few KPIs recomputes them (this year and last) in one small
# query on this connection.
FAN_OUT_MIN_PAIRS = 16


def compute_pairs(pairs: list[tuple[KPI, Period]]) -> dict[str, dict]:
    """{pair_key: {"district": {name: value}, "towns": {town_id|None: {name: value}}, "at": epoch}}
    for each (KPI, period): one query, or a few at the same time (parts()), each one UNION."""
    chunks = parts(pairs)
    if len(chunks) < 2:
        return compute_query(pairs)
    with ThreadPoolExecutor(max_workers=len(chunks) - 1, thread_name_prefix="dashboard-figures") as pool:
        others = [pool.submit(_on_own_connection, chunk) for chunk in chunks[1:]]
        raw = compute_query(chunks[0])
        for future in others:
            raw.update(future.result())
    return raw


def parts(pairs: list[tuple[KPI, Period]]) -> list[list[tuple[KPI, Period]]]:
    """The pairs dealt to as many queries as may run at once. Which KPI is costly depends on the
    year's data (visits in one, technology contracts in another), so none is assumed: the KPIs are
    dealt in turn, and each period starts one place further, so that a KPI's periods (this year,
    last year) run on different connections. One part when the connection is in a transaction,
    is not PostgreSQL, or the parts would be small."""
    width = settings.FIGURE_CONNECTIONS
    if width < 2 or len(pairs) < 2 * FAN_OUT_MIN_PAIRS or connection.in_atomic_block:
        return [pairs]
    if connection.vendor != "postgresql":
        return [pairs]
    kpi_turn: dict[str, int] = {}
    period_turn: dict[Period, int] = {}
    chunks: list[list] = [[] for _ in range(width)]
    for kpi, period in pairs:
        turn = kpi_turn.setdefault(kpi.code, len(kpi_turn)) + period_turn.setdefault(period, len(period_turn))
        chunks[turn % width].append((kpi, period))
    return [chunk for chunk in chunks if chunk]


def _on_own_connection(pairs):
    try:
        return compute_query(pairs)
    finally:
        connections.close_all()  # this thread's connection: the pool's threads end with the call


def compute_query(pairs: list[tuple[KPI, Period]]) -> dict[str, dict]:
    """compute_pairs() in one query on this thread's connection."""
    if not pairs:
        return {}
    aggregates = {pair_key(kpi.code, period): kpi.aggregates_for(period) for kpi, period in pairs}
    width = max(len(a) for a in aggregates.values())
    branches = [
        branch
        for kpi, period in pairs
        for branch in _branches(kpi, period, aggregates[pair_key(kpi.code, period)], width)
    ]
    query = branches[0].union(*branches[1:], all=True)
    names, counted, raw = {}, {}, {}
    now = time.time()
    for key, found in aggregates.items():
        names[key] = list(found)
        counted[key] = [isinstance(a, Count) for a in found.values()]
        raw[key] = {DISTRICT: dict.fromkeys(found, 0), "towns": {}, "at": now}
    summed = {key for key, found in aggregates.items() if additive(found)}
    for row in query:
        key = row["k"]
        values = {name: _clean(row[f"a{i}"], counted[key][i]) for i, name in enumerate(names[key])}
        if row["d"]:
            raw[key][DISTRICT] = values
        else:
            raw[key]["towns"][row["t"]] = values
    for key in summed:
        # Counts sum to the district; a sum over no records stays None, as the KPI's own aggregate.
        district = raw[key][DISTRICT]
        for name in names[key]:
            found = [v[name] for v in raw[key]["towns"].values() if v[name] is not None]
            district[name] = sum(found) if found else (0 if counted[key][names[key].index(name)] else None)
    return raw


def compute_raw(kpis: list[KPI], period: Period) -> dict[str, dict]:
    """{code: raw} of `kpis` in `period`, in one query, uncached."""
    raw = compute_pairs([(kpi, period) for kpi in kpis])
    return {kpi.code: raw[pair_key(kpi.code, period)] for kpi in kpis}


def cached_pairs(pairs: list[tuple[KPI, Period]], *, refresh=False) -> dict[str, dict]:
    """compute_pairs() through the cache: two cache reads, and one query for the pairs that missed."""
    current = versions({kpi.code for kpi, _period in pairs})
    keys = {pair_key(kpi.code, period): entry_key(kpi.code, period, current[kpi.code]) for kpi, period in pairs}
    found = {} if refresh else cache.get_many(list(keys.values()))
    result = {key: found[cache_key] for key, cache_key in keys.items() if cache_key in found}
    missing = [(kpi, period) for kpi, period in pairs if pair_key(kpi.code, period) not in result]
    if missing:
        computed = compute_pairs(missing)
        cache.set_many({keys[key]: value for key, value in computed.items()}, TIMEOUT)
        result.update(computed)
    return result


def raw_figures(kpis: list[KPI], period: Period, *, refresh=False) -> dict[str, dict]:
    """{code: raw} of `kpis` in `period` through the cache."""
    raw = cached_pairs([(kpi, period) for kpi in kpis], refresh=refresh)
    return {kpi.code: raw[pair_key(kpi.code, period)] for kpi in kpis}


def aggregates_of(raw: dict, town_id=None, *, district=False) -> dict:
    """The aggregates of the district or one town (zeros when the town has no records)."""
    if district:
        return raw[DISTRICT]
    values = raw["towns"].get(town_id)
    if values is None:
        return dict.fromkeys(raw[DISTRICT], 0)
    return values
