"""Reading and normalising uploaded spreadsheets, in front of every importer.

Pure Python, no Django.  ``read_table`` turns an upload (xlsx/xlsm/xlsb/ods, old xls or
CSV, recognised by content, not by file name) into a ``Table``: the header row found
under any title rows, the spec'd columns mapped by label or alias, and the data rows
with the spreadsheet's own row numbers.  Every whole-file problem becomes a
``SpreadsheetError`` whose ``message`` can be shown to the user as is.

The ``to_*`` normalisers turn a cell into a value, raising ``ValueError`` with a short
Chinese reason; the importer decides what to do with it.

Speed: Excel files are read with python-calamine's ``CalamineSheet.to_python()``.  On a
50,000 x 21 xlsx (3.8 MB) it took 1.5-2.1 s against 2.5-2.9 s for
``pandas.read_excel(engine="calamine")``, which uses calamine underneath and then builds
a DataFrame we do not need; ``iter_rows()`` was no faster than ``to_python()``.  The
whole ``read_table`` on that file takes 1.5 s on an idle machine, 2-3 s under load (with
the cyclic GC paused, see ``gc_paused``); cleaning is one list comprehension per row.
The same rows as a GBK CSV (8.6 MB) read in 0.6 s.
"""

from __future__ import annotations

import csv
import gc
import html
import io
import math
import operator
import os
import re
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import python_calamine

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 30

# Zip-bomb limits: total unpacked size, and the ratio tolerated on large members.  A real
# 50,000-row sheet compresses about 10:1; a bomb compresses 1000:1.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 10 * 1024 * 1024

MSG_EMPTY = "文件为空"
MSG_CORRUPT = "文件已损坏或不是有效的Excel文件，请用Excel打开后另存为.xlsx再上传"
MSG_PASSWORD = "文件设置了打开密码，请取消密码后再上传"
MSG_BOMB = "文件解压后过大，疑似异常文件"
MSG_HTML = "文件实际是网页（HTML）格式，不是真正的Excel文件，请用Excel打开后另存为.xlsx再上传"
MSG_XML = "文件实际是XML格式，不是真正的Excel文件，请用Excel打开后另存为.xlsx再上传"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# ---------------------------------------------------------------- data structures


@dataclass(frozen=True)
class ColumnSpec:
    """One column an importer understands: ``key`` in code, ``label`` in the template."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False


class SpreadsheetError(Exception):
    """The whole file cannot be read; ``message`` says why, in Chinese, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SheetRow:
    number: int  # the spreadsheet's own 1-based row number (CSV: record number, header included)
    values: dict[str, object]  # key -> value, for every column found in the header
    raw: list  # the whole row (text stripped, blanks as None), to echo it in an error report


@dataclass
class Table:
    sheet_name: str
    header_row: int  # 1-based
    columns: dict[str, str]  # key -> header text as found in the file
    ignored_headers: list[str]  # non-empty headers that matched nothing (for warnings)
    rows: list[SheetRow]
    raw_header: list[str] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)  # key -> 0-based index in raw rows


# ---------------------------------------------------------------- header matching


def normalize_header(text) -> str:
    """Make "企业名称 *", "企业\\n名称" and "注册资本（万元）" compare equal to the template's label.

    NFKC already turns （）［］＊ into ()[]*.  Matching is exact after this: no substring
    or "ignore the parentheses" matching, because "注册资本(元)" must not be read as 万元.
    """
    text = unicodedata.normalize("NFKC", _cell_str(text))
    return "".join(text.split()).replace("*", "").lower()


def _lookup(columns: list[ColumnSpec]) -> dict[str, tuple[str, bool]]:
    """normalised header -> (key, is_label).  The first spec wins if aliases overlap."""
    lookup: dict[str, tuple[str, bool]] = {}
    for spec in columns:
        lookup.setdefault(normalize_header(spec.label), (spec.key, True))
    for spec in columns:
        for alias in spec.aliases:
            lookup.setdefault(normalize_header(alias), (spec.key, False))
    return lookup


def _match_header(cells: list, lookup) -> dict[str, int]:
    """key -> column index.  A header equal to the label beats an earlier alias match."""
    found: dict[str, tuple[int, bool]] = {}
    for index, cell in enumerate(cells):
        hit = lookup.get(normalize_header(cell))
        if hit:
            key, is_label = hit
            if key not in found or (is_label and not found[key][1]):
                found[key] = (index, is_label)
    return {key: index for key, (index, _) in found.items()}


