"""The passes over a table's rows: ``plan_import`` checks every row (writing nothing),
``apply_import`` checks again inside one transaction and writes through the bulk writer."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from .. import changelog
from ..spreadsheets import Table, gc_paused, normalize_header, read_table, to_text
from .spec import ImportContext, ImportSpec, RowRejected, Write, display_value
from .writer import BulkWriter

CHUNK_SIZE = 2000  # rows validated, fetched and written together
ERROR_CAP = 1000  # errors kept on an ImportRun (the report is rebuilt from the file beyond that)
SAMPLE_SIZE = 10
MAX_HINTS = 3  # codes suggested for a broken credit code
BACKGROUND_ROWS = 2000  # more rows than this: the web flow runs in a Celery task

# Columns the portal itself writes into files that come back: the error report's 错误说明
# (uploading the corrected report is the advised way to fix a file). Never warned about.
REPORT_NOTE_HEADER = "错误说明"
KNOWN_EXTRA_HEADERS = {normalize_header(REPORT_NOTE_HEADER)}

PHASE_READ = "读取文件"
PHASE_CHECK = "检查数据"
PHASE_WRITE = "写入数据库"

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
        return [
            f"未识别的列“{' '.join(h.split())}”，已忽略"
            for h in self.table.ignored_headers
            if normalize_header(h) not in KNOWN_EXTRA_HEADERS
        ]

    def summary(self) -> dict:
        """The summary of docs/domain.md §5: new, updated, unchanged, skipped, errors (row, column, message)."""
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
    writer = BulkWriter(plan.spec, actor=actor, batch=batch, chunk_size=CHUNK_SIZE)
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
        self.hints = []  # (RowError, shown value, CreditCodeError-like, values, column key)

    def fail(self, number, problems, shown, *, in_cells=False):
        plan = self.plan
        plan.counts["errors"] += 1
        errors = [RowError(number, self.labels.get(k, k), shown(k), message, k) for k, message in problems]
        plan.errors.extend(errors)
        if in_cells:  # found without the database: apply_import need not look for them again
            plan.checked_rows_failed += 1
            plan.check_errors.extend(errors)
        return errors

    def settle_hints(self, first_seen: dict) -> None:
        """Reword the broken cells that suggested codes, once every row's code is known: a code
        another row of the file or another record has is never suggested (a broken check
        character must not be "fixed" into the next row's code). One query for the pass."""
        if not self.hints:
            return
        if self.writer is not None:
            self.writer.flush()  # the COPYs running in the background hold the connection
        by_column: dict[str, set] = {}
        for _, _, exc, _, column_key in self.hints:
            by_column.setdefault(column_key, set()).update(exc.candidates)
        taken = {
            column_key: self.spec.taken_candidates(column_key, codes, set(first_seen), self.ctx)
            for column_key, codes in by_column.items()
        }
        for error, prefix, exc, values, column_key in self.hints:
            holders = taken[column_key]
            kept = [
                c
                for c in exc.candidates
                if c not in holders or (holders[c] is not None and self.spec.holder_is_row(values, holders[c]))
            ]
            error.message = f"{prefix}{exc.message_for(kept[:MAX_HINTS])}"
        self.hints = []

    def check(self, rows, first_seen: dict) -> list[tuple[int, dict]]:
        """Parse every cell and run the row rules; rows that pass come back as (number, values)."""
        spec, ctx, counts = self.spec, self.ctx, self.plan.counts
        parsers = spec.parsers(ctx)
        required = [c for c in spec.columns if c.required]
        key, label = spec.key, spec.key_label or self.labels[spec.key]
        row_key = spec.row_key_getter()
        ready = []
        for srow in rows:
            cells = srow.values
            if spec.is_blank(cells):
                counts["skipped"] += 1
                continue
            values, problems, hinted = {}, [], []
            for column_key, cell in cells.items():
                if cell is None:
                    values[column_key] = None
                    continue
                try:
                    values[column_key] = parsers[column_key](cell)
                except ValueError as exc:
                    values[column_key] = None
                    prefix = f"“{_shown(cell)}”"
                    if getattr(exc, "candidates", None):  # reworded once the file's codes are known
                        hinted.append((len(problems), prefix, exc, column_key))
                    problems.append((column_key, f"{prefix}{exc}"))
            failed = {k for k, _ in problems}
            for column in required:
                if values.get(column.key) is None and column.key not in failed:
                    problems.append((column.key, f"缺少{column.label}"))
            problems.extend(spec.check(values, ctx))
            code = row_key(values) if values.get(key) is not None else None
            if code is not None:
                if code in first_seen:
                    problems.append((key, f"与第{first_seen[code]}行的{label}重复"))
                else:
                    first_seen[code] = srow.number
            if problems:
                errors = self.fail(srow.number, problems, lambda k, cells=cells: _shown(cells.get(k)), in_cells=True)
                self.hints += [(errors[i], prefix, exc, values, k) for i, prefix, exc, k in hinted]
                continue
            ready.append((srow.number, values))
        return ready

    def fetch(self, ready: list[tuple[int, dict]]) -> dict:
        if self.writer is not None:
            self.writer.flush()  # the COPYs running in the background hold the connection
        row_key = self.spec.row_key_getter()
        return self.spec.fetch([row_key(values) for _, values in ready], self.ctx) if ready else {}

    def build(self, ready: list[tuple[int, dict]], handled: int, existing: dict, then=None):
        """Compare a chunk of checked rows with `existing` and (when writing) write them.

        `then` fetches the next chunk's existing records: it runs after this chunk's queries
        and before its COPYs start, so that building the next chunk overlaps the loading of
        this one. Returns what `then` returned.
        """
        spec, ctx, plan = self.spec, self.ctx, self.plan
        row_key, counts = spec.row_key_getter(), plan.counts
        errors_before = len(plan.errors)
        chunk_writes: list[Write] = []
        for number, values in ready:
            try:
                writes = spec.build(values, existing.get(row_key(values)), ctx)
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
        try:
            self._pipeline(chunks, check)
        except ImportAborted:
            self.settle_hints(first_seen)
            raise
        self.settle_hints(first_seen)
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
