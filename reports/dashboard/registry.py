"""What apps contribute to the dashboard besides their KPIs: funnels and warnings.

Like the KPI registry, reports/ knows no app's models: an app registers its funnels and its
warnings from its own `kpis.py` (which ReportsConfig.ready already imports), each bringing the
querysets and URLs that the dashboard only counts, groups and links to.

- A Funnel is an ordered list of steps; each step is a reports.registry.KPI that is not
  registered as a KPI of its own (its code is "<funnel>#<n>"), so the dashboard computes,
  caches, invalidates and drills into a step exactly as it does a KPI (one grouped query for
  all towns, the same data scope on the records list).
- A Warning counts what needs attention in the user's scope (`count(user, today)`, one query)
  and links to the list of exactly those records (`url(user, today)`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..registry import KPI, RegistryError


@dataclass(frozen=True)
class Funnel:
    """A chain of stages whose counts shrink: a pool from 培育库 to 已认定, the project pipeline."""

    code: str
    name: str
    group: str
    steps: list[KPI] = field(default_factory=list)
    note: str = ""
    order: int = 0
    # Optional: one KPI whose aggregates "s0", "s1", ... are the steps' figures, so the funnel's
    # figures take one scan of its records instead of one per step (the steps still give each
    # step's records list, and a test checks both agree).
    combined: KPI | None = None


@dataclass(frozen=True)
class Warning:
    """An item for the dashboard's "needs attention" panel.

    Either `records(user, today)`: the queryset of those records in the user's scope; the count
    is its count and the dashboard lists them itself (/dashboard/warnings/<code>/, with `columns`);
    or `count(user, today)` with `url(user, today)`: an app's own list page of exactly those records.
    severity: "danger" for something already late, "warning" for something coming up.
    """

    code: str
    label: str
    records: Callable[[object, dt.date], object] | None = None
    columns: list = field(default_factory=list)
    count: Callable[[object, dt.date], int] | None = None
    url: Callable[[object, dt.date], str | None] | None = None
    severity: str = "warning"
    order: int = 0

    def count_for(self, user, today) -> int:
        if self.count is not None:
            return self.count(user, today)
        return self.records(user, today).count()

    def url_for(self, user, today) -> str | None:
        if self.url is not None:
            return self.url(user, today)
        from django.urls import reverse

        return reverse("reports:dashboard_warning", args=[self.code])


_funnels: dict[str, Funnel] = {}
_warnings: dict[str, Warning] = {}


def register_funnel(funnel: Funnel) -> Funnel:
    for index, step in enumerate(funnel.steps):
        if step.code != step_code(funnel.code, index):
            raise RegistryError(
                f"Funnel {funnel.code!r}: step {index} must have code {step_code(funnel.code, index)!r}"
            )
    _funnels[funnel.code] = funnel
    return funnel


def step_code(funnel_code: str, index: int) -> str:
    return f"{funnel_code}#{index}"


def register_warning(warning: Warning) -> Warning:
    if warning.records is None and (warning.count is None or warning.url is None):
        raise RegistryError(f"Warning {warning.code!r} needs records, or count and url")
    _warnings[warning.code] = warning
    return warning


def unregister_funnel(code: str) -> None:
    _funnels.pop(code, None)


def unregister_warning(code: str) -> None:
    _warnings.pop(code, None)


def all_funnels() -> list[Funnel]:
    return sorted(_funnels.values(), key=lambda f: (f.order, f.code))


def get_funnel(code: str) -> Funnel | None:
    return _funnels.get(code)


def all_warnings() -> list[Warning]:
    return sorted(_warnings.values(), key=lambda w: (w.order, w.code))


def get_warning(code: str) -> Warning | None:
    return _warnings.get(code)


def get_step(code: str) -> KPI | None:
    """A funnel step by its code "<funnel>#<n>"."""
    funnel_code, _sep, index = code.rpartition("#")
    funnel = _funnels.get(funnel_code)
    if funnel is None or not index.isdigit() or int(index) >= len(funnel.steps):
        return None
    return funnel.steps[int(index)]
