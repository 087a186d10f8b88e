"""Spreadsheets built inside the tests: the import template, messy variants, CSV in two encodings."""

import csv
import io

import openpyxl

from core.demo_codes import credit_code
from enterprises.importers import ENTERPRISE_COLUMNS

LABELS = [c.label for c in ENTERPRISE_COLUMNS]
KEYS = [c.key for c in ENTERPRISE_COLUMNS]


def code(n: int) -> str:
    """A valid 统一社会信用代码 (海门 division) for serial n."""
    return credit_code(40_000_000 + n)


def wrong_check(n: int) -> tuple[str, str]:
    """(a code whose check character is wrong, the valid code) — differs in the last character."""
    good = code(n)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    return bad, good


def row(n: int = 1, **values) -> dict:
    """One template row, by column key; keys not given are left empty."""
    base = {"name": f"江苏海门测试{n:03d}科技有限公司", "credit_code": code(n)}
    base.update(values)
    return base


def xlsx(
    rows,
    *,
    headers=None,
    title_rows=(),
    sheet="企业名单",
    before=(),
    hidden=(),
    trailing_blank_rows=0,
    trailing_blank_cols=0,
    merge_title=False,
) -> bytes:
    """An xlsx with `headers` (labels; default the whole template) and `rows` (dicts by key, or lists).

    `before`: visible sheets (name, rows) placed first; `hidden`: hidden sheets (name, rows) placed
    first too; `title_rows`: lines above the header (merged across when `merge_title`).
    """
    headers = headers or LABELS
    book = openpyxl.Workbook()
    first = book.active
    for name, content in [*hidden, *before]:
        ws = book.create_sheet(name)
        for line in content:
            ws.append(line)
        if (name, content) in hidden:
            ws.sheet_state = "hidden"
    ws = book.create_sheet(sheet)
    book.remove(first)
    for line in title_rows:
        ws.append(list(line) if isinstance(line, list | tuple) else [line])
    if merge_title and title_rows:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(list(headers))
    for item in rows:
        ws.append(_cells(item, headers))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a user may type it
    for _ in range(trailing_blank_rows):
        ws.append([None] * (len(headers) + trailing_blank_cols))
    if trailing_blank_cols:  # formatted but empty cells to the right
        ws.cell(row=ws.max_row, column=len(headers) + trailing_blank_cols, value="")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, headers=None, encoding="utf-8-sig") -> bytes:
    headers = headers or LABELS
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    for item in rows:
        writer.writerow(["" if v is None else v for v in _cells(item, headers)])
    return text.getvalue().encode(encoding)


def _cells(item, headers):
    if isinstance(item, dict):
        by_label = {}
        for column in ENTERPRISE_COLUMNS:
            if column.key in item:
                by_label[column.label] = item[column.key]
                for alias in column.aliases:
                    by_label.setdefault(alias, item[column.key])
        return [by_label.get(h) for h in headers]
    return list(item)


def template_rows(count: int, start: int = 1, town: str = "常乐镇") -> list[dict]:
    """`count` complete, valid rows (every column of the template filled)."""
    return [
        row(
            n,
            town=town,
            founded_on="2015-06-01",
            registered_capital=500,
            industry="专用设备制造业",
            tech_field="先进制造与自动化",
            employees=100,
            rd_staff=20,
            revenue=3000,
            rd_expense=150,
            hitech_revenue=2000,
            ip_class1=1,
            ip_class2=5,
            contact_name="张三",
            contact_phone="13800000000",
            pool="强基计划",
            stage="拟申报",
            year=2023,
        )
        for n in range(start, start + count)
    ]


def read_xlsx(content: bytes, sheet=None) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]
