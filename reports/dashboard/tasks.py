"""Background work of the dashboard: keep the default periods' figures warm, store monthly snapshots.

Both run from CELERY_BEAT_SCHEDULE (settings) and are idempotent: a refresh overwrites the same
cache entries, a snapshot updates the same (year, month, kpi, town) rows.
"""

import datetime as dt
import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from ..periods import current_period_code, default_period, make_period

logger = logging.getLogger(__name__)


def refresh_lock() -> str:
    from .figures import key

    return key("refresh-queued")


def warm_periods(today: dt.date | None = None):
    """What the dashboard opens on and what leaders switch to most: this year's 全年, current half,
    quarter and month, and the same periods of last year (the year-on-year column)."""
    today = today or timezone.localdate()
    codes = ["Y", current_period_code(today), f"Q{(today.month - 1) // 3 + 1}", f"M{today.month:02d}"]
    periods = [make_period(year, code) for year in (today.year, today.year - 1) for code in codes]
    opening = default_period(today)  # KPI_DEFAULT_PERIOD: the period the pages open on, and its last year
    for period in (opening, make_period(opening.year - 1, opening.code)):
        if period not in periods:
            periods.append(period)
    return periods


def refresh(codes=None, today=None) -> int:
    """Recompute the warm periods of `codes` (every KPI and funnel step when None): one UNION per
    period, as many at once as figures.compute_pairs runs."""
    from . import figures
    from .invalidation import dashboard_kpis

    kpis = [k for k in dashboard_kpis() if codes is None or k.code in codes]
    figures.cached_pairs([(kpi, period) for period in warm_periods(today) for kpi in kpis], refresh=True)
    return len(kpis)


@shared_task
def dashboard_refresh_task(codes=None):
    cache.delete(refresh_lock())
    return refresh(codes)


@shared_task
def kpi_snapshot_task(year=None, month=None):
    """Store last month's value of every snapshot-kind KPI (district and each town)."""
    from .snapshots import store_month

    if year is None or month is None:
        first = timezone.localdate().replace(day=1)
        last_month = first - dt.timedelta(days=1)
        year, month = last_month.year, last_month.month
    return store_month(int(year), int(month))


def queue_refresh(codes) -> None:
    """After a write: refresh the changed KPIs' warm periods in the background, at most one queued
    refresh at a time. Without a broker (tests, development: eager Celery) nothing is queued: the
    next page computes the missed KPIs itself, and the writer's request does not pay for it."""
    if dashboard_refresh_task.app.conf.task_always_eager:
        return
    try:
        if cache.add(refresh_lock(), 1, 60):
            dashboard_refresh_task.apply_async(kwargs={"codes": None}, countdown=5)
    except Exception:  # the queue is down: the beat job (or the next page) recomputes
        logger.warning("dashboard refresh not queued", exc_info=True)
