"""Spreadsheet and CSV export of querysets, streamed, with formula-injection escaping.

Used by every list page's export button (the filtered rows) and by export commands.
Rows are read with `values_list` in chunks, so 50,000 rows never become 50,000 model objects.
"""

import csv
import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .perf.xlsx import Column, Workbook, column_letter

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


@dataclass(frozen=True)
class Heading:
    """What a filed list export says above its table: the list, its filter, who exported it and when."""

    title: str
    filters: list = field(default_factory=list)  # [(label, shown value)]
    who: str = ""
    when: dt.datetime | None = None

    def text(self) -> str:
        shown = "；".join(f"{label}：{value}" for label, value in self.filters) or "全部"
        when = timezone.localtime(self.when).strftime("%Y-%m-%d %H:%M") if self.when else ""
        return f"{self.title}　筛选条件：{shown}　导出人：{self.who}　导出时间：{when}"


SAMPLE_ROWS = 200  # rows read ahead to size the columns of a filed export (it still streams)


def display_width(value) -> int:
    """Columns a value takes in Excel: CJK and full-width characters count two."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10 if not isinstance(value, dt.datetime) else 16
    text = str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def fitted_widths(headers, sample, *, least=6, most=60) -> list[float]:
    """Column widths from the header and the first rows: wide enough to read, never a wall."""
    widths = []
    for index, header in enumerate(headers):
        content = max((display_width(row[index]) for row in sample), default=0)
        widths.append(float(min(max(display_width(header), content, least) + 2, most)))
    return widths


def write_xlsx(path_or_file, columns, rows, *, sheet_name="数据", heading: Heading | None = None):
    """Write rows with the portal's one xlsx writer (core.perf.xlsx: streamed, constant memory).

    The header row is bold on blue with borders and frozen; dates show as yyyy-mm-dd. Text is
    always written as text, never as a formula (safe_cell has already quoted formula-like text).

    With a `heading` (a list page's export, for filing) the sheet starts with a title row (the
    filter, who, when), numbers the rows (序号), has an autofilter on the header row and sizes
    its columns from the header and the first rows. The header row stays a plain row of column
    names, so a reader that looks for the header under title rows (core.spreadsheets) still reads it.
    """
    with Workbook(path_or_file) as book:
        if heading is None:
            widths = [Column(column.width) for column in columns]
            with book.sheet(sheet_name, columns=widths, freeze=(1, 0), blank_cells=True) as sheet:
                sheet.row([column.header for column in columns], style="header")
                for row in rows:
                    sheet.row(row)
            return
        headers = ["序号", *(column.header for column in columns)]
        rows = iter(rows)
        sample = [[index, *row] for index, row in enumerate(islice(rows, SAMPLE_ROWS), start=1)]
        widths = [Column(width) for width in fitted_widths(headers, sample)]
        merge = f"A1:{column_letter(len(headers) - 1)}1"
        with book.sheet(
            sheet_name, columns=widths, freeze=(2, 0), blank_cells=True, autofilter_row=1, merges=[merge]
        ) as sheet:
            sheet.row([heading.text()], style="title", height=24)
            sheet.row(headers, style="header")
            for row in sample:
                sheet.row(row)
            for index, row in enumerate(rows, start=len(sample) + 1):
                sheet.row([index, *row])


class _Echo:
    def write(self, value):
        return value


def _cells(columns, rows):
    for row in rows:
        yield [safe_cell(col.display(value)) for col, value in zip(columns, row, strict=True)]


def iter_rows(queryset, columns, chunk_size=5000):
    paths = [c.path for c in columns]
    return _cells(columns, queryset.values_list(*paths).iterator(chunk_size=chunk_size))


def _xlsx(columns, cells, filename, heading=None):
    # A spooled temp file keeps small exports in memory and large ones on disk.
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(buffer, columns, cells, heading=heading)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{filename}.xlsx")


def _csv(columns, cells, filename):
    # CSV stays a plain table (header, rows) for other programs; the file name carries the filter.
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # BOM so Excel on Windows opens the UTF-8 file in Chinese correctly
        yield writer.writerow([c.header for c in columns])
        for row in cells:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}.csv"
    return response


def xlsx_response(queryset, columns, filename, heading=None):
    return _xlsx(columns, iter_rows(queryset, columns), filename, heading)


def csv_response(queryset, columns, filename):
    return _csv(columns, iter_rows(queryset, columns), filename)


def rows_response(columns, rows, filename, export_format="xlsx", heading=None):
    """Export rows computed in Python (a ranking, say) rather than read from a queryset:
    one value per column in each row, with the same display maps and formula escaping."""
    cells = _cells(columns, rows)
    return _csv(columns, cells, filename) if export_format == "csv" else _xlsx(columns, cells, filename, heading)


def _quote(name):
    from urllib.parse import quote

    return quote(name)


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def export_filename(stem, parts=()):
    """企业名单-三星镇-强基计划-拟申报-2023-20261130: the list, the filter's values, the day."""
    words = [str(stem), *(str(p) for p in parts if str(p).strip())]
    cleaned = [_UNSAFE_IN_NAME.sub("_", w.strip())[:30] for w in words]
    return "-".join([*cleaned, f"{timezone.localdate():%Y%m%d}"])


def describe_filter(filterset) -> list[tuple[str, str, str]]:
    """The filter in use as (label, shown value, word for a file name), in the form's order:
    choices by their label, a yes/no by 是/否, dates as yyyy-mm-dd. Empty and invalid values
    are left out."""
    if filterset is None or not filterset.is_valid():
        return []
    described = []
    for name, bound in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", [], ()) or bound.widget.is_hidden:
            continue
        label = str(bound.label or name)
        if isinstance(value, bool):
            shown = "是" if value else "否"
            short = label if value else f"非{label}"
        elif isinstance(value, dt.date):
            shown = value.isoformat()
            short = f"{label}{shown}"
        elif hasattr(bound, "choices") and not hasattr(value, "pk"):
            labels = {str(k): str(v) for k, v in _flat(bound.choices)}
            shown = short = labels.get(str(value), str(value))
        else:
            shown = short = str(value)
        described.append((label, shown, short))
    return described


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield key, label
