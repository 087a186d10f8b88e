"""Which writes make which dashboard figures stale, and marking them so.

A KPI's models are derived from its records' query, so nobody has to keep a list in step with
the definition: the model queried, every table it joins, every model of a subquery in its
filters or annotations (Exists, Subquery, `pk__in=<queryset>`), and the models along its town
lookup (an enterprise moved to another town moves its records in the ranking). `KPI.models`
adds any the query cannot show.

Writes: every save and delete through the ORM (post_save / post_delete, any model), and the
bulk writes of imports, which go through core.changelog.log_rows and send
core.changelog.records_changed. The KPIs' versions are bumped once per transaction, after it
commits (a rolled-back import leaves the cache alone), and a refresh of the default periods is
queued so the next leader finds those figures warm again.
"""

import logging
import threading
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.expressions import BaseExpression
from django.db.models.sql import Query

from ..periods import make_period
from ..registry import KPI, all_kpis
from . import figures
from .registry import all_funnels

logger = logging.getLogger(__name__)


def _tables() -> dict:
    return {model._meta.db_table: model._meta.label for model in apps.get_models()}


def _walk(node, found: set, tables: dict, depth=0):
    if depth > 20 or node is None:
        return
    if isinstance(node, Query):
        found.add(node.model._meta.label)
        for join in node.alias_map.values():
            label = tables.get(getattr(join, "table_name", None))
            if label:
                found.add(label)
        _walk(node.where, found, tables, depth + 1)
        for expression in node.annotations.values():
            _walk(expression, found, tables, depth + 1)
        return
    inner = getattr(node, "query", None)
    if isinstance(inner, Query):
        _walk(inner, found, tables, depth + 1)
    for attr in ("lhs", "rhs"):
        part = getattr(node, attr, None)
        if isinstance(part, (Query, BaseExpression)) or hasattr(part, "query"):
            _walk(getattr(part, "query", part), found, tables, depth + 1)
    for child in getattr(node, "children", None) or ():
        _walk(child, found, tables, depth + 1)
    if isinstance(node, BaseExpression):
        for source in node.get_source_expressions():
            _walk(source, found, tables, depth + 1)


def models_of(kpi: KPI) -> set[str]:
    """The labels of the models whose writes can change `kpi`'s figure."""
    from django.utils import timezone

    found = set(kpi.models)
    queryset = kpi.records(make_period(timezone.localdate().year, "Y"))
    _walk(queryset.query, found, _tables())
    model = queryset.model
    for part in kpi.town_lookup.split("__"):
        field = model._meta.get_field(part)
        found.add(model._meta.label)
        if field.related_model is None:
            break
        model = field.related_model
        found.add(model._meta.label)
    return found


def dashboard_kpis() -> list[KPI]:
    """Every KPI and every funnel step: all that the dashboard caches."""
    steps = [step for funnel in all_funnels() for step in funnel.steps]
    combined = [funnel.combined for funnel in all_funnels() if funnel.combined is not None]
    return [*all_kpis(), *steps, *combined]


_by_model: dict[str, set[str]] | None = None


def codes_by_model() -> dict[str, set[str]]:
    global _by_model
    if _by_model is None:
        mapping: dict[str, set[str]] = {}
        for kpi in dashboard_kpis():
            for label in models_of(kpi):
                mapping.setdefault(label, set()).add(kpi.code)
        _by_model = mapping
    return _by_model


def reset():
    """Forget the derived mapping (tests that register KPIs of their own)."""
    global _by_model
    _by_model = None


def bump(codes) -> None:
    """Give each KPI a new version: every cached figure of it misses from now on."""
    if codes:
        cache.set_many({key: uuid.uuid4().hex[:12] for key in figures.version_keys(codes).values()}, None)


_pending = threading.local()


def records_changed(label: str) -> None:
    """Records of model `label` were written: after the transaction commits, bump its KPIs."""
    codes = codes_by_model().get(label)
    if not codes:
        return
    pending = getattr(_pending, "codes", None)
    connection = transaction.get_connection()
    # A rolled-back transaction drops its on-commit callbacks: then start a new batch.
    if pending is None or not any(item[1] is _flush for item in connection.run_on_commit):
        pending = _pending.codes = set(codes)
        transaction.on_commit(_flush)
        return
    pending.update(codes)


def _flush():
    codes = getattr(_pending, "codes", None) or set()
    _pending.codes = None
    bump(codes)
    from .tasks import queue_refresh

    queue_refresh(sorted(codes))


def on_save(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures loading
    records_changed(sender._meta.label)


def on_bulk(sender, **kwargs):
    records_changed(sender._meta.label)
