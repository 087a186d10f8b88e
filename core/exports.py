"""Spreadsheet and CSV export of querysets, streamed, with formula-injection escaping.

Used by every list page's export button (the filtered rows) and by export commands.
Rows are read with `values_list` in chunks, so 50,000 rows never become 50,000 model objects.
"""

import csv
import datetime as dt
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .perf.xlsx import Column, Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value a spreadsheet will show, never run: text starting with = + - @ gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class ExportColumn:
    """One exported column: header text, the ORM path read with values_list, optional display map."""

    def __init__(self, header, path, choices=None, width=14):
        self.header = header
        self.path = path
        self.choices = dict(choices) if choices else None
        self.width = width

    def display(self, value):
        if self.choices is not None and isinstance(value, list):
            # A multiple-choice field (a JSON list of codes) is one cell of labels: 技术、资金
            return "、".join(str(self.choices.get(v, v)) for v in value)
        if self.choices is not None and value is not None:
            label = self.choices.get(value, value)
            return str(label)  # choice labels are lazy translations; a spreadsheet needs text
        return value


def write_xlsx(path_or_file, columns, rows, *, sheet_name="数据"):
    """Write rows with the portal's one xlsx writer (core.perf.xlsx: streamed, constant memory).

    The header row is bold on blue with borders and frozen; dates show as yyyy-mm-dd. Text is
    always written as text, never as a formula (safe_cell has already quoted formula-like text).
    """
    with Workbook(path_or_file) as book:
        widths = [Column(column.width) for column in columns]
        with book.sheet(sheet_name, columns=widths, freeze=(1, 0), blank_cells=True) as sheet:
            sheet.row([column.header for column in columns], style="header")
            for row in rows:
                sheet.row(row)


class _Echo:
    def write(self, value):
        return value


def _cells(columns, rows):
    for row in rows:
        yield [safe_cell(col.display(value)) for col, value in zip(columns, row, strict=True)]


def iter_rows(queryset, columns, chunk_size=5000):
    paths = [c.path for c in columns]
    return _cells(columns, queryset.values_list(*paths).iterator(chunk_size=chunk_size))


def _xlsx(columns, cells, filename):
    # A spooled temp file keeps small exports in memory and large ones on disk.
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(buffer, columns, cells)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{filename}.xlsx")


def _csv(columns, cells, filename):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # BOM so Excel on Windows opens the UTF-8 file in Chinese correctly
        yield writer.writerow([c.header for c in columns])
        for row in cells:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}.csv"
    return response


def xlsx_response(queryset, columns, filename):
    return _xlsx(columns, iter_rows(queryset, columns), filename)


def csv_response(queryset, columns, filename):
    return _csv(columns, iter_rows(queryset, columns), filename)


def rows_response(columns, rows, filename, export_format="xlsx"):
    """Export rows computed in Python (a ranking, say) rather than read from a queryset:
    one value per column in each row, with the same display maps and formula escaping."""
    cells = _cells(columns, rows)
    return _csv(columns, cells, filename) if export_format == "csv" else _xlsx(columns, cells, filename)


def _quote(name):
    from urllib.parse import quote

    return quote(name)


def export_filename(stem):
    return f"{stem}-{timezone.localdate():%Y%m%d}"
