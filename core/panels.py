"""Panels on the enterprise page: each app shows its records of one enterprise without the
enterprises app knowing the app (docs/architecture.md, "Panels on the enterprise page").

An app lists its panels in `<app>/panels.py` with `register(Panel(...))`; core finds those
modules the way Django finds `admin.py` (core never imports an app by name), and the enterprise
page asks `for_enterprise(enterprise, user)` for the panels to show:

    register(Panel(
        code="tenancies", title=_("入驻载体"), model=Tenancy, order=10,
        columns=[Column(_("载体"), "carrier", link=True), Column(_("入驻日期"), "moved_in_on")],
        select_related=("carrier",), ordering=("-moved_in_on",),
        add_url="carriers:tenancy_add",  # → /carriers/tenants/new/?enterprise=<id>
    ))

Rules the registry keeps for every panel, whoever wrote it:
- the rows are the panel model's `objects.for_user(user)` — the one data scope (core.scope) —
  filtered to the enterprise by `enterprise_field`: an officer sees on their enterprise's page
  only the records they would see in the lists;
- one query per panel, whatever the number of rows: the first `limit` rows with their total
  (a window COUNT in the same SELECT), and only `select_related` — no prefetch. The enterprise
  page's pinned query count grows by exactly one per registered panel (`"per_panel"` in
  enterprises/tests/query_counts.json, read by core.testing);
- the add button is shown only to those who may create the model (`scope.can_create`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Model, QuerySet, Window
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from . import scope
from .formatting import format_day, format_money

_REGISTRY: dict[str, Panel] = {}
_discovered = False

TOTAL = "panel_total"  # the window COUNT's alias on every row


@dataclass(frozen=True)
class Column:
    """One column of a panel's table.

    `value`: an attribute path of the row ("carrier__name" or "carrier.name"; a choice field
    shows its label) or a callable(row). `link`: True links the cell to the row's page (its
    model's `<app>:<model>_detail` route, when it has one), a callable(row) to the URL it
    gives (a record the row refers to, in the same scope). `money`: a 万元 figure in the portal's money
    format, right-aligned; `numeric`: right-aligned.
    """

    header: str
    value: str | Callable[[Model], object]
    link: bool | Callable[[Model], str] = False
    money: bool = False
    numeric: bool = False

    def cell(self, row):
        value = self.value(row) if callable(self.value) else _resolve(row, self.value)
        if value is None or value == "":
            return "—"
        if self.money:
            return format_money(value, unit=False)
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, (dt.date, dt.datetime)):
            return format_day(value)
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value

    @property
    def right(self):
        return self.money or self.numeric


@dataclass(frozen=True)
class Panel:
    """One panel: the records of `model` that belong to the enterprise whose page is shown.

    code: unique name (the section's HTML id is `panel-<code>`); title: its heading; order: its
        place among the panels (lower first).
    enterprise_field: the lookup from a row to its enterprise ("enterprise", or "enterprises"
        for a record of several enterprises).
    columns: the table; select_related / ordering: what the one query reads and in which order.
    queryset(qs, enterprise): a further narrowing or annotation of the rows (no prefetch: one query).
    limit: rows shown; the heading gives the total, and `list_url(enterprise)` the full list.
    add_url: the add page, shown to those who may create the model — a route name (the URL gets
        `?enterprise=<id>` to preselect it; a route not mounted yet shows no button) or a
        callable(enterprise) giving the URL.
    visible(user): whether the user sees the panel at all (default: everyone who sees the page).
    unit: a note under the table ("金额单位：万元").
    """

    code: str
    title: str
    model: type[Model]
    columns: Sequence[Column]
    order: int = 100
    enterprise_field: str = "enterprise"
    select_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("-pk",)
    queryset: Callable[[QuerySet, Model], QuerySet] | None = None
    limit: int = 10
    add_url: str | Callable[[Model], str] | None = None
    list_url: Callable[[Model], str] | None = None
    visible: Callable[[object], bool] | None = None
    unit: str = ""
    empty: str = field(default="")

    @property
    def app_label(self):
        return self.model._meta.app_label

    def rows(self, enterprise, user) -> QuerySet:
        """The user's rows of this enterprise, each annotated with the total (`panel_total`)."""
        qs = self.model.objects.for_user(user).filter(**{self.enterprise_field: enterprise})
        if self.queryset is not None:
            qs = self.queryset(qs, enterprise)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs.annotate(**{TOTAL: Window(Count("pk"))}).order_by(*self.ordering)


@dataclass
class BoundPanel:
    """A panel as the page shows it: its rows' cells, total, links."""

    panel: Panel
    cells: list[list[tuple[object, str, bool]]]  # per row: (text, url or "", right-aligned)
    total: int
    add_url: str
    list_url: str

    @property
    def code(self):
        return self.panel.code

    @property
    def title(self):
        return self.panel.title

    @property
    def columns(self):
        return self.panel.columns

    @property
    def shown(self):
        return len(self.cells)

    @property
    def more(self):
        return self.total > len(self.cells)

    @property
    def rows_labelled(self):
        """Per row: (header, text, url) — the phone's card of each row."""
        headers = [c.header for c in self.panel.columns]
        return [[(h, text, url) for h, (text, url, _right) in zip(headers, row, strict=True)] for row in self.cells]


def register(panel: Panel) -> Panel:
    """Register a panel under its code (a second panel with the same code from elsewhere is an error)."""
    known = _REGISTRY.get(panel.code)
    if known is not None and known.model is not panel.model:
        raise ValueError(f"two enterprise panels named {panel.code!r}: {known.model.__name__}, {panel.model.__name__}")
    _REGISTRY[panel.code] = panel
    return panel


def _discover():
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("panels")


def panels() -> list[Panel]:
    """Every registered panel, in page order."""
    _discover()
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.code))


