"""What an importer says: its columns, the context rows are checked in, and the writes a row asks for.

``ImportSpec`` is the hand-written form (every hook yours, e.g. the enterprise list);
``ModelImportSpec`` (core.importing.model_spec) derives columns from model fields and gives a
default fetch and build for an upsert on a natural key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from ..spreadsheets import ColumnSpec, to_text

# ---------------------------------------------------------------- the spec


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import template: how to recognise it, parse a cell, and explain it.

    ``parse`` turns a non-empty cell into a value or raises ``ValueError`` with a short
    Chinese reason ("不是有效的数字"); the engine adds the row, column and value.
    ``kind`` formats the template column (text keeps codes from becoming numbers).
    """

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Callable[[Any], Any] = to_text
    kind: str = "text"  # text | integer | decimal | date
    help: str = ""
    example: str = ""
    width: int = 14

    @property
    def spec(self) -> ColumnSpec:
        return ColumnSpec(self.key, self.label, self.aliases, self.required)


@dataclass
class ImportContext:
    """What a spec may consult while checking rows: who imports, when, and its lookup maps."""

    user: Any
    today: date
    source_name: str = ""
    lookups: dict = field(default_factory=dict)

    @property
    def officer_town_id(self):
        """The town a town officer is limited to (None for bureau users and the command line)."""
        user = self.user
        if user is not None and getattr(user, "role", "") == "town_officer" and not user.is_superuser:
            return user.town_id
        return None


class RowRejected(Exception):
    """Raised by ``ImportSpec.build`` for a row that cannot be written: [(column key, message)]."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(m for _, m in problems))
        self.problems = problems


@dataclass(eq=False)
class Write:
    """One record to create (``instance`` None) or update, as asked for by one row.

    ``links`` name foreign keys to records created by an earlier ``Write`` of the same row
    (an enterprise's first yearly figures point at the enterprise created just before).
    ``changes`` is the diff of an update (it is also what the change log records); a
    create's change-log diff is made when it is written. ``extra_changes`` are changes of
    related records written by the same row, logged in this record's entry ({"2022年营业收入":
    [old, new]}), so one row makes one entry. ``logged`` False keeps a write out of the change
    log (its changes are in another's ``extra_changes``, or it is a history row itself);
    ``label`` names the record there (default ``str()`` of it, which may cost a query).
    An update with no ``fields`` but ``extra_changes`` only marks the record updated.
    """

    model: type
    fields: dict
    instance: Any = None
    changes: dict | None = None
    links: dict[str, Write] = field(default_factory=dict)
    extra_changes: dict = field(default_factory=dict)
    logged: bool = True
    label: str = ""
    pk: int | None = None  # set once written


class ImportSpec:
    """What one importer knows; subclass per model (see enterprises.importers)."""

    kind = ""  # the importer's registered name (import_data NAME) and ImportRun.kind
    title = ""  # 企业名单: the data sheet's name and the pages' titles
    model = None
    key = ""  # the column whose (normalised) value identifies a record
    columns: list[ImportColumn] = []
    write_order: list = []  # models, parents first; default [model]
    instructions: list[str] = []  # general rules for the template's 填写说明 sheet

    key_label = ""  # how a duplicate's message names the key (default: the key column's header)
    # The list page's filter taking an import's change-log batch id (?batch=…): the run page's
    # 查看… link opens the records the import created or changed. None: a plain link, if any.
    batch_filter: str | None = None

    def row_key_getter(self) -> Callable[[dict], Any]:
        """The identity of a checked row (duplicates, fetch, existing): the key column's value."""
        return itemgetter(self.key)

    def column_specs(self) -> list[ColumnSpec]:
        return [c.spec for c in self.columns]

    def column(self, key) -> ImportColumn:
        return next(c for c in self.columns if c.key == key)

    def begin(self, ctx: ImportContext) -> None:
        """Load whatever lookups the parsers need (towns, institutions) into ``ctx.lookups``."""

    def parsers(self, ctx: ImportContext) -> dict[str, Callable]:
        return {c.key: c.parse for c in self.columns}

    def is_blank(self, cells: dict) -> bool:
        """A row none of whose required columns has a value: blank, skipped, not an error."""
        required = [c.key for c in self.columns if c.required] or [self.key]
        return all(cells.get(k) is None for k in required)

    def check(self, values: dict, ctx: ImportContext) -> list[tuple[str, str]]:
        """Cross-field rules that need no database: [(column key, message)]."""
        return []

    def fetch(self, keys: list, ctx: ImportContext) -> dict:
        """The existing state of these keys, in a few queries: {key: whatever build() needs}."""
        raise NotImplementedError

    def build(self, values: dict, existing, ctx: ImportContext) -> list[Write]:
        """The writes this row asks for (empty: unchanged); raise RowRejected to refuse it."""
        raise NotImplementedError

    def taken_candidates(self, column_key: str, candidates: set, file_keys: set, ctx: ImportContext) -> dict:
        """Which of the codes suggested for broken cells of ``column_key`` someone else has:
        {code: who has it} — the holder's name, or None for another row of the file. The
        engine never suggests them (a row's code "fixed" into the next row's). One call per
        pass, so a query here is one query, not one per row. Default: the file's keys."""
        if column_key != self.key:
            return {}
        return dict.fromkeys(candidates & file_keys)

    def holder_is_row(self, values: dict, holder) -> bool:
        """Whether a stored code's holder (from ``taken_candidates``) is the row's own record
        (then the code is the row's, not someone else's, and stays a suggestion)."""
        return False

    def choices(self, ctx: ImportContext) -> dict[str, list[str]]:
        """Dropdown lists for the template, by column key."""
        return {}

    def export_rows(self, queryset) -> Iterator[list]:
        """Rows in column order for an export that imports back unchanged."""
        raise NotImplementedError

    def display(self, key: str, value) -> str:
        return display_value(value)


def display_value(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "是" if value else "否"
    if hasattr(value, "label"):  # a TextChoices member
        return str(value.label)
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
