"""A small, fast, streaming xlsx writer for templates, exports and error reports.

xlsxwriter spends about 20 µs per cell (it is general: rich strings, formulas, a cell table
per row); a 50,000-row, 21-column export is a million cells, about 20 s. This writer knows
only what the import workbooks need — inline strings, numbers, dates, a fixed set of cell
styles, column widths and styles, frozen panes, list validations, hidden sheets — and turns
a row into its XML with one f-string per cell, streamed straight into the zip, so memory
does not grow with the rows.

    with Workbook(path_or_file) as book:
        with book.sheet("企业名单", columns=[Column(34), Column(22, "text")], freeze=(1, 2)) as sheet:
            sheet.row(["企业名称", "统一社会信用代码"], style="header")
            sheet.row(["海门示例科技有限公司", "91320684MA1XXXXXXX"])

The files open in Excel and WPS and read back with openpyxl and calamine (see the tests).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import quoteattr

_EPOCH = date(1899, 12, 30)
MAX_ROWS = 1_048_576

# Cell styles (cellXfs indexes in STYLES_XML, below).
STYLES = {
    None: 0,
    "header": 1,
    "header_required": 2,
    "header_error": 3,
    "text": 4,
    "integer": 5,
    "decimal": 6,
    "date": 7,
    "bad": 8,
    "bad_date": 9,
    "note": 10,
    "title": 11,
    "wrap": 12,
}

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return text


@dataclass
class Column:
    width: float = 12
    style: str | None = None  # the column's default style: "text" keeps typed codes as text


@dataclass
class Validation:
    """A dropdown: cells of column `col` from `first_row` on take values from `source` (a range)."""

    col: int
    source: str  # e.g. "'选项'!$A$2:$A$16"
    title: str = ""
    message: str = ""
    first_row: int = 1
    last_row: int = 200_000


@dataclass
class _SheetInfo:
    name: str
    hidden: bool


@dataclass
class Sheet:
    """Rows are written in order, as they come; call row() for each, close via the context manager."""

    book: Workbook
    name: str
    columns: list[Column] = field(default_factory=list)
    freeze: tuple[int, int] | None = None
    validations: list[Validation] = field(default_factory=list)
    hidden: bool = False
    # Write an empty <c/> for a blank value: the file has no <dimension>, so a reader that sizes
    # rows from their cells (openpyxl read-only) would otherwise cut a row's trailing blanks.
    blank_cells: bool = False
    # An autofilter over the columns from this (0-based) header row to the last row written,
    # and merged ranges ("A1:N1"): a filed export's title row spans the table.
    autofilter_row: int | None = None
    merges: list[str] = field(default_factory=list)
    _count: int = 0

    def __post_init__(self):
        self._letters = [column_letter(i) for i in range(max(len(self.columns), 64))]
        self._default_styles = [STYLES[c.style] for c in self.columns]
        index = len(self.book._sheets) + 1
        self._stream = self.book._zip.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True)
        self.book._sheets.append(_SheetInfo(self.name, self.hidden))
        self._write_head()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _w(self, text: str) -> None:
        self._stream.write(text.encode("utf-8"))

    def _write_head(self):
        self._w(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        )
        selected = ' tabSelected="1"' if len(self.book._sheets) == 1 else ""
        view = f'<sheetViews><sheetView workbookViewId="0"{selected}>'
        if self.freeze and any(self.freeze):
            rows, cols = self.freeze
            top_left = f"{column_letter(cols)}{rows + 1}"
            pane = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
            split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
            view += (
                f'<pane{split} topLeftCell="{top_left}" activePane="{pane}" state="frozen"/>'
                f'<selection pane="{pane}" activeCell="{top_left}" sqref="{top_left}"/>'
            )
        self._w(view + "</sheetView></sheetViews>")
        self._w('<sheetFormatPr defaultRowHeight="15"/>')
        if self.columns:
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"'
                + (f' style="{STYLES[c.style]}"' if c.style else "")
                + "/>"
                for i, c in enumerate(self.columns, start=1)
            )
            self._w(f"<cols>{cols}</cols>")
        self._w("<sheetData>")

    def row(self, values, *, style: str | None = None, styles: dict | None = None, height: float | None = None):
        """Write the next row. `style` applies to every cell; `styles` maps column index → style."""
        self._count += 1
        r = self._count
        if r > MAX_ROWS:
            raise ValueError("超过Excel的最大行数")
        letters = self._letters
        if len(values) > len(letters):
            letters.extend(column_letter(i) for i in range(len(letters), len(values)))
        default = self._default_styles
        fixed = STYLES[style] if style else None
        parts = [f'<row r="{r}"' + (f' ht="{height}" customHeight="1">' if height else ">")]
        append = parts.append
        for c, value in enumerate(values):
            if value is None or value == "":
                if fixed is not None or (styles and c in styles):
                    s = fixed if fixed is not None else STYLES[styles[c]]
                    append(f'<c r="{letters[c]}{r}" s="{s}"/>')
                elif self.blank_cells:
                    append(f'<c r="{letters[c]}{r}"/>')
                continue
            if styles and c in styles:
                s = STYLES[styles[c]]
            elif fixed is not None:
                s = fixed
            else:
                s = default[c] if c < len(default) else 0
            cls = value.__class__
            if cls is str:
                text = _escape(value)
                space = ' xml:space="preserve"' if text and (text[0].isspace() or text[-1].isspace()) else ""
                append(f'<c r="{letters[c]}{r}" s="{s}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif cls is int or cls is float:
                append(f'<c r="{letters[c]}{r}" s="{s}"><v>{value!r}</v></c>')
            elif cls is Decimal:
                append(f'<c r="{letters[c]}{r}" s="{s}"><v>{value:f}</v></c>')
            elif cls is bool:
                append(f'<c r="{letters[c]}{r}" s="{s}" t="inlineStr"><is><t>{"是" if value else "否"}</t></is></c>')
            elif isinstance(value, date):
                if s in (0, STYLES["text"]):
                    s = STYLES["date"]
                serial = _serial(value)
                append(f'<c r="{letters[c]}{r}" s="{s}"><v>{serial}</v></c>')
            else:
                text = _escape(str(value))
                append(f'<c r="{letters[c]}{r}" s="{s}" t="inlineStr"><is><t>{text}</t></is></c>')
        append("</row>")
        self._w("".join(parts))

    def close(self):
        if self._stream is None:
            return
        self._w("</sheetData>")
        if self.autofilter_row is not None and self.columns:
            first = self.autofilter_row + 1
            last_col = column_letter(len(self.columns) - 1)
            self._w(f'<autoFilter ref="A{first}:{last_col}{max(first, self._count)}"/>')
        if self.merges:
            cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            self._w(f'<mergeCells count="{len(self.merges)}">{cells}</mergeCells>')
        if self.validations:
            items = "".join(
                '<dataValidation type="list" errorStyle="warning" allowBlank="1" showInputMessage="1" '
                f'showErrorMessage="1" errorTitle={quoteattr(v.title)} error={quoteattr(v.message)} '
                f'sqref="{column_letter(v.col)}{v.first_row + 1}:{column_letter(v.col)}{v.last_row + 1}">'
                f"<formula1>{_escape(v.source)}</formula1></dataValidation>"
                for v in self.validations
            )
            self._w(f'<dataValidations count="{len(self.validations)}">{items}</dataValidations>')
        self._w('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
        self._stream.close()
        self._stream = None

    @property
    def rows_written(self) -> int:
        return self._count


def _serial(value: date) -> float | int:
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    return (value - _EPOCH).days


class Workbook:
    """A workbook written to `target` (a path or a binary file object); sheets one after another."""

    def __init__(self, target):
        # Level 1 deflate: a third of the time of the default for a file about 15% larger.
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[_SheetInfo] = []
        self._open: Sheet | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def sheet(self, name: str, **kwargs) -> Sheet:
        if self._open is not None:
            self._open.close()
        self._open = Sheet(self, name[:31], **kwargs)
        return self._open

    def close(self):
        if self._zip is None:
            return
        if self._open is not None:
            self._open.close()
        sheets = self._sheets
        z = self._zip
        z.writestr("[Content_Types].xml", _content_types(len(sheets)))
        z.writestr("_rels/.rels", RELS_XML)
        z.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        z.writestr("xl/workbook.xml", _workbook(sheets))
        z.writestr("xl/styles.xml", STYLES_XML)
        z.close()
        self._zip = None


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )


RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def _workbook_rels(count: int) -> str:
    items = "".join(
        f'<Relationship Id="rId{i}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    styles = (
        f'<Relationship Id="rId{count + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{items}{styles}</Relationships>"
    )


def _workbook(sheets: list[_SheetInfo]) -> str:
    items = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{i}"' + (' state="hidden"' if s.hidden else "") + f' r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{items}</sheets></workbook>'
    )


# Fonts: 0 normal, 1 bold, 2 bold red, 3 bold white, 4 red, 5 bold 14pt.
# Fills: 0 none, 1 gray125 (required by Excel), 2 blue header, 3 orange header, 4 dark red, 5 light red.
# cellXfs follow STYLES above, in the same order.
STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="6">'
    '<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFC00000"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><sz val="11"/><color rgb="FFC00000"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    "</fonts>"
    '<fills count="6">'
    '<fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFCE4D6"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFC00000"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="13">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" '
    'applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="2" fillId="3" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" '
    'applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="3" fillId="4" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" '
    'applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="5" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="5" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="4" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="5" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