@dataclass
class _Header:
    index: int  # 0-based row index
    colmap: dict[str, int]
    complete: bool  # every required column present


def _find_header(rows: list[list], columns: list[ColumnSpec], lookup) -> _Header | None:
    """The first of the first 30 rows holding every required column; else one with 2+ columns."""
    required = {c.key for c in columns if c.required}
    minimum = min(2, len(columns))
    fallback = None
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        colmap = _match_header(cells, lookup)
        if (required and required <= colmap.keys()) or (not required and len(colmap) >= minimum):
            return _Header(index, colmap, True)
        if fallback is None and len(colmap) >= minimum:
            fallback = _Header(index, colmap, False)
    return fallback


def _no_header_message(columns: list[ColumnSpec]) -> str:
    names = [c.label for c in columns if c.required] or [c.label for c in columns[:2]]
    quoted = "".join(f"“{n}”" for n in names)
    return f"未找到表头：请确认表格包含{quoted}等列（可下载导入模板对照）"


def _missing_message(header: _Header, columns: list[ColumnSpec]) -> str:
    parts = []
    for spec in columns:
        if spec.required and spec.key not in header.colmap:
            also = f"（也可写作：{'、'.join(spec.aliases)}）" if spec.aliases else ""
            parts.append(f"“{spec.label}”{also}")
    return f"第{header.index + 1}行的表头缺少必填列{'，'.join(parts)}，请改好列名再上传（可下载导入模板对照）"


# ---------------------------------------------------------------- reading


