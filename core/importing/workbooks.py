"""The workbooks of an importer: the template (and the export in its layout), and the error report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..exports import safe_cell
from ..perf import xlsx
from ..spreadsheets import Table, normalize_header
from .engine import KNOWN_EXTRA_HEADERS, REPORT_NOTE_HEADER, RowError
from .spec import ImportSpec


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
    """Every row of the upload, as uploaded (original columns, original order), plus 错误说明.

    The corrected report replaces the first file: staff fix the shaded cells in Excel and
    upload it again, and every row is imported — the good ones too (new if nothing was
    written, unchanged if "仅导入正确的行" wrote them), so none is left waiting. The header is
    on row 1; 错误说明 (empty for good rows) is a column the importer knows and ignores, and a
    report of a report carries one 错误说明, the new one. Returns the number of failing rows.
    """
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        if error.row is not None:
            by_row.setdefault(error.row, []).append(error)
    # The uploaded file's own 错误说明 (it was a report) is replaced, not repeated.
    kept = [i for i, text in enumerate(table.raw_header) if normalize_header(text) not in KNOWN_EXTRA_HEADERS]
    place = {old: new for new, old in enumerate(kept)}
    width = len(kept)
    header = [table.raw_header[i] for i in kept]
    columns = [xlsx.Column(max(10, min(30, len(text) * 2 + 2))) for text in header] + [xlsx.Column(60)]
    positions = {k: place[i] for k, i in table.positions.items() if i in place}
    failed = 0
    with xlsx.Workbook(target) as book, book.sheet("导入数据", columns=columns, freeze=(1, 0)) as sheet:
        styles = {**dict.fromkeys(range(width), "header"), width: "header_error"}
        sheet.row([*header, REPORT_NOTE_HEADER], styles=styles)
        for number, srow in enumerate(table.rows, 2):  # the report's own row numbers
            raw = srow.raw
            cells = [_export_value(raw[i]) if i < len(raw) else None for i in kept]
            problems = by_row.get(srow.number)
            if not problems:
                sheet.row([*cells, None])
                continue
            styles = {positions[e.key]: "bad" for e in problems if e.key in positions}
            for c in styles:
                if isinstance(cells[c], date):
                    styles[c] = "bad_date"
            styles[width] = "note"
            text = "；".join(f"{e.column}：{e.message}" for e in problems)
            where = "" if srow.number == number else f"（原文件第{srow.number}行）"
            sheet.row([*cells, f"{text}{where}"], styles=styles)
            failed += 1
    return failed
