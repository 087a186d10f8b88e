"""The import engine every spreadsheet importer shares: column spec → row validation → bulk upsert.

Layers, from the uploaded bytes to the database (docs/importing.md says more):

1. ``core.spreadsheets.read_table`` turns an upload into a ``Table``: the sheet and header
   found (title rows, aliases, hidden sheets, GBK CSV), whole-file problems refused.
2. An ``ImportSpec`` (one per importer, e.g. ``enterprises.importers.EnterpriseImport``)
   says what a row means: its ``ImportColumn``s with a parser per cell, cross-field checks,
   how existing records are fetched for a chunk of keys, and the ``Write``s a row asks for.
3. ``plan_import`` validates every row without writing: every error with its row number,
   column and value, the rows classified new / updated / unchanged / skipped, a sample.
4. ``apply_import`` compares the checked rows with the database again inside one
   transaction and writes each chunk in bulk (``core.perf.bulk``: COPY on PostgreSQL, no query
   per row), with one change-log entry per written row, all under one batch id. An
   unchanged row produces no write and no entry.

Carriers, investment and cooperation importers are new ``ImportSpec`` subclasses; the
engine, the web flow (``core.views``), the run history (``ImportRun``) and the command
helper (``core.services.import_run_cli``) are shared.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.db import connection, transaction
from django.utils import timezone

from . import changelog
from .exports import safe_cell
from .perf import bulk, xlsx
from .spreadsheets import ColumnSpec, Table, gc_paused, read_table, to_text

CHUNK_SIZE = 2000  # rows validated, fetched and written together
ERROR_CAP = 1000  # errors kept on an ImportRun (the report is rebuilt from the file beyond that)
SAMPLE_SIZE = 10
BACKGROUND_ROWS = 2000  # more rows than this: the web flow runs in a Celery task

PHASE_READ = "读取文件"
PHASE_CHECK = "检查数据"
PHASE_WRITE = "写入数据库"


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

    kind = ""  # ImportRun.kind and the URL namespace's import pages
    title = ""  # 企业名单: the data sheet's name and the pages' titles
    model = None
    key = ""  # the column whose (normalised) value identifies a record
    columns: list[ImportColumn] = []
    write_order: list = []  # models, parents first; default [model]
    instructions: list[str] = []  # general rules for the template's 填写说明 sheet

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


# ---------------------------------------------------------------- the plan


@dataclass(slots=True)
class RowError:
    row: int | None  # the spreadsheet's own row number; None for a whole-file problem
    column: str  # the header as written in the file (the template label if the column is absent)
    value: str
    message: str
    key: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message, "key": self.key}

    @classmethod
    def from_dict(cls, data: dict) -> RowError:
        return cls(data.get("row"), data.get("column", ""), data.get("value", ""), data["message"], data.get("key", ""))


@dataclass
class ImportPlan:
    """The outcome of checking (or writing) a table: counts, every error, warnings, a sample."""

    table: Table
    spec: ImportSpec
    ctx: ImportContext
    counts: dict = field(default_factory=lambda: dict.fromkeys(("new", "updated", "unchanged", "skipped", "errors"), 0))
    errors: list[RowError] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)
    # Kept for apply_import: the rows that passed the cell checks (parsed), and those checks' errors.
    ready: list | None = None
    check_errors: list = field(default_factory=list)
    checked_rows_failed: int = 0

    @property
    def rows_total(self) -> int:
        return len(self.table.rows)

    @property
    def valid_rows(self) -> int:
        return self.counts["new"] + self.counts["updated"] + self.counts["unchanged"]

    @property
    def warnings(self) -> list[str]:
        return [f"未识别的列“{' '.join(h.split())}”，已忽略" for h in self.table.ignored_headers]

    def summary(self) -> dict:
        """The summary of docs/domain.md §5: {"new","updated","unchanged","skipped","errors":[...]}."""
        return {
            "new": self.counts["new"],
            "updated": self.counts["updated"],
            "unchanged": self.counts["unchanged"],
            "skipped": self.counts["skipped"],
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
            "warnings": self.warnings,
        }


class ImportAborted(Exception):
    """Rows failed and the user did not ask to import the valid rows: nothing was written."""

    def __init__(self, plan: ImportPlan):
        super().__init__(f"{plan.counts['errors']}行未通过校验")
        self.plan = plan


def read_upload(source, *, filename: str, spec: ImportSpec, sheet: str | None = None) -> Table:
    """Read an upload with the spec's columns (SpreadsheetError for a whole-file problem)."""
    return read_table(source, filename=filename, columns=spec.column_specs(), sheet=sheet or None)


