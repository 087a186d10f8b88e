"""The workbooks of an importer: the template (and the export in its layout), and the error report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..exports import safe_cell
from ..perf import xlsx
from ..spreadsheets import Table
from .engine import RowError
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