def read_table(
    source,
    *,
    filename: str,
    columns: list[ColumnSpec],
    sheet: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> Table:
    """Read the data rows of ``source`` (a path, bytes or a binary file object).

    The sheet is ``sheet`` if given, else the first visible sheet with a recognisable
    header.  ``values`` of each row hold only the columns present in the file, so an
    importer can tell "column absent" (leave the field alone) from "cell empty".
    """
    # The limits are read when called, so that settings or tests can change them.
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    max_rows = MAX_ROWS if max_rows is None else max_rows
    data = _load(source, max_bytes)
    if not data:
        raise SpreadsheetError(MSG_EMPTY)
    lookup = _lookup(columns)
    with gc_paused():
        if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            _check_zip(data)
            return _read_workbook(data, columns, lookup, sheet, max_rows)
        if data[:8] == OLE2_MAGIC:
            if _ole_has_stream(data, "EncryptedPackage"):  # an encrypted xlsx is an OLE2 container
                raise SpreadsheetError(MSG_PASSWORD)
            return _read_workbook(data, columns, lookup, sheet, max_rows)
        return _read_csv(data, filename, columns, lookup, max_rows)


@contextmanager
def gc_paused():
    """Pause the cyclic GC while a million cell objects are created.

    Every few hundred allocations it would walk all the objects made so far; pausing it
    cut a 50,000-row read by about a third.  Garbage is still collected once it resumes.
    The import passes (core.importing) pause it too, for the same reason: with a table
    and its parsed rows alive, each collection walks millions of objects.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(source, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        try:
            if os.path.getsize(source) > max_bytes:
                raise SpreadsheetError(_too_big(max_bytes))
            with open(source, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise SpreadsheetError(f"无法读取文件：{os.fspath(source)}") from exc
    else:  # a binary file object, e.g. Django's UploadedFile
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(_too_big(max_bytes))
    return data


def _too_big(max_bytes: int) -> str:
    size = f"{max_bytes // 1024 // 1024}MB" if max_bytes >= 1024 * 1024 else f"{max(max_bytes // 1024, 1)}KB"
    return f"文件超过{size}，请拆分后分批上传"


def _check_zip(data: bytes) -> None:
    """Refuse broken OOXML containers and zip bombs before any member is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            is_ods = "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise SpreadsheetError(MSG_CORRUPT) from exc
    if "[Content_Types].xml" not in names and not is_ods:
        raise SpreadsheetError(MSG_CORRUPT)
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise SpreadsheetError(MSG_BOMB)
    for m in members:
        if m.file_size > RATIO_CHECK_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise SpreadsheetError(MSG_BOMB)


def _ole_has_stream(data: bytes, name: str) -> bool:
    """True if an OLE2 (CFB) file has a directory entry for stream ``name``.

    Directory entries are 128-byte records aligned on 128 bytes: a UTF-16LE name, its
    byte length (terminator included) at offset 64 and the object type (2 = stream) at
    offset 66.  Checking those three avoids parsing the FAT just to list names.
    """
    needle = (name + "\0").encode("utf-16-le")
    start = data.find(needle)
    while start != -1:
        entry = data[start : start + 128]
        if start % 128 == 0 and entry[64:66] == len(needle).to_bytes(2, "little") and entry[66:67] == b"\x02":
            return True
        start = data.find(needle, start + 1)
    return False


def _read_workbook(data: bytes, columns, lookup, sheet: str | None, max_rows: int) -> Table:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = book.sheets_metadata
    except python_calamine.PasswordError as exc:
        raise SpreadsheetError(MSG_PASSWORD) from exc
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise SpreadsheetError(MSG_CORRUPT) from exc

    def load(name: str) -> list[list]:
        try:
            return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except python_calamine.PasswordError as exc:
            raise SpreadsheetError(MSG_PASSWORD) from exc
        except Exception as exc:
            raise SpreadsheetError(MSG_CORRUPT) from exc

    # Before calamine loads a sheet whole (a 3,000,000-row file of 14 MB is 700 MB of cells),
    # its XML is streamed and its rows counted: past the limit it is refused unread.
    paths = _xlsx_sheet_paths(data)

    def refuse_long(name: str) -> None:
        if name in paths and _xlsx_rows_over(data, paths[name], max_rows + HEADER_SCAN_ROWS):
            raise SpreadsheetError(_too_many(max_rows))

    if sheet is not None:
        names = [m.name for m in metadata]
        if sheet not in names:
            raise SpreadsheetError(f"找不到工作表“{sheet}”，文件中的工作表有：{'、'.join(names)}")
        refuse_long(sheet)
        rows = load(sheet)
        header = _find_header(rows, columns, lookup)
        if header is None:
            if not _has_content(rows):
                raise SpreadsheetError(f"工作表“{sheet}”是空的")
            raise SpreadsheetError(f"工作表“{sheet}”中{_no_header_message(columns)}")
        if not header.complete:
            raise SpreadsheetError(_missing_message(header, columns))
        return _build(sheet, rows, header, max_rows)

    # Hidden sheets (lookup lists, old versions) and chart sheets are never imported.
    visible = [
        m.name
        for m in metadata
        if m.visible == python_calamine.SheetVisibleEnum.Visible and m.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    partial = None
    any_content = False
    for name in visible:
        refuse_long(name)
        rows = load(name)
        any_content = any_content or _has_content(rows)
        header = _find_header(rows, columns, lookup)
        if header and header.complete:
            return _build(name, rows, header, max_rows)
        partial = partial or header
    if partial:
        raise SpreadsheetError(_missing_message(partial, columns))
    raise SpreadsheetError(_no_header_message(columns) if any_content else MSG_EMPTY)


def _too_many(max_rows: int, total: int | None = None) -> str:
    counted = f"（共{total}行）" if total is not None else ""
    return f"超过{max_rows}行数据{counted}，请拆分后分批上传"


_TAG_SHEET = re.compile(r"<(?:\w+:)?sheet\s([^>]*)>")
_TAG_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\s([^>]*)>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")
_ATTRIBUTE = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)[ >]")
_MIN_ROW_BYTES = len("<row><c><v>1</v></c></row>")
ROWS_READ = {"xlsx": 0}  # rows the streaming count looked at (tests prove it stops early)


def _xlsx_sheet_paths(data: bytes) -> dict[str, str]:
    """{sheet name: its XML member} of an xlsx (empty for other containers or a surprise).

    Read with two regular expressions, not an XML parser: the upload is untrusted and only
    the sheets' names and relationship targets are needed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}
            book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}
    targets = {}
    for tag in _TAG_RELATIONSHIP.findall(rels):
        attrs = dict(_ATTRIBUTE.findall(tag))
        target = html.unescape(attrs.get("Target", ""))
        if attrs.get("Id") and target:
            targets[attrs["Id"]] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    paths = {}
    for tag in _TAG_SHEET.findall(book):
        attrs = {k.split(":")[-1]: v for k, v in _ATTRIBUTE.findall(tag)}
        target = targets.get(attrs.get("id", ""))
        if attrs.get("name") and target in names:
            paths[html.unescape(attrs["name"])] = target
    return paths


def _xlsx_rows_over(data: bytes, member: str, limit: int) -> bool:
    """True once more than `limit` rows with a value have been seen in the sheet's XML.

    Streams the member a megabyte at a time and stops there: memory stays flat whatever
    the sheet's length. Rows without any value (formatting only) are not counted.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.getinfo(member).file_size <= (limit + 1) * _MIN_ROW_BYTES:
            return False  # too short to hold that many rows
        with archive.open(member) as handle:
            head = handle.read(4096)
            # Excel and WPS state the used range first (<dimension ref="A1:U50001"/>): within
            # the limit, nothing more is read. (An xlsx holds at most 1,048,576 rows, so a range
            # that lies costs no more than reading the sheet always did.)
            found = _DIMENSION.search(head)
            if found and int(found.group(1) or 1) <= limit:
                return False
            # Counting row ends is cheap (bytes.count); only past the limit are the rows with a
            # value told from formatted empty ones, from the start again.
            ends, chunk = 0, head
            while chunk:
                ends += chunk.count(b"row>")
                ROWS_READ["xlsx"] += chunk.count(b"row>")
                if ends > limit:
                    break
                chunk = handle.read(1 << 20)
            else:
                return False
    seen, tail = 0, b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as handle:
        while chunk := handle.read(1 << 20):
            buffer = tail + chunk
            start = 0
            for found in _ROW_END.finditer(buffer):
                seen += 1 if _HAS_VALUE.search(buffer, start, found.end()) else 0
                start = found.end()
            if seen > limit:
                return True
            tail = buffer[start:]
    return False


def _has_content(rows: list[list]) -> bool:
    return any(not _is_blank(cell) for row in rows for cell in row)


def _read_csv(data: bytes, filename: str, columns, lookup, max_rows: int) -> Table:
    text = _decode(data)
    if not text.strip():
        raise SpreadsheetError(MSG_EMPTY)
    head = text.lstrip()[:1024].lower()
    if head.startswith("<"):  # systems that export "xls" as an HTML table or Excel 2003 XML
        is_html = "<html" in head or "<table" in head or "<!doctype html" in head
        raise SpreadsheetError(MSG_HTML if is_html else MSG_XML)

    # The delimiter is the one under which the best header is recognised.
    best = None
    for delimiter in (",", "\t", ";"):
        sample = _parse_csv(text, delimiter, HEADER_SCAN_ROWS)
        header = _find_header(sample, columns, lookup)
        rank = (header.complete, len(header.colmap)) if header else (False, 0)
        if header and (best is None or rank > best[0]):
            best = (rank, delimiter, header)
    if best is None:
        raise SpreadsheetError(_no_header_message(columns))
    _, delimiter, header = best
    if not header.complete:
        raise SpreadsheetError(_missing_message(header, columns))
    # Rows are kept up to the limit (and a little over it, to say how many in a near miss);
    # a longer file is refused as soon as a filled row lies beyond that, unread.
    keep = header.index + 1 + max_rows + HEADER_SCAN_ROWS
    rows, more = _parse_csv(text, delimiter, keep, rest=True)
    if more:
        raise SpreadsheetError(_too_many(max_rows))
    return _build(os.path.basename(filename), rows, header, max_rows)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" export
        return data.decode("utf-16")
    if b"\0" in data[:8192]:
        raise SpreadsheetError(MSG_CORRUPT)  # binary: PDF, image, ...
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030 is a superset of GBK and GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(MSG_CORRUPT)


def _parse_csv(text: str, delimiter: str, limit: int | None, *, rest: bool = False):
    """The first `limit` rows; with `rest`, also whether a filled row follows them (the rest unread)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, more = [], False
    try:
        for row in reader:
            if limit is not None and len(rows) >= limit:
                if not rest:
                    break
                if any(not _is_blank(cell) for cell in row):
                    more = True
                    break
                continue  # trailing blank lines do not count
            rows.append(row)
    except csv.Error as exc:
        raise SpreadsheetError(f"CSV文件第{reader.line_num}行格式有误，请用Excel打开后另存为.xlsx再上传") from exc
    return (rows, more) if rest else rows


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell_str(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _build(sheet_name: str, rows: list[list], header: _Header, max_rows: int) -> Table:
    start = header.index + 1
    end = len(rows)
    if end - start > max_rows:  # cheap test first; trailing blank rows may inflate it
        while end > start and all(_is_blank(c) for c in rows[end - 1]):
            end -= 1
        if end - start > max_rows:
            raise SpreadsheetError(_too_many(max_rows, end - start))

    header_cells = rows[header.index]
    colmap = header.colmap
    used = set(colmap.values())
    ignored = [_cell_str(cell).strip() for i, cell in enumerate(header_cells) if i not in used and not _is_blank(cell)]

    # One comprehension per row does the cleaning (it is most of the time spent here);
    # itemgetter then picks the spec'd columns without a Python-level loop.
    keys, cols = list(colmap), list(colmap.values())
    pick = operator.itemgetter(*cols)
    need = max(cols) + 1
    table_rows = []
    width = _last_filled(header_cells)
    for number, cells in enumerate(rows[start:end], start + 1):
        clean = [(c.strip() or None) if c.__class__ is str else c for c in cells]
        if len(clean) < need:
            clean += [None] * (need - len(clean))
        picked = pick(clean) if len(cols) > 1 else (pick(clean),)
        if picked.count(None) == len(picked):
            continue  # a row with nothing in any spec'd column is blank
        width = max(width, _last_filled(clean))
        table_rows.append(SheetRow(number, dict(zip(keys, picked, strict=True)), clean))

    # Trailing blank columns (formatted but empty) are cut from raw rows and header alike.
    for row in table_rows:
        if len(row.raw) != width:
            row.raw = row.raw[:width] + [None] * (width - len(row.raw))
    raw_header = [_cell_str(c).strip() for c in header_cells[:width]]
    raw_header += [""] * (width - len(raw_header))
    return Table(
        sheet_name=sheet_name,
        header_row=header.index + 1,
        columns={key: _cell_str(header_cells[col]).strip() for key, col in colmap.items()},
        ignored_headers=ignored,
        rows=table_rows,
        raw_header=raw_header,
        positions=dict(colmap),
    )


def _last_filled(cells: list) -> int:
    """Length of ``cells`` without its trailing blank cells."""
    n = len(cells)
    while n and _is_blank(cells[n - 1]):
        n -= 1
    return n


# ---------------------------------------------------------------- cell normalisers

# What people type for "nothing" in a number or date column.
_EMPTY_WORDS = {"无", "空", "不详", "未知", "暂无", "n/a", "na", "none", "null"}
_DASHES = re.compile(r"^[-—–―/\\]+$")

# Money suffixes as powers of ten of 元.
_MONEY_EXP = {"元": 0, "千元": 3, "万元": 4, "万": 4, "亿元": 8, "亿": 8}
_COUNT_SUFFIXES = ("人", "个", "项", "件", "名", "家")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")

MSG_NUMBER = "不是有效的数字"
MSG_DATE = "不是有效的日期，应为 2019-05-01 这样的格式"


def _clean_str(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):  # a quick check; most cells are already
        text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    if text.startswith("'"):  # Excel's "store as text" prefix
        text = text[1:].strip()
    return text


def _is_empty_word(text: str) -> bool:
    return not text or text.lower() in _EMPTY_WORDS or bool(_DASHES.match(text))


def to_text(v) -> str | None:
    """Text as a person would type it: NFKC, single spaces, no Excel apostrophe; None if empty."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        text = str(int(v)) if v.is_integer() else repr(v)
    elif isinstance(v, datetime):
        text = v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat(sep=" ")
    elif isinstance(v, date):
        text = v.isoformat()
    else:
        text = " ".join(_clean_str(str(v)).split())
    return text or None


def to_name(v) -> str | None:
    """A company or organisation name in its official form: like ``to_text``, but with （）.

    NFKC (in ``to_text``) turns full-width letters and digits into ASCII, which is wanted,
    and also the full-width brackets of registered names into ``()``, which is not: names
    registered in China are written with （）.  Both bracket forms typed in a sheet therefore
    end up as （）, so "海门(中国)公司" and "海门（中国）公司" are one name.
    """
    text = to_text(v)
    if text is None:
        return None
    return text.translate(_NAME_BRACKETS)


_NAME_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def to_decimal(v, *, unit: str | None = "万元") -> Decimal | None:
    """A number in ``unit``.  Text may carry full-width digits, "1,234.5", spaces and a suffix.

    With a money unit (元/千元/万元/亿元) a money suffix converts: "5000元" -> 0.5 万元,
    "1.2亿" -> 12000 万元.  With ``unit=None`` a count suffix (人/个/项/件/名/家) is allowed.
    A bare number is taken to be in ``unit`` already.  Negative numbers pass: the
    importer refuses them with its own message.
    """
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError(MSG_NUMBER)
    if isinstance(v, Decimal):
        number = v
    elif isinstance(v, int):
        number = Decimal(v)
    elif isinstance(v, float):
        text = repr(v)  # the shortest exact form: 12.3 -> "12.3"
        number = Decimal(text)
        if "e" not in text and number.is_finite():  # plain digits: nothing for _tidy to do
            return number
    elif isinstance(v, str):
        return _parse_number_text(v, unit)
    else:
        raise ValueError(MSG_NUMBER)
    if not number.is_finite():
        raise ValueError(MSG_NUMBER)
    return _tidy(number)


def _parse_number_text(raw: str, unit: str | None) -> Decimal | None:
    text = "".join(_clean_str(raw).split())
    if _is_empty_word(text):
        return None
    text = text.lstrip("¥")
    exponent = 0
    if unit in _MONEY_EXP:
        for suffix in sorted(_MONEY_EXP, key=len, reverse=True):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
                exponent = _MONEY_EXP[suffix] - _MONEY_EXP[unit]
                break
    elif text.endswith(_COUNT_SUFFIXES):
        text = text[:-1]
    if "," in text:
        if not _GROUPED.match(text):
            raise ValueError(MSG_NUMBER)
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError(MSG_NUMBER)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(MSG_NUMBER) from exc
    if exponent:  # 5000000元 -> 500 万元, not 500.0000
        number = number.scaleb(exponent).normalize()
    return _tidy(number)


def _tidy(number: Decimal) -> Decimal:
    """Write 1.5E+4 as 15000; absurdly large numbers are refused rather than rounded."""
    if number.as_tuple().exponent > 0:
        try:
            number = number.quantize(Decimal(1))
        except InvalidOperation as exc:
            raise ValueError(MSG_NUMBER) from exc
    return number


def to_int(v, *, unit: str | None = None) -> int | None:
    """A whole number ("12", "12.0", "1,200人"); "12.5" is refused with "不是整数"."""
    if v.__class__ is int:  # a number cell: most of a column of counts
        return v
    if v.__class__ is float and v.is_integer() and abs(v) < 2**53:
        return int(v)
    number = to_decimal(v, unit=unit)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError("不是整数")
    return int(number)


_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_SEP = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DATE_CN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL_TEXT = re.compile(r"^\d{5}(\.\d+)?$")


def _from_serial(serial: float) -> date:
    """Excel 1900 date system.  Serial 60 is 1900-02-29, a day Excel invents (Lotus bug)."""
    whole = math.floor(serial)
    if whole == 60:
        raise ValueError(MSG_DATE)
    return _EXCEL_EPOCH + timedelta(days=whole if whole > 60 else whole + 1)


def _ymd(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError as exc:
        raise ValueError(MSG_DATE) from exc


def to_date(v) -> date | None:
    """A date from a date cell, an Excel serial number, or text.

    Text: 2019-05-01, 2019/5/1, 2019.5.1, 2019年5月1日, 20190501, optionally with a time.
    Numbers 1..60000 are Excel serials; an 8-digit number 19000101..29991231 is read as
    yyyymmdd (a date typed into a number cell); 5-digit text is a serial that lost its
    date format (e.g. pasted as values into a text column).
    """
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, bool):
        raise ValueError(MSG_DATE)
    if isinstance(v, int | float | Decimal):
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(MSG_DATE)
        if 1 <= v <= 60000:
            return _from_serial(float(v))
        if v == int(v) and 19000101 <= v <= 29991231:
            text = str(int(v))
            return _ymd(text[:4], text[4:6], text[6:])
        raise ValueError(MSG_DATE)
    if not isinstance(v, str):
        raise ValueError(MSG_DATE)
    text = " ".join(_clean_str(v).split())
    if _is_empty_word(text):
        return None
    if m := _DATE_SEP.match(text):
        return _ymd(m[1], m[3], m[4])
    if m := _DATE_CN.match(text.replace(" ", "")):
        return _ymd(m[1], m[2], m[3])
    if m := _DATE_COMPACT.match(text):
        return _ymd(m[1], m[2], m[3])
    if _SERIAL_TEXT.match(text) and 1 <= float(text) <= 60000:
        return _from_serial(float(text))
    raise ValueError(MSG_DATE)
