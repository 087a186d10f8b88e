"""The import engine every spreadsheet importer shares: column spec → row validation → bulk upsert.

Layers, from the uploaded bytes to the database (docs/importing.md says more):

1. ``core.spreadsheets.read_table`` turns an upload into a ``Table``: the sheet and header
   found (title rows, aliases, hidden sheets, GBK CSV), whole-file problems refused.
2. An ``ImportSpec`` (one per importer, e.g. ``enterprises.importers.EnterpriseImport``)
   says what a row means: its ``ImportColumn``s with a parser per cell, cross-field checks,
   how existing records are fetched for a chunk of keys, and the ``Write``s a row asks for.
3. ``plan_import`` validates every row without writing: every error with its row number,
   column and value, the rows classified new / updated / unchanged / skipped, a sample.
4. ``apply_import`` runs the same pass again inside one transaction and writes each chunk
   of rows with ``bulk_create`` / ``bulk_update`` (no query per row), and writes one
   change-log entry per created or changed record, all under one batch id. An unchanged
   row produces no write and no entry.

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
from .spreadsheets import ColumnSpec, Table, read_table, to_text

CHUNK_SIZE = 2000  # rows validated, fetched and written together
BULK_BATCH = 1000  # rows per INSERT / UPDATE statement
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
    ``changes`` is the change-log diff; None means the model is not in the change log.
    """

    model: type
    fields: dict
    instance: Any = None
    changes: dict | None = None
    links: dict[str, Write] = field(default_factory=dict)
    obj: Any = None  # the saved object, once written


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
    checked: bool = False

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
        """The SPEC §5 summary: {"new","updated","unchanged","skipped","errors":[{"row","column","message"}]}."""
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
    """Check every row against the rules and the database, writing nothing."""
    plan = prepare_plan(table, spec, user, today=today, source_name=source_name)
    _run(plan, writer=None, stop_on_error=False, progress=progress, phase=PHASE_CHECK)
    plan.checked = True
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

    Without ``skip_errors`` a plan with errors is refused before anything is written, and a
    row that fails only now (the data changed since the plan) rolls everything back: both
    raise ImportAborted. With ``skip_errors`` failing rows are left out and reported.
    """
    if plan.counts["errors"] and not skip_errors:
        raise ImportAborted(plan)
    actor = user if user is not None else plan.ctx.user
    batch = batch or changelog.new_batch_id(f"import-{plan.spec.kind}")
    result = ImportPlan(table=plan.table, spec=plan.spec, ctx=plan.ctx)
    writer = _BulkWriter(plan.spec, actor=actor, batch=batch)
    with transaction.atomic(), changelog.acting_as(actor, batch=batch):
        _lock_kind(plan.spec.kind)
        _run(result, writer=writer, stop_on_error=not skip_errors, progress=progress, phase=PHASE_WRITE)
    result.checked = True
    return result


def _lock_kind(kind: str) -> None:
    """One import of a kind writes at a time (PostgreSQL): two files naming the same new code
    would otherwise both see it missing and one would fail on the unique constraint."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(f"import:{kind}".encode())])


# ---------------------------------------------------------------- the pass over the rows


def _shown(cell) -> str:
    """A cell as the user sees it in Excel, for error messages (a long code stays long)."""
    if isinstance(cell, float) and abs(cell) >= 1e15:
        return f"{cell:G}"  # what Excel shows for an 18-digit code typed into a number cell
    text = to_text(cell) or ""
    return text if len(text) <= 60 else text[:57] + "…"