def make_context(spec: ImportSpec, user, *, today=None, source_name="") -> ImportContext:
    """The context a spec checks rows in (its lookups loaded); also used for template dropdowns."""
    ctx = ImportContext(user=user, today=today or timezone.localdate(), source_name=source_name)
    spec.begin(ctx)
    return ctx


def prepare_plan(table: Table, spec: ImportSpec, user, *, today=None, source_name="") -> ImportPlan:
    """A plan that has not been checked yet (apply_import checks while it writes)."""
    ctx = make_context(spec, user, today=today, source_name=source_name)
    return ImportPlan(table=table, spec=spec, ctx=ctx)


def plan_import(
    table: Table, spec: ImportSpec, user, *, today=None, source_name="", progress: Callable | None = None
) -> ImportPlan:
    """Check every row against the rules and the database, writing nothing.

    The parsed values of the rows that passed are kept on the plan, so apply_import in the
    same process does not parse the cells a second time.
    """
    plan = prepare_plan(table, spec, user, today=today, source_name=source_name)
    with gc_paused():
        plan.ready = _Pass(plan, progress=progress, phase=PHASE_CHECK).run()
    return plan


def apply_import(
    plan: ImportPlan,
    user=None,
    *,
    skip_errors: bool = False,
    batch: str | None = None,
    progress: Callable | None = None,
) -> ImportPlan:
    """Write the plan's rows in one transaction; returns the outcome of the writing pass.

    A plan from plan_import is written without parsing its cells again; one from prepare_plan
    (the web flow's confirm, a later request) is parsed and checked while it is written.
    Without ``skip_errors`` a plan with errors is refused before anything is written, and a
    row that fails only now (the data changed since the plan) rolls everything back: both
    raise ImportAborted. With ``skip_errors`` failing rows are left out and reported.
    Every row is compared with the database again inside the transaction.
    """
    if plan.counts["errors"] and not skip_errors:
        raise ImportAborted(plan)
    actor = user if user is not None else plan.ctx.user
    batch = batch or changelog.new_batch_id(f"import-{plan.spec.kind}")
    result = ImportPlan(table=plan.table, spec=plan.spec, ctx=plan.ctx)
    writer = _BulkWriter(plan.spec, actor=actor, batch=batch)
    writing = _Pass(result, writer=writer, stop_on_error=not skip_errors, progress=progress, phase=PHASE_WRITE)
    with gc_paused(), transaction.atomic(), changelog.acting_as(actor, batch=batch):
        _lock_kind(plan.spec.kind)
        try:
            if plan.ready is not None:
                writing.run_checked(plan)
            else:
                writing.run()
        finally:
            writer.flush()
        _unlock_constraints()
    return result


def _lock_kind(kind: str) -> None:
    """One import of a kind writes at a time (PostgreSQL): two files naming the same new code
    would otherwise both see it missing and one would fail on the unique constraint."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(f"import:{kind}".encode())])
            # Django's foreign keys are checked at commit by default: hundreds of thousands of
            # checks in one go while nothing else can happen. Checked as each COPY runs, they
            # overlap with the next chunk being prepared (rows are written parents first).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _unlock_constraints() -> None:
    """Back to Django's deferred foreign-key checks for whatever else the transaction does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# ---------------------------------------------------------------- the pass over the rows


def _shown(cell) -> str:
    """A cell as the user sees it in Excel, for error messages (a long code stays long)."""
    if isinstance(cell, float) and abs(cell) >= 1e15:
        return f"{cell:G}"  # what Excel shows for an 18-digit code typed into a number cell
    text = to_text(cell) or ""
    return text if len(text) <= 60 else text[:57] + "…"


