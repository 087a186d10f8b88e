"""Reads of the KPI figures: actual, target, completion and 时序进度, for the district or a town.

Queries: one aggregate per KPI (district or one town), or one grouped query per KPI for every
town at once; the targets of all KPIs of a year in one more query. Nothing loops over rows.

The data scope: bureau roles and leaders see every town and the district; a town officer sees
their own town's figures only (asking for another town, or for the district, is refused with
OutOfScope, which the pages answer with 404, never with zeros). `user=None` is the system
(commands, reports): no restriction.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from core import scope
from core.models import Target, Town

from .periods import Period
from .registry import KPI


class OutOfScope(Exception):
    """The user may not see the figures asked for (another town's, or the district's)."""


def resolve_town(user, town):
    """The town whose figures `user` gets when asking for `town` (None = the district)."""
    if user is None or scope.sees_all_towns(user):
        return town
    officer = getattr(user, "role", "") == "town_officer" and user.town_id
    if officer and (town is None or town.pk == user.town_id):
        return user.town
    raise OutOfScope


def allowed_towns(user):
    """The towns whose figures `user` may see (every town for the bureau, one for an officer)."""
    towns = Town.objects.order_by("order", "pk")
    if user is None or scope.sees_all_towns(user):
        return towns
    if getattr(user, "role", "") == "town_officer" and user.town_id:
        return towns.filter(pk=user.town_id)
    return towns.none()


def sees_district(user) -> bool:
    return user is None or scope.sees_all_towns(user)


@dataclass
class Figure:
    """One KPI for one period and one place (town None = the district)."""

    kpi: KPI
    period: Period
    town: Town | None
    actual: int | Decimal | None
    target: Decimal | None = None
    time_progress: float = 0.0
    # District rows only: the sum of the town targets and its gap to the district target.
    town_target_sum: Decimal | None = None
    extra: dict = field(default_factory=dict)  # the raw aggregates (e.g. total and visited)

    @property
    def completion(self) -> float | None:
        if self.actual is None or not self.target:
            return None
        return float(Decimal(self.actual) / Decimal(self.target))

    @property
    def behind(self) -> bool | None:
        """Completion trails 时序进度 (a rate: is below its target); None without a target."""
        completion = self.completion
        if completion is None:
            return None
        return completion < (self.time_progress if self.kpi.paced else 1)

    @property
    def status(self) -> str:
        """ "behind", "ok" or "none" (no target): what the pages colour."""
        behind = self.behind
        return "none" if behind is None else "behind" if behind else "ok"

    @property
    def target_gap(self) -> Decimal | None:
        """District target − the town targets' sum, when town targets exist and do not sum to it."""
        if self.town is not None or self.town_target_sum is None or self.target is None:
            return None
        gap = self.target - self.town_target_sum
        return gap or None

    def as_json(self) -> dict:
        data = {
            "name": str(self.kpi.name),
            "unit": str(self.kpi.unit),
            "actual": number(self.actual),
            "target": number(self.target),
            "completion": None if self.completion is None else round(self.completion, 4),
            "time_progress": round(self.time_progress, 4),
            "behind": self.behind,
            "kind": self.kpi.kind,
            "group": str(self.kpi.group_label),
        }
        if self.town is None:
            data["town_target_sum"] = number(self.town_target_sum)
            data["target_gap"] = number(self.target_gap)
        return data


def number(value):
    """A figure for JSON: whole numbers as int, others as float, None as null."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value.normalize())
    return value


def targets_of(year: int, codes) -> dict:
    """{code: {"district": value|None, "towns": {town_id: value}}} for `codes`, in one query."""
    found = {code: {"district": None, "towns": {}} for code in codes}
    for code, town_id, value in Target.objects.filter(year=year, kpi__in=list(codes)).values_list(
        "kpi", "town_id", "value"
    ):
        if town_id is None:
            found[code]["district"] = value
        else:
            found[code]["towns"][town_id] = value
    return found


def _town_target_sum(targets: dict):
    return sum(targets["towns"].values(), Decimal(0)) if targets["towns"] else None


def compute(kpis: list[KPI], period: Period, town=None, *, user=None, today=None, targets=None) -> list[Figure]:
    """Each KPI's figure for the district (town None) or one town: one query per KPI + one for targets
    (none when `targets`, from targets_of() for the same year, is given)."""
    town = resolve_town(user, town)
    progress = period.time_progress(today or timezone.localdate())
    if targets is None:
        targets = targets_of(period.year, [k.code for k in kpis])
    figures = []
    for kpi in kpis:
        aggregates = kpi.records_for(period, town).order_by().aggregate(**kpi.aggregates_for(period))
        kpi_targets = targets[kpi.code]
        figures.append(
            Figure(
                kpi=kpi,
                period=period,
                town=town,
                actual=kpi.figure(aggregates),
                target=kpi_targets["district"] if town is None else kpi_targets["towns"].get(town.pk),
                time_progress=progress,
                town_target_sum=_town_target_sum(kpi_targets) if town is None else None,
                extra=aggregates,
            )
        )
    return figures


@dataclass
class TownRow:
    """One line of a KPI's "by town" table (town None: records without a town)."""

    town: Town | None
    figure: Figure


def compute_by_town(kpi: KPI, period: Period, *, user=None, today=None, targets=None) -> list[TownRow]:
    """The KPI in every town the user may see, in one grouped query (+ one for the targets).

    Records without a town (an enterprise waiting for its town, a district-wide event) get a
    row of their own for bureau users, so the town rows and that row add up to the district.
    """
    progress = period.time_progress(today or timezone.localdate())
    towns = list(allowed_towns(user))
    grouped = kpi.records(period).order_by().values(kpi.town_lookup).annotate(**kpi.aggregates_for(period))
    if not sees_district(user):
        grouped = grouped.filter(**{f"{kpi.town_lookup}__in": [t.pk for t in towns]})
    by_town = {row.pop(kpi.town_lookup): row for row in grouped}
    targets = (targets if targets is not None else targets_of(period.year, [kpi.code]))[kpi.code]["towns"]

    def row(town):
        aggregates = by_town.get(town.pk if town else None) or dict.fromkeys(kpi.aggregates_for(period), 0)
        return TownRow(
            town=town,
            figure=Figure(
                kpi=kpi,
                period=period,
                town=town,
                actual=kpi.figure(aggregates),
                target=targets.get(town.pk) if town else None,
                time_progress=progress,
                extra=aggregates,
            ),
        )

    rows = [row(town) for town in towns]
    if sees_district(user) and None in by_town:
        rows.append(row(None))
    return rows


def drill_down(kpi: KPI, period: Period, town=None, *, user) -> QuerySet:
    """The records behind the figure, through the same data scope as every list (`Model.objects.
    for_user(user)` is core.scope.restrict); `user=None` is the system and sees everything."""
    town = resolve_town(user, town)
    queryset = kpi.records_for(period, town)
    if user is not None:
        queryset = scope.restrict(queryset, user)
    if kpi.select_related:
        queryset = queryset.select_related(*kpi.select_related)
    if kpi.rows is not None:
        queryset = kpi.rows(queryset, period)
    return queryset


def find_town(text: str) -> Town | None:
    """A town by its name, short name or an alias (the `kpi --town` argument)."""
    text = (text or "").strip()
    if not text:
        return None
    for town in Town.objects.all():
        if text in town.spellings():
            return town
    return None