def _run(plan: ImportPlan, *, writer, stop_on_error: bool, progress, phase: str) -> None:
    spec, ctx, table = plan.spec, plan.ctx, plan.table
    parsers = spec.parsers(ctx)
    labels = {c.key: table.columns.get(c.key) or c.label for c in spec.columns}
    required = [c for c in spec.columns if c.required]
    key = spec.key
    first_seen: dict = {}
    counts, rows = plan.counts, table.rows
    total = len(rows)

    def fail(number, problems, cells):
        counts["errors"] += 1
        for column_key, message in problems:
            plan.errors.append(
                RowError(number, labels.get(column_key, column_key), _shown(cells.get(column_key)), message, column_key)
            )

    for start in range(0, total, CHUNK_SIZE):
        chunk_errors = len(plan.errors)
        ready = []  # (row number, values)
        for srow in rows[start : start + CHUNK_SIZE]:
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
                    problems.append((key, f"与第{first_seen[code]}行的{labels[key]}重复"))
                else:
                    first_seen[code] = srow.number
            if problems:
                fail(srow.number, problems, cells)
                continue
            ready.append((srow, values))

        existing = spec.fetch([values[key] for _, values in ready], ctx) if ready else {}
        chunk_writes: list[Write] = []
        for srow, values in ready:
            try:
                writes = spec.build(values, existing.get(values[key]), ctx)
            except RowRejected as exc:
                fail(srow.number, exc.problems, srow.values)
                continue
            action = _action(spec, writes)
            counts[action] += 1
            if len(plan.sample) < SAMPLE_SIZE:
                plan.sample.append(_sample_row(spec, srow.number, action, values, writes))
            chunk_writes.extend(writes)

        if stop_on_error and len(plan.errors) > chunk_errors:
            raise ImportAborted(plan)
        if writer is not None and chunk_writes:
            writer.write(chunk_writes)
        if progress is not None:
            progress(phase, min(start + CHUNK_SIZE, total), total)
    if progress is not None and not total:
        progress(phase, 0, 0)


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
        if w.instance is None or not w.changes:
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
    """Writes a chunk's Writes model by model (parents first) in bulk, then their change log."""

    def __init__(self, spec: ImportSpec, *, actor, batch: str):
        order = spec.write_order or [spec.model]
        self.rank = {model: index for index, model in enumerate(order)}
        self.actor = actor
        self.batch = batch
        self.now = timezone.now()

    def write(self, writes: list[Write]) -> None:
        groups: dict[tuple, list[Write]] = {}
        for w in writes:
            groups.setdefault((w.model, w.instance is None), []).append(w)
        ordered = sorted(groups, key=lambda g: (self.rank.get(g[0], len(self.rank)), not g[1]))
        for model, create in ordered:
            group = groups[(model, create)]
            if create:
                self._create(model, group)
            else:
                self._update(model, group)
            entries = [
                (w.obj, LogEntry.Action.CREATE if create else LogEntry.Action.UPDATE, w.changes)
                for w in group
                if w.changes is not None
            ]
            if entries:
                changelog.log_bulk(model=model, entries=entries, actor=self.actor, batch=self.batch)

    def _create(self, model, group: list[Write]) -> None:
        objs = []
        for w in group:
            obj = model(**w.fields)
            for name, link in w.links.items():
                setattr(obj, name, link.obj)
            w.obj = obj
            objs.append(obj)
        # PostgreSQL (and SQLite ≥ 3.35) return the new primary keys, which the links need.
        model.objects.bulk_create(objs, batch_size=BULK_BATCH)

    def _update(self, model, group: list[Write]) -> None:
        names: set[str] = set()
        for w in group:
            for name, value in w.fields.items():
                setattr(w.instance, name, value)
            for name, link in w.links.items():
                setattr(w.instance, name, link.obj)
            names.update(w.fields)
            names.update(w.links)
            w.obj = w.instance
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            for w in group:  # bulk_update does not run auto_now
                w.obj.updated_at = self.now
            names.add("updated_at")
        # Rows that change the same fields are updated together: a narrower UPDATE per group.
        by_fields: dict[tuple, list] = {}
        for w in group:
            by_fields.setdefault(tuple(sorted({*w.fields, *w.links})), []).append(w.obj)
        extra = ["updated_at"] if "updated_at" in names else []
        for fields, objs in by_fields.items():
            model.objects.bulk_update(objs, [*fields, *extra], batch_size=BULK_BATCH // 2)


# ---------------------------------------------------------------- workbooks: template, export, error report


def write_workbook(target, spec: ImportSpec, *, rows: Iterable[list] = (), choices: dict | None = None) -> int:
    """The import template (no rows) or an export in the same layout (rows in column order).

    Sheets: the data sheet (headers, column formats, dropdowns), 填写说明 (every column: required,
    how to fill it, other accepted header names), and a hidden 选项 sheet holding the dropdown
    lists. Rows are streamed (xlsxwriter constant memory). Returns the number of rows written.
    """
    import xlsxwriter

    choices = choices or {}
    workbook = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    header_required = workbook.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "font_color": "#C00000", "text_wrap": True}
    )
    formats = {
        "text": workbook.add_format({"num_format": "@"}),
        "integer": workbook.add_format({"num_format": "0"}),
        "decimal": workbook.add_format({"num_format": "0.00"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    sheet = workbook.add_worksheet(spec.title[:31])
    options = workbook.add_worksheet("选项")
    guide = workbook.add_worksheet("填写说明")
    options.hide()

    for index, column in enumerate(spec.columns):
        sheet.set_column(index, index, column.width, formats.get(column.kind, formats["text"]))
        sheet.write_string(0, index, column.label, header_required if column.required else header)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 2)

    option_col = 0
    for index, column in enumerate(spec.columns):
        values = choices.get(column.key)
        if not values:
            continue
        options.write_string(0, option_col, column.label)
        for r, value in enumerate(values, start=1):
            options.write_string(r, option_col, value)
        letter = xlsxwriter.utility.xl_col_to_name(option_col)
        sheet.data_validation(
            1,
            index,
            200_000,
            index,
            {
                "validate": "list",
                "source": f"='选项'!${letter}$2:${letter}${len(values) + 1}",
                # A warning, not a stop: short names and aliases typed by hand are accepted too.
                "error_type": "warning",
                "error_title": column.label,
                "error_message": f"请从下拉列表中选择{column.label}",
            },
        )
        option_col += 1

    count = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            _write_cell(sheet, r, c, value, formats)
        count = r
    _write_guide(workbook, guide, spec)
    workbook.close()
    return count


def _write_cell(sheet, r, c, value, formats, cell_format=None):
    if value is None or value == "":
        if cell_format is not None:
            sheet.write_blank(r, c, None, cell_format)
        return
    if isinstance(value, datetime):
        sheet.write_datetime(r, c, value.replace(tzinfo=None), cell_format or formats["date"])
    elif isinstance(value, date):
        sheet.write_datetime(r, c, value, cell_format or formats["date"])
    elif isinstance(value, bool):
        sheet.write_string(r, c, "是" if value else "否", cell_format)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(r, c, float(value), cell_format)
    else:
        sheet.write_string(r, c, safe_cell(str(value)), cell_format)


def _write_guide(workbook, guide, spec: ImportSpec) -> None:
    title = workbook.add_format({"bold": True, "font_size": 14})
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
    guide.set_column(0, 0, 22)
    guide.set_column(1, 1, 8)
    guide.set_column(2, 2, 60)
    guide.set_column(3, 3, 34)
    guide.set_column(4, 4, 26)
    guide.write_string(0, 0, f"{spec.title}导入模板 · 填写说明", title)
    row = 2
    for line in spec.instructions:
        guide.write_string(row, 0, line)
        row += 1
    row += 1
    for c, text in enumerate(["列名", "必填", "填写要求", "也可写作（表头别名）", "示例"]):
        guide.write_string(row, c, text, head)
    for column in spec.columns:
        row += 1
        guide.write_string(row, 0, column.label, wrap)
        guide.write_string(row, 1, "是" if column.required else "", wrap)
        guide.write_string(row, 2, column.help, wrap)
        guide.write_string(row, 3, "、".join(column.aliases), wrap)
        guide.write_string(row, 4, column.example, wrap)


def write_error_report(target, table: Table, errors: Iterable[RowError]) -> int:
    """The rows that failed, as uploaded (original columns, original order) plus 错误说明.

    Staff correct them in Excel and upload the file again: the header is on row 1 and
    错误说明 is an extra column the importer ignores. Cells in error are shaded.
    """
    import xlsxwriter

    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        if error.row is not None:
            by_row.setdefault(error.row, []).append(error)
    workbook = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    header_error = workbook.add_format({"bold": True, "bg_color": "#C00000", "font_color": "#FFFFFF", "border": 1})
    bad = workbook.add_format({"bg_color": "#FFC7CE"})
    bad_date = workbook.add_format({"bg_color": "#FFC7CE", "num_format": "yyyy-mm-dd"})
    note = workbook.add_format({"font_color": "#C00000", "text_wrap": True})
    formats = {"date": workbook.add_format({"num_format": "yyyy-mm-dd"})}
    sheet = workbook.add_worksheet("错误行")
    width = len(table.raw_header)
    for c, text in enumerate(table.raw_header):
        sheet.set_column(c, c, max(10, min(30, len(text) * 2 + 2)))
        sheet.write_string(0, c, text, header)
    sheet.set_column(width, width, 60)
    sheet.write_string(0, width, "错误说明", header_error)
    sheet.freeze_panes(1, 0)

    positions = table.positions
    r = 0
    for srow in table.rows:
        problems = by_row.get(srow.number)
        if not problems:
            continue
        r += 1
        bad_columns = {positions[e.key] for e in problems if e.key in positions}
        for c, value in enumerate(srow.raw[:width]):
            if c in bad_columns:
                _write_cell(sheet, r, c, value, formats, bad_date if isinstance(value, date) else bad)
            else:
                _write_cell(sheet, r, c, value, formats)
        text = "；".join(f"{e.column}：{e.message}" for e in problems)
        sheet.write_string(r, width, f"第{srow.number}行 {text}", note)
    workbook.close()
    return r