class _Pass:
    """One pass over a table's rows: cell parsing and checks, then fetch + build (+ write) per chunk."""

    def __init__(self, plan: ImportPlan, *, writer=None, stop_on_error=False, progress=None, phase=""):
        self.plan, self.spec, self.ctx = plan, plan.spec, plan.ctx
        self.writer, self.stop_on_error = writer, stop_on_error
        self.progress, self.phase = progress, phase
        self.labels = {c.key: plan.table.columns.get(c.key) or c.label for c in self.spec.columns}
        self.total = len(plan.table.rows)
        self.done = 0

    def fail(self, number, problems, shown, *, in_cells=False):
        plan = self.plan
        plan.counts["errors"] += 1
        errors = [RowError(number, self.labels.get(k, k), shown(k), message, k) for k, message in problems]
        plan.errors.extend(errors)
        if in_cells:  # found without the database: apply_import need not look for them again
            plan.checked_rows_failed += 1
            plan.check_errors.extend(errors)

    def check(self, rows, first_seen: dict) -> list[tuple[int, dict]]:
        """Parse every cell and run the row rules; rows that pass come back as (number, values)."""
        spec, ctx, counts = self.spec, self.ctx, self.plan.counts
        parsers = spec.parsers(ctx)
        required = [c for c in spec.columns if c.required]
        key, label = spec.key, self.labels[spec.key]
        ready = []
        for srow in rows:
            cells = srow.values
            if spec.is_blank(cells):
                counts["skipped"] += 1
                continue
            values, problems = {}, []
            for column_key, cell in cells.items():
                if cell is None:
                    values[column_key] = None
                    continue
                try:
                    values[column_key] = parsers[column_key](cell)
                except ValueError as exc:
                    values[column_key] = None
                    problems.append((column_key, f"“{_shown(cell)}”{exc}"))
            failed = {k for k, _ in problems}
            for column in required:
                if values.get(column.key) is None and column.key not in failed:
                    problems.append((column.key, f"缺少{column.label}"))
            problems.extend(spec.check(values, ctx))
            code = values.get(key)
            if code is not None:
                if code in first_seen:
                    problems.append((key, f"与第{first_seen[code]}行的{label}重复"))
                else:
                    first_seen[code] = srow.number
            if problems:
                self.fail(srow.number, problems, lambda k, cells=cells: _shown(cells.get(k)), in_cells=True)
                continue
            ready.append((srow.number, values))
        return ready

    def fetch(self, ready: list[tuple[int, dict]]) -> dict:
        if self.writer is not None:
            self.writer.flush()  # the COPYs running in the background hold the connection
        key = self.spec.key
        return self.spec.fetch([values[key] for _, values in ready], self.ctx) if ready else {}

    def build(self, ready: list[tuple[int, dict]], handled: int, existing: dict, then=None):
        """Compare a chunk of checked rows with `existing` and (when writing) write them.

        `then` fetches the next chunk's existing records: it runs after this chunk's queries
        and before its COPYs start, so that building the next chunk overlaps the loading of
        this one. Returns what `then` returned.
        """
        spec, ctx, plan = self.spec, self.ctx, self.plan
        key, counts = spec.key, plan.counts
        errors_before = len(plan.errors)
        chunk_writes: list[Write] = []
        for number, values in ready:
            try:
                writes = spec.build(values, existing.get(values[key]), ctx)
            except RowRejected as exc:
                self.fail(number, exc.problems, lambda k, values=values: display_value(values.get(k)))
                continue
            action = _action(spec, writes)
            counts[action] += 1
            if len(plan.sample) < SAMPLE_SIZE:
                plan.sample.append(_sample_row(spec, number, action, values, writes))
            chunk_writes.extend(writes)
        if self.stop_on_error and len(plan.errors) > errors_before:
            raise ImportAborted(plan)
        if self.writer is not None and chunk_writes:
            self.writer.prepare(chunk_writes, rows_left=self.total - self.done)
        following = then() if then is not None else None
        if self.writer is not None and chunk_writes:
            self.writer.submit(chunk_writes)
        self.done = min(self.total, self.done + handled)
        if self.progress is not None:
            self.progress(self.phase, self.done, self.total)
        return following

    def _pipeline(self, chunks: list, check=None) -> None:
        """Build chunk after chunk, fetching (and checking) each one a step ahead."""
        prepared = [None] * len(chunks)

        def ready_of(i):
            if prepared[i] is None:
                prepared[i] = check(chunks[i]) if check else chunks[i]
            return prepared[i]

        existing = self.fetch(ready_of(0)) if chunks else {}
        for i, chunk in enumerate(chunks):
            ready = ready_of(i)
            if i + 1 < len(chunks):
                ready_of(i + 1)  # parse the next chunk now: plain Python, while nothing waits
                then = lambda i=i: self.fetch(ready_of(i + 1))  # noqa: E731
            else:
                then = None
            existing = self.build(ready, len(chunk), existing, then)
            prepared[i] = ()  # let the chunk's parsed rows go once written (unless kept by run)

    def run(self) -> list[tuple[int, dict]]:
        """Check and build every row of the table; returns the rows that passed the checks."""
        rows, passed, first_seen = self.plan.table.rows, [], {}

        def check(chunk):
            errors_before = len(self.plan.errors)
            ready = self.check(chunk, first_seen)
            if self.stop_on_error and len(self.plan.errors) > errors_before:
                raise ImportAborted(self.plan)
            passed.extend(ready)
            return ready

        chunks = [rows[start : start + CHUNK_SIZE] for start in range(0, self.total, CHUNK_SIZE)]
        self._pipeline(chunks, check)
        # Chunks are checked a step ahead of being built: put the errors back in row order.
        self.plan.errors.sort(key=lambda e: e.row or 0)
        if self.progress is not None and not self.total:
            self.progress(self.phase, 0, 0)
        return passed

    def run_checked(self, source: ImportPlan) -> None:
        """Build (and write) the rows `source` already checked, without parsing the cells again."""
        self.plan.counts["skipped"] = source.counts["skipped"]
        self.plan.counts["errors"] = source.checked_rows_failed
        self.plan.errors.extend(source.check_errors)
        self.done = source.counts["skipped"] + source.checked_rows_failed
        ready = source.ready
        self._pipeline([ready[start : start + CHUNK_SIZE] for start in range(0, len(ready), CHUNK_SIZE)])
        self.plan.errors.sort(key=lambda e: e.row or 0)