def get_panel(code: str) -> Panel:
    _discover()
    return _REGISTRY[code]


def for_enterprise(enterprise, user) -> list[BoundPanel]:
    """The panels `user` sees on `enterprise`'s page, each read in one query."""
    return [bind(p, enterprise, user) for p in panels() if p.visible is None or p.visible(user)]


def bind(panel: Panel, enterprise, user) -> BoundPanel:
    """One panel's rows for the page: one query (rows and total), then no more."""
    rows = list(panel.rows(enterprise, user)[: panel.limit])
    total = getattr(rows[0], TOTAL) if rows else 0
    detail = _detail_route(panel.model)
    cells = [[(c.cell(row), _link(c, row, detail), c.right) for c in panel.columns] for row in rows]
    may_add = panel.add_url is not None and scope.can_create(user, panel.model)
    return BoundPanel(
        panel=panel,
        cells=cells,
        total=total,
        add_url=_add_url(panel.add_url, enterprise) if may_add else "",
        list_url=panel.list_url(enterprise) if panel.list_url is not None and total > len(rows) else "",
    )


def _add_url(add_url, enterprise) -> str:
    if callable(add_url):
        return add_url(enterprise) or ""
    try:
        return f"{reverse(add_url)}?enterprise={enterprise.pk}"
    except NoReverseMatch:
        return ""


def _link(column, row, detail: bool) -> str:
    if callable(column.link):
        return column.link(row) or ""
    return row.get_absolute_url() if column.link and detail else ""


def _detail_route(model) -> bool:
    try:
        reverse(f"{model._meta.app_label}:{model._meta.model_name}_detail", args=[0])
    except NoReverseMatch:
        return False
    return True


def _resolve(obj, path: str):
    """`carrier__name` / `carrier.name` on a row; a choice field gives its label."""
    parts = path.replace("__", ".").split(".")
    for name in parts[:-1]:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    last = parts[-1]
    display = getattr(obj, f"get_{last}_display", None)
    return display() if display is not None else getattr(obj, last, None)
