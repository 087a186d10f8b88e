"""Monthly snapshots of the snapshot-kind KPIs (reports.models.KpiSnapshot) and reading them back."""

from decimal import Decimal

from core.models import Town

from ..models import KpiSnapshot
from ..periods import make_period
from ..registry import Kind, all_kpis
from . import figures


def snapshot_kpis():
    return [kpi for kpi in all_kpis() if kpi.kind == Kind.SNAPSHOT]


def _decimal(value):
    return None if value is None else Decimal(value)


def store_month(year: int, month: int) -> int:
    """Compute every snapshot KPI at the end of `month` (one query) and upsert its rows: district + towns."""
    kpis = snapshot_kpis()
    period = make_period(year, f"M{month:02d}")
    raw = figures.compute_raw(kpis, period)
    towns = list(Town.objects.values_list("pk", flat=True))
    rows = []
    for kpi in kpis:
        data = raw[kpi.code]
        rows.append(
            KpiSnapshot(
                year=year, month=month, kpi=kpi.code, town_id=None, value=_decimal(kpi.figure(data["district"]))
            )
        )
        for town_id in towns:
            value = kpi.figure(figures.aggregates_of(data, town_id))
            rows.append(KpiSnapshot(year=year, month=month, kpi=kpi.code, town_id=town_id, value=_decimal(value)))
    KpiSnapshot.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["year", "month", "kpi", "town"], update_fields=["value", "taken_at"]
    )
    return len(rows)


def stored(code: str, years, town_id=None) -> dict[tuple[int, int], Decimal | None]:
    """{(year, month): value} of the snapshots stored for `code` in `years` (one query)."""
    rows = KpiSnapshot.objects.filter(kpi=code, year__in=list(years), town_id=town_id).values_list(
        "year", "month", "value"
    )
    return {(year, month): value for year, month, value in rows}