def _action(spec: ImportSpec, writes: list[Write]) -> str:
    if not writes:
        return "unchanged"
    if any(w.model is spec.model and w.instance is None for w in writes):
        return "new"
    return "updated"


def _sample_row(spec, number, action, values, writes) -> dict:
    """A row as it will be saved, for the preview: the cleaned values and, if updated, what changes."""
    changes = []
    for w in writes:
        if w.instance is not None and w.logged:
            changes += [
                f"{key}：{old if old != 'None' else '空'} → {new}" for key, (old, new) in w.extra_changes.items()
            ]
        if w.instance is None or not w.changes or not w.logged:
            continue
        for name in w.changes:
            model_field = w.model._meta.get_field(name)
            old = getattr(w.instance, name)
            new = w.fields.get(name)
            if model_field.choices:
                choices = dict(model_field.choices)
                old, new = choices.get(old, old), choices.get(new, new)
            changes.append(f"{model_field.verbose_name}：{display_value(old) or '空'} → {display_value(new)}")
    return {
        "row": number,
        "action": action,
        "cells": {k: spec.display(k, v) for k, v in values.items()},
        "changes": changes,
    }


class _BulkWriter:
    """Writes a chunk's Writes model by model (parents first), then their change log.

    On PostgreSQL every query a chunk needs (new ids, updates) runs first; then the COPYs of
    the new rows and of the change-log entries run in a background thread, each table's
    COPY text being prepared while the previous one loads (core.perf.bulk.CopyPipe). `flush()`
    waits for them: the pass calls it before it next queries the database, and at the end.
    """

    def __init__(self, spec: ImportSpec, *, actor, batch: str):
        order = spec.write_order or [spec.model]
        self.rank = {model: index for index, model in enumerate(order)}
        self.actor = actor
        self.batch = batch
        self.now = timezone.now()
        self.pipe = bulk.CopyPipe() if connection.vendor == "postgresql" else None
        self._ordered: list = []
        self._ids: dict = {}  # model -> keys taken from its sequence and not used yet

    def flush(self) -> None:
        if self.pipe is not None:
            self.pipe.wait()

    def prepare(self, writes: list[Write], rows_left: int = 0) -> None:
        """Everything a chunk needs from the database: new keys, the updates (and on SQLite, all)."""
        self.flush()
        groups: dict[tuple, list[Write]] = {}
        for w in writes:
            groups.setdefault((w.model, w.instance is None), []).append(w)
        order = sorted(groups, key=lambda g: (self.rank.get(g[0], len(self.rank)), not g[1]))
        self._ordered = [(model, create, groups[(model, create)]) for model, create in order]
        if self.pipe is None:  # SQLite: the ORM, one model after another, parents first
            for model, create, group in self._ordered:
                rows = self._rows(group)
                if create:
                    for w, pk in zip(group, bulk.insert(model, rows), strict=True):
                        w.pk = pk
                else:
                    self._update(model, group, rows)
                changelog.log_rows(model=model, rows=self._log(model, group, rows), actor=self.actor, batch=self.batch)
            self._ordered = []
            return
        linked = {id(link) for w in writes for link in w.links.values()}
        for model, create, group in self._ordered:
            if create:
                # Keys from the sequence only for rows something points at or logs; taken in
                # blocks, so that few chunks wait for the sequence.
                needed = [w for w in group if w.logged or id(w) in linked]
                for w, pk in zip(needed, self._take_ids(model, len(needed), rows_left), strict=True):
                    w.pk = pk
        for model, create, group in self._ordered:  # after the keys: an update may link to a new row
            if not create:
                self._update(model, group, self._rows(group))

    def submit(self, writes: list[Write]) -> None:
        """The COPYs of the prepared chunk (new rows, then change-log entries), in the background.

        Everything is computed before the first COPY starts: the main thread must not touch
        the connection (not even for a cached content type) while a COPY runs on it.
        """
        if self.pipe is None:
            return
        jobs, entries, common = [], [], None
        for model, create, group in self._ordered:
            rows = self._rows(group)  # now that every new row has its key, links resolve
            more, common = changelog.log_entry_rows(
                model=model, rows=self._log(model, group, rows), actor=self.actor, batch=self.batch
            )
            entries += more
            if create:
                jobs.append((model, group, rows))
        self._ordered = []
        for model, group, rows in jobs:
            numbered = [(w, r) for w, r in zip(group, rows, strict=True) if w.pk is not None]
            if numbered:
                self.pipe.submit(bulk.copy_text(model, [w.pk for w, _ in numbered], [r for _, r in numbered]))
            if len(numbered) < len(group):  # the database numbers the rest
                rest = [r for w, r in zip(group, rows, strict=True) if w.pk is None]
                self.pipe.submit(bulk.copy_text(model, None, rest))
        if entries:
            self.pipe.submit(bulk.copy_text(LogEntry, None, entries, common))

    def _take_ids(self, model, count: int, rows_left: int) -> list[int]:
        pool = self._ids.setdefault(model, [])
        if len(pool) < count:
            # As many as this chunk needs for every chunk still to come: a fresh list takes its
            # keys in one query, a list of mostly updates leaves no large gap in the sequence.
            block = count * max(1, -(-rows_left // CHUNK_SIZE))
            pool.extend(bulk.next_ids(model, max(count - len(pool), min(block, 50_000))))
        taken, self._ids[model] = pool[:count], pool[count:]
        return taken

    @staticmethod
    def _rows(group: list[Write]) -> list[dict]:
        rows = []
        for w in group:
            row = dict(w.fields)
            for name, link in w.links.items():
                row[name] = link.pk
            rows.append(row)
        return rows

    def _update(self, model, group: list[Write], rows: list[dict]) -> None:
        stamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
        # Rows that change the same fields are updated together, so each UPDATE is narrow.
        by_fields: dict[tuple, list] = {}
        for w, values in zip(group, rows, strict=True):
            w.pk = w.instance.pk
            if stamped:
                values = {**values, "updated_at": self.now}  # bulk writes do not run auto_now
            by_fields.setdefault(tuple(sorted(values)), []).append((w.pk, values))
        for names, items in by_fields.items():
            bulk.update(model, items, list(names))

    @staticmethod
    def _log(model, group: list[Write], rows: list[dict]) -> list[tuple]:
        entries = []
        for w, row in zip(group, rows, strict=True):
            if not w.logged:
                continue
            if w.instance is None:
                label = w.label or str(model(**{k: v for k, v in row.items() if k not in w.links}))
                changes = {**changelog.changes_for_create(row), **w.extra_changes}
                entries.append((w.pk, label, LogEntry.Action.CREATE, changes))
            elif w.changes or w.extra_changes:
                changes = {**(w.changes or {}), **w.extra_changes}
                entries.append((w.pk, w.label or str(w.instance), LogEntry.Action.UPDATE, changes))
        return entries


# ---------------------------------------------------------------- workbooks: template, export, error report


def write_workbook(target, spec: ImportSpec, *, rows: Iterable[list] = (), choices: dict | None = None) -> int:
    """The import template (no rows) or an export in the same layout (rows in column order).

    Sheets: the data sheet (headers, column formats, dropdowns), 填写说明 (every column: required,
    how to fill it, other accepted header names), and a hidden 选项 sheet holding the dropdown
    lists. Rows are streamed (core.perf.xlsx). Text that could run as a formula is escaped.
    Returns the number of rows written.
    """
    choices = choices or {}
    listed = [(index, column) for index, column in enumerate(spec.columns) if choices.get(column.key)]
    validations = [
        xlsx.Validation(
            col=index,
            source=f"'选项'!${xlsx.column_letter(n)}$2:${xlsx.column_letter(n)}${len(choices[column.key]) + 1}",
            title=column.label,
            # A warning, not a stop: short names and aliases typed by hand are accepted too.
            message=f"请从下拉列表中选择{column.label}",
        )
        for n, (index, column) in enumerate(listed)
    ]
    with xlsx.Workbook(target) as book:
        with book.sheet(
            spec.title,
            columns=[xlsx.Column(c.width, c.kind) for c in spec.columns],
            freeze=(1, 2),
            validations=validations,
        ) as sheet:
            sheet.row(
                [c.label for c in spec.columns],
                styles={i: "header_required" if c.required else "header" for i, c in enumerate(spec.columns)},
                height=30,
            )
            for row in rows:
                sheet.row([_export_value(v) for v in row])
            count = sheet.rows_written - 1
        with book.sheet(
            "填写说明", columns=[xlsx.Column(22), xlsx.Column(8), xlsx.Column(60), xlsx.Column(34), xlsx.Column(26)]
        ) as guide:
            guide.row([f"{spec.title}导入模板 · 填写说明"], style="title")
            guide.row([])
            for line in spec.instructions:
                guide.row([line])
            guide.row([])
            guide.row(["列名", "必填", "填写要求", "也可写作（表头别名）", "示例"], style="header")
            for column in spec.columns:
                guide.row(
                    [
                        column.label,
                        "是" if column.required else "",
                        column.help,
                        "、".join(column.aliases),
                        column.example,
                    ],
                    style="wrap",
                )
        width = max((len(choices[c.key]) for _, c in listed), default=0)
        with book.sheet("选项", hidden=True) as options:
            options.row([column.label for _, column in listed])
            for r in range(width):
                options.row([choices[c.key][r] if r < len(choices[c.key]) else None for _, c in listed])
    return count


def _export_value(value):
    """A value as an export cell: choices by label, formula-like text escaped, dates as dates."""
    if value.__class__ is str:
        return safe_cell(value)
    if hasattr(value, "label"):
        return str(value.label)
    return value


def write_error_report(target, table: Table, errors: Iterable[RowError]) -> int:
    """The rows that failed, as uploaded (original columns, original order) plus 错误说明.

    Staff correct them in Excel and upload the file again: the header is on row 1 and
    错误说明 is an extra column the importer ignores. Cells in error are shaded.
    """
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        if error.row is not None:
            by_row.setdefault(error.row, []).append(error)
    width = len(table.raw_header)
    columns = [xlsx.Column(max(10, min(30, len(text) * 2 + 2))) for text in table.raw_header] + [xlsx.Column(60)]
    positions = table.positions
    count = 0
    with xlsx.Workbook(target) as book, book.sheet("错误行", columns=columns, freeze=(1, 0)) as sheet:
        sheet.row(
            table.raw_header + ["错误说明"], styles={**dict.fromkeys(range(width), "header"), width: "header_error"}
        )
        for srow in table.rows:
            problems = by_row.get(srow.number)
            if not problems:
                continue
            styles = {positions[e.key]: "bad" for e in problems if e.key in positions}
            for c in styles:
                if c < len(srow.raw) and isinstance(srow.raw[c], date):
                    styles[c] = "bad_date"
            styles[width] = "note"
            text = "；".join(f"{e.column}：{e.message}" for e in problems)
            cells = [_export_value(v) for v in srow.raw[:width]]
            cells += [None] * (width - len(cells))
            sheet.row([*cells, f"第{srow.number}行 {text}"], styles=styles)
            count += 1
    return count
