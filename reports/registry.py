"""The KPI registry: one definition per KPI code, declared by the app that owns the records.

Each app lists its KPIs in `<app>/kpis.py` with `register(KPI(...))`; `autodiscover()` (run by
ReportsConfig.ready, the way the admin finds admin.py) imports every installed app's `kpis`
module. reports/ itself knows no app's models: a KPI brings the queryset of its records, the
lookup from a record to its Town and the aggregate that makes the figure, and reports/ only
filters, groups and aggregates what it is given (see reports.selectors).

A KPI's figure is computed in one aggregate query for the district or one town, and in one
grouped query for every town at once; targets are read for all KPIs in one more query.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Aggregate, Count, QuerySet
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .periods import Period


class Group:
    """The seed's 四大攻坚 (four battles); every KPI belongs to one, in this order."""

    CLUSTERS = "clusters"
    ENTERPRISES = "enterprises"
    PARKS = "parks"
    ECOSYSTEM = "ecosystem"

    choices = [
        (CLUSTERS, _("创新型产业集群")),
        (ENTERPRISES, _("创新型企业培育")),
        (PARKS, _("创新型园区")),
        (ECOSYSTEM, _("创新生态")),
    ]

    @classmethod
    def label(cls, value):
        return dict(cls.choices)[value]


class Kind:
    """flow: records dated in the period; snapshot: the state on the period's last day."""

    FLOW = "flow"
    SNAPSHOT = "snapshot"

    choices = [(FLOW, _("期间累计")), (SNAPSHOT, _("期末时点"))]

    @classmethod
    def label(cls, value):
        return dict(cls.choices)[value]


def _count(aggregates: dict):
    return aggregates["value"] or 0


@dataclass(frozen=True)
class KPI:
    """One indicator of docs/domain.md §3.

    records(period) -> the queryset of the records behind the figure for the whole district,
        built from the model's default manager (drill-down applies the user's data scope to it).
    town_lookup: the lookup from a record to its core.Town ("town", "enterprise__town").
    aggregates: named aggregates computed over the records in one query (default: a row count),
        or a callable(period) returning them when they depend on the period.
    figure(aggregates) -> the KPI's value from those aggregates (default: the count).
    list_url(period, town) -> a URL of an existing list filtered to the same records, or None;
        list_note: what the reader should know when that list is not exactly the same records.
    columns: [(heading, callable(record) -> text)] for the records list on the KPI's page.
    select_related: what that list needs in the same query.
    rows(queryset, period) -> the records list's rows with anything the columns need added
        (e.g. an annotation), applied to the list only, never to the figure's query.
    paced: the target is built up over the year, so completion is compared with 时序进度. A rate
        (a coverage %) is not: it is behind whenever it is below its target.
    models: labels ("app.Model") of models whose writes change the figure beyond those the
        dashboard finds in the records' query itself (its model, joins, subqueries and the
        town lookup's path; see reports.dashboard.invalidation). Most KPIs leave it empty.
    """

    code: str
    name: str
    unit: str
    group: str
    kind: str
    definition: str
    records: Callable[[Period], QuerySet]
    town_lookup: str
    aggregates: dict[str, Aggregate] | Callable[[Period], dict[str, Aggregate]] = field(
        default_factory=lambda: {"value": Count("*")}
    )
    figure: Callable[[dict], int | Decimal] = _count
    list_url: Callable[[Period, object], str | None] | None = None
    list_note: str = ""
    columns: list[tuple[str, Callable]] = field(default_factory=list)
    select_related: tuple[str, ...] = ()
    rows: Callable[[QuerySet, Period], QuerySet] | None = None
    paced: bool = True
    order: int = 0
    models: tuple[str, ...] = ()

    @property
    def group_label(self):
        return Group.label(self.group)

    @property
    def kind_label(self):
        return Kind.label(self.kind)

    def aggregates_for(self, period: Period) -> dict[str, Aggregate]:
        return self.aggregates(period) if callable(self.aggregates) else dict(self.aggregates)

    def records_for(self, period: Period, town=None) -> QuerySet:
        """The district's (or one town's) records behind the figure, not yet scoped to a user."""
        queryset = self.records(period)
        if town is not None:
            queryset = queryset.filter(**{self.town_lookup: town})
        return queryset


def percent(part, whole, places="0.1"):
    """part / whole as a percentage with one decimal (None when there is nothing to divide by)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


_registry: dict[str, KPI] = {}


class RegistryError(ValueError):
    pass


def register(kpi: KPI) -> KPI:
    """Add a KPI; a second, different KPI under a code already taken is a programming error."""
    if "." not in kpi.code:
        raise RegistryError(f"KPI code {kpi.code!r} must be <area>.<name>, as in docs/kpis.md")
    known = _registry.get(kpi.code)
    if known is not None and _origin(known) != _origin(kpi):
        raise RegistryError(f"KPI {kpi.code!r} is registered twice ({_origin(known)} and {_origin(kpi)})")
    if kpi.group not in dict(Group.choices) or kpi.kind not in dict(Kind.choices):
        raise RegistryError(f"KPI {kpi.code!r}: unknown group {kpi.group!r} or kind {kpi.kind!r}")
    _registry[kpi.code] = kpi
    return kpi


def _origin(kpi: KPI) -> str:
    return getattr(kpi.records, "__module__", "")


def unregister(code: str) -> None:
    _registry.pop(code, None)


def all_kpis() -> list[KPI]:
    """Every registered KPI in the order of the four battles, then each app's own order."""
    groups = [value for value, _label in Group.choices]
    return sorted(_registry.values(), key=lambda k: (groups.index(k.group), k.order, k.code))


def get_kpi(code: str) -> KPI | None:
    return _registry.get(code)


def autodiscover():
    autodiscover_modules("kpis")
