"""Reading uploads (xlsx, xls, CSV) and normalising cells; every file is built here (no Django)."""

import io
import struct
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from core import spreadsheets
from core.spreadsheets import (
    ColumnSpec,
    SpreadsheetError,
    normalize_header,
    read_table,
    to_date,
    to_decimal,
    to_int,
    to_text,
)

# The enterprise import template (docs/domain.md §5), for these tests only (the importer owns the real one).
ENTERPRISE_COLUMNS = [
    ColumnSpec("name", "企业名称", ("单位名称", "企业全称", "名称"), required=True),
    ColumnSpec("credit_code", "统一社会信用代码", ("社会信用代码", "信用代码", "统一代码"), required=True),
    ColumnSpec("town", "所属区镇", ("区镇", "所在区镇", "镇(街道、园区)", "属地")),
    ColumnSpec("founded_on", "成立日期", ("注册日期", "成立时间")),
    ColumnSpec("registered_capital", "注册资本(万元)", ("注册资本",)),
    ColumnSpec("industry", "所属行业", ("行业",)),
    ColumnSpec("tech_field", "技术领域", ("高新技术领域",)),
    ColumnSpec("employees", "职工总数", ("从业人员", "员工人数", "职工人数")),
    ColumnSpec("rd_staff", "科技人员数", ("研发人员数", "科技人员")),
    ColumnSpec("revenue", "上年营业收入(万元)", ("营业收入", "销售收入")),
    ColumnSpec("rd_expense", "上年研发费用(万元)", ("研发投入", "研发费用")),
    ColumnSpec("hitech_revenue", "高新技术产品收入(万元)", ("高新收入",)),
    ColumnSpec("ip_class1", "Ⅰ类知识产权", ("一类知识产权", "I类知识产权")),
    ColumnSpec("ip_class2", "Ⅱ类知识产权", ("二类知识产权", "II类知识产权")),
    ColumnSpec("contact_name", "联系人"),
    ColumnSpec("contact_phone", "联系电话", ("手机", "电话")),
    ColumnSpec("pool", "培育库", ("计划",)),
    ColumnSpec("stage", "阶段", ("状态",)),
    ColumnSpec("year", "年度", ("入库年度", "年份")),
    ColumnSpec("certificate_no", "证书编号", ("入库登记编号", "登记编号")),
    ColumnSpec("certified_on", "发证日期", ("发证时间", "认定日期", "入库日期")),
]

CODE_A = "91370784MA3N03685C"
CODE_B = "91370784081759843R"


def read(source, filename="upload.xlsx", **kwargs):
    return read_table(source, filename=filename, columns=ENTERPRISE_COLUMNS, **kwargs)


def message_of(source, filename="upload.xlsx", **kwargs) -> str:
    with pytest.raises(SpreadsheetError) as info:
        read(source, filename, **kwargs)
    return info.value.message


def save(wb, path) -> Path:
    wb.save(path)
    return path


# ---------------------------------------------------------------- header matching


@pytest.mark.parametrize("header", ["企业名称 *", "企业\n名称", "＊企业名称", " 企业名称\u3000"])
def test_header_variants_match_label(header):
    assert normalize_header(header) == normalize_header("企业名称")


def test_header_brackets_and_case():
    assert normalize_header("注册资本（万元）") == normalize_header("注册资本(万元)")
    assert normalize_header("Ⅱ类知识产权") == normalize_header("II类知识产权")
    assert normalize_header("镇（街道、园区）") == normalize_header("镇(街道、园区)")
    assert normalize_header("注册资本(元)") != normalize_header("注册资本")
    assert normalize_header("E-mail") == normalize_header("E-MAIL")


# ---------------------------------------------------------------- a realistic xlsx


@pytest.fixture
def messy_xlsx(tmp_path):
    """Hidden first sheet, title rows with merged cells, aliases, trailing blank rows/columns."""
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "旧数据"
    hidden.append(["企业名称", "统一社会信用代码"])
    hidden.append(["不该读到", CODE_B])
    hidden.sheet_state = "hidden"

    ws = wb.create_sheet("企业名单")
    ws["A1"] = "2023年海门区科技企业培育库名单"
    ws.merge_cells("A1:H1")
    ws["A2"] = "填报单位：常乐镇"
    ws.merge_cells("A2:D2")
    ws.append(["序号", "单位名称 *", "信用代码", "所在区镇", "注册资本（万元）", "成立日期", "职工\n人数", "发证日期"])
    ws.append([1, "海门甲科技有限公司", "'" + CODE_A, "常乐镇", "1,234.5万元", 43586, "１２０", "2023年5月1日"])
    ws.append([2, "海门乙科技有限公司", CODE_B.lower(), None, "5000000元", "2019/5/1", 35, datetime(2023, 6, 1)])
    ws.append([None, None, None, None, None, None, None, None])  # blank inside the data
    ws.append([4, "海门丙科技有限公司", None, "海门街道", None, None, None, None])
    ws.append(["合计", None, None, None, None, None, None, None])  # footer: no spec'd value
    ws.append([None, "共3家", None, None, None, None, None, None])  # footer in a spec'd column: kept
    fill = PatternFill("solid", fgColor="FFFF00")
    for row in range(10, 40):  # formatted but empty rows and columns at the end
        for col in range(1, 15):
            ws.cell(row=row, column=col).fill = fill
    ws.cell(row=3, column=12).fill = fill
    return save(wb, tmp_path / "名单.xlsx")


def test_messy_xlsx_reads_the_visible_sheet(messy_xlsx):
    table = read(messy_xlsx)
    assert table.sheet_name == "企业名单"
    assert table.header_row == 3
    assert table.columns == {
        "name": "单位名称 *",
        "credit_code": "信用代码",
        "town": "所在区镇",
        "registered_capital": "注册资本（万元）",
        "founded_on": "成立日期",
        "employees": "职工\n人数",
        "certified_on": "发证日期",
    }
    assert table.ignored_headers == ["序号"]
    assert [r.number for r in table.rows] == [4, 5, 7, 9]  # the spreadsheet's own numbers
    assert table.raw_header == [
        "序号",
        "单位名称 *",
        "信用代码",
        "所在区镇",
        "注册资本（万元）",
        "成立日期",
        "职工\n人数",
        "发证日期",
    ]


def test_messy_xlsx_values_and_raw(messy_xlsx):
    first, second, third, footer = read(messy_xlsx).rows
    assert first.values["name"] == "海门甲科技有限公司"
    assert first.values["credit_code"] == "'" + CODE_A  # kept as read; the importer normalises
    assert first.values["founded_on"] == 43586
    assert first.raw[0] == 1 and len(first.raw) == 8  # trailing blank columns cut
    assert second.values["town"] is None
    assert set(second.values) == set(read(messy_xlsx).columns)  # absent != empty
    assert third.values["credit_code"] is None
    assert footer.values["name"] == "共3家"  # the importer decides what a footer is

    assert to_decimal(first.values["registered_capital"]) == Decimal("1234.5")
    assert to_decimal(second.values["registered_capital"]) == Decimal("500")
    assert to_date(first.values["founded_on"]) == date(2019, 5, 1)
    assert to_date(second.values["founded_on"]) == date(2019, 5, 1)
    assert to_int(first.values["employees"]) == 120
    assert to_int(second.values["employees"]) == 35
    assert to_date(first.values["certified_on"]) == date(2023, 5, 1)
    assert to_date(second.values["certified_on"]) == date(2023, 6, 1)


def test_file_object_and_bytes_sources(messy_xlsx):
    data = messy_xlsx.read_bytes()
    assert len(read(data).rows) == 4
    assert len(read(io.BytesIO(data)).rows) == 4


def test_named_sheet_even_if_hidden(messy_xlsx):
    table = read(messy_xlsx, sheet="旧数据")
    assert [r.values["name"] for r in table.rows] == ["不该读到"]
    assert table.header_row == 1


def test_unknown_sheet_lists_the_names(messy_xlsx):
    assert message_of(messy_xlsx, sheet="Sheet9") == "找不到工作表“Sheet9”，文件中的工作表有：旧数据、企业名单"


def test_instructions_sheet_before_the_data_is_skipped(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["1. 企业名称必须与营业执照一致"])
    data = wb.create_sheet("数据")
    data.append(["企业名称", "统一社会信用代码"])
    data.append(["甲公司", CODE_A])
    table = read(save(wb, tmp_path / "a.xlsx"))
    assert table.sheet_name == "数据" and table.rows[0].number == 2


def test_label_beats_alias_and_duplicates_are_ignored(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "企业名称", "统一社会信用代码", "信用代码"])
    wb.active.append(["产品A", "甲公司", CODE_A, "重复列"])
    table = read(save(wb, tmp_path / "a.xlsx"))
    assert table.columns == {"name": "企业名称", "credit_code": "统一社会信用代码"}
    assert table.ignored_headers == ["名称", "信用代码"]
    assert table.rows[0].values == {"name": "甲公司", "credit_code": CODE_A}


def test_header_without_data_is_not_an_error(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码"])
    table = read(save(wb, tmp_path / "a.xlsx"))
    assert table.rows == [] and table.header_row == 1


def test_no_header(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", "13800000000"])
    assert message_of(save(wb, tmp_path / "a.xlsx")) == (
        "未找到表头：请确认表格包含“企业名称”“统一社会信用代码”等列（可下载导入模板对照）"
    )


def test_header_missing_a_required_column(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["公司名称", "统一社会信用代码", "成立日期"])
    message = message_of(save(wb, tmp_path / "a.xlsx"))
    assert message.startswith("第1行的表头缺少必填列“企业名称”（也可写作：单位名称、企业全称、名称）")


def test_empty_workbook(tmp_path):
    assert message_of(save(openpyxl.Workbook(), tmp_path / "a.xlsx")) == "文件为空"


# ---------------------------------------------------------------- whole-file problems


def test_empty_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"")
    assert message_of(path) == "文件为空"
    assert message_of(b"", "a.csv") == "文件为空"
    assert message_of("\ufeff \r\n".encode(), "a.csv") == "文件为空"


def test_oversize(messy_xlsx):
    size = messy_xlsx.stat().st_size
    for source in (messy_xlsx, messy_xlsx.read_bytes(), io.BytesIO(messy_xlsx.read_bytes())):
        assert message_of(source, max_bytes=size - 1).startswith("文件超过")
    assert "20MB" in spreadsheets._too_big(20 * 1024 * 1024)


def test_too_many_rows(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码"])
    for i in range(11):
        wb.active.append([f"公司{i}", CODE_A])
    path = save(wb, tmp_path / "a.xlsx")
    assert message_of(path, max_rows=10) == "超过10行数据（共11行），请拆分后分批上传"
    assert len(read(path, max_rows=11).rows) == 11


def _long_xlsx(rows: int, *, dimension: bool) -> bytes:
    """An xlsx of `rows` data rows written by core.perf.xlsx (no <dimension>) or openpyxl (one)."""
    if dimension:
        wb = openpyxl.Workbook(write_only=True)
        sheet = wb.create_sheet("名单")
        sheet.append(["企业名称", "统一社会信用代码"])
        for i in range(rows):
            sheet.append([f"公司{i}", CODE_A])
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
    from core.perf import xlsx

    buffer = io.BytesIO()
    with xlsx.Workbook(buffer) as book, book.sheet("名单", columns=[xlsx.Column(10)] * 2) as sheet:
        sheet.row(["企业名称", "统一社会信用代码"])
        for i in range(rows):
            sheet.row([f"公司{i}", CODE_A])
    return buffer.getvalue()


@pytest.mark.parametrize("dimension", [True, False])
def test_a_sheet_past_the_row_limit_is_refused_unread(monkeypatch, dimension):
    """The sheet's XML is streamed and counted; calamine never loads a sheet that is too long,
    and the count stops soon after the limit (a 3,000,000-row file used to be read whole)."""
    data = _long_xlsx(60_000, dimension=dimension)
    loaded = []
    real = spreadsheets.python_calamine.CalamineWorkbook.get_sheet_by_name

    def spy(book, name):
        loaded.append(name)
        return real(book, name)

    monkeypatch.setattr(spreadsheets.python_calamine.CalamineWorkbook, "get_sheet_by_name", spy)
    monkeypatch.setitem(spreadsheets.ROWS_READ, "xlsx", 0)
    assert message_of(data, max_rows=1_000) == "超过1000行数据，请拆分后分批上传"
    assert loaded == []
    assert spreadsheets.ROWS_READ["xlsx"] < 30_000  # the first megabyte or two of 60,000 rows
    # Within the limit the same file reads as before (and a near miss still says how many).
    assert len(read(data, max_rows=60_000).rows) == 60_000
    assert message_of(data, max_rows=59_990) == "超过59990行数据（共60000行），请拆分后分批上传"


def test_a_long_csv_stops_at_the_first_row_past_the_limit(monkeypatch):
    lines = ["企业名称,统一社会信用代码"] + [f"公司{i},{CODE_A}" for i in range(50_000)]
    consumed = []
    real_reader = spreadsheets.csv.reader

    def counting_reader(*args, **kwargs):
        for row in real_reader(*args, **kwargs):
            consumed.append(1)
            yield row

    monkeypatch.setattr(spreadsheets.csv, "reader", counting_reader)
    assert message_of("\n".join(lines).encode(), "a.csv", max_rows=100) == "超过100行数据，请拆分后分批上传"
    assert len(consumed) < 500  # header scans (30 rows × 3 delimiters) + the limit, not 50,000
    consumed.clear()
    blank_tail = "\n".join(lines[:101] + [",,"] * 5000)  # trailing blank rows do not count
    assert len(read(blank_tail.encode(), "a.csv", max_rows=100).rows) == 100


def test_missing_file():
    assert message_of("/nonexistent/x.xlsx").startswith("无法读取文件")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n\x00\x01binary",
        b"PK\x03\x04 not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,  # OLE2 header, nothing else
    ],
)
def test_not_a_spreadsheet(data):
    assert message_of(data) == "文件已损坏或不是有效的Excel文件，请用Excel打开后另存为.xlsx再上传"


def test_zip_without_content_types(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert message_of(buffer.getvalue()).startswith("文件已损坏或不是有效的Excel文件")


def test_html_saved_as_xls():
    html = "<html><body><table><tr><td>企业名称</td></tr></table></body></html>".encode()
    assert message_of(html, "export.xls").startswith("文件实际是网页（HTML）格式")


def test_excel_2003_xml_saved_as_xls():
    xml = b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'
    assert message_of(xml, "export.xls").startswith("文件实际是XML格式")


def test_zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (spreadsheets.RATIO_CHECK_FROM + 1))
    assert message_of(buffer.getvalue()) == "文件解压后过大，疑似异常文件"


def test_zip_total_size_limit(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"x" * 5000)
    monkeypatch.setattr(spreadsheets, "MAX_UNZIPPED_BYTES", 4000)
    assert message_of(buffer.getvalue()) == "文件解压后过大，疑似异常文件"


def build_cfb(stream_names: list[str]) -> bytes:
    """A minimal valid OLE2 compound file: one FAT sector, one directory sector, empty streams.

    Office saves a password-protected xlsx as such a container holding the streams
    EncryptionInfo and EncryptedPackage; no package here can write a real one.
    """
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        spreadsheets.OLE2_MAGIC,
        b"\0" * 16,
        0x3E,  # minor version
        3,  # major version: 512-byte sectors
        0xFFFE,  # byte order
        9,  # sector shift
        6,  # mini sector shift
        b"\0" * 6,
        0,  # directory sectors (0 for version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,  # transaction signature
        4096,  # mini stream cutoff
        end,  # first mini FAT sector
        0,
        end,  # first DIFAT sector
        0,
    )
    header += struct.pack("<109I", 0, *[free] * 108)
    fat = struct.pack("<128I", fat_sect, end, *[free] * 126)

    def entry(name, kind, child=free, right=free, start=end):
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1,  # black
            free,  # left sibling
            right,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            start,
            0,
        )

    entries = [entry("Root Entry", 5, child=1)]
    for i, name in enumerate(stream_names, 1):
        entries.append(entry(name, 2, right=i + 1 if i < len(stream_names) else free))
    directory = b"".join(entries).ljust(512, b"\0")
    return header + fat + directory


def build_xls(sheet: str, rows: list[list[str]]) -> bytes:
    """An old-format (BIFF8) .xls with one sheet of text cells, as Excel 97-2003 saves it.

    No package here writes .xls, so the records are written by hand: a workbook-globals part
    (BOF, CODEPAGE, BOUNDSHEET, SST with every string, EOF) and one worksheet (BOF, DIMENSIONS,
    a LABELSST per cell, EOF), in an OLE2 container's `Workbook` stream. The stream is padded
    to 4096 bytes so it lives in ordinary sectors (smaller streams use the mini stream).
    """

    def record(kind, data=b""):
        return struct.pack("<HH", kind, len(data)) + data

    def bof(kind):
        return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))

    strings = list(dict.fromkeys(value for line in rows for value in line))
    sst = struct.pack("<II", sum(len(line) for line in rows), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings
    )
    name = sheet.encode("utf-16-le")

    def globals_part(sheet_offset):
        boundsheet = struct.pack("<IBBBB", sheet_offset, 0, 0, len(sheet), 1) + name
        return (
            bof(0x0005)
            + record(0x0042, struct.pack("<H", 1200))
            + record(0x0085, boundsheet)
            + record(0x00FC, sst)
            + record(0x000A)
        )

    head = globals_part(0)
    head = globals_part(len(head))
    width = max((len(line) for line in rows), default=0)
    cells = b"".join(
        record(0x00FD, struct.pack("<HHHI", r, c, 0, strings.index(value)))
        for r, line in enumerate(rows)
        for c, value in enumerate(line)
    )
    dimensions = record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    stream = head + bof(0x0010) + dimensions + cells + record(0x000A)
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")

    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    sectors = len(stream) // 512
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        spreadsheets.OLE2_MAGIC,
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        end,
        0,
        end,
        0,
    )
    header += struct.pack("<109I", 0, *[free] * 108)
    chain = [fat_sect, end] + [3 + i for i in range(sectors - 1)] + [end]
    fat = struct.pack(f"<{len(chain)}I", *chain) + struct.pack(f"<{128 - len(chain)}I", *[free] * (128 - len(chain)))

    def entry(entry_name, kind, child=free, start=end, size=0):
        encoded = (entry_name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, free, free, child, b"\0" * 16, 0, 0, 0, start, size
        )

    directory = (entry("Root Entry", 5, child=1) + entry("Workbook", 2, start=2, size=len(stream))).ljust(512, b"\0")
    return header + fat + directory + stream


def test_password_protected_xlsx():
    data = build_cfb(["EncryptionInfo", "EncryptedPackage"])
    assert len(data) == 512 * 3
    assert message_of(data) == "文件设置了打开密码，请取消密码后再上传"


def test_other_ole2_file_is_not_taken_for_encrypted():
    assert spreadsheets._ole_has_stream(build_cfb(["Workbook"]), "EncryptedPackage") is False
    assert message_of(build_cfb(["WordDocument"])).startswith("文件已损坏或不是有效的Excel文件")


# ---------------------------------------------------------------- CSV


CSV_TEXT = (
    "2023年培育库名单,,\r\n"
    "企业名称,统一社会信用代码,注册资本(万元),成立日期\r\n"
    '海门甲科技有限公司,９１３７０７８４ＭＡ３Ｎ０３６８５Ｃ,"1,200",2019.5.1\r\n'
    ",,,\r\n"
    '"海门乙\n科技有限公司",91370784081759843R,300万,20190501\r\n'
    "海门丙科技有限公司,,,\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(encoding):
    table = read(CSV_TEXT.encode(encoding), "名单.csv")
    assert table.sheet_name == "名单.csv"
    assert table.header_row == 2
    assert [r.number for r in table.rows] == [3, 5, 6]
    first, second, third = table.rows
    assert first.values["name"] == "海门甲科技有限公司"
    assert first.values["registered_capital"] == "1,200"
    assert to_decimal(first.values["registered_capital"]) == Decimal("1200")
    assert to_date(first.values["founded_on"]) == date(2019, 5, 1)
    assert second.values["name"] == "海门乙\n科技有限公司"
    assert to_text(second.values["name"]) == "海门乙 科技有限公司"
    assert third.values["credit_code"] is None
    assert third.raw == ["海门丙科技有限公司", None, None, None]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiters(delimiter):
    text = f"企业名称{delimiter}统一社会信用代码{delimiter}备注\n甲公司{delimiter}{CODE_A}{delimiter}a,b\n"
    table = read(text.encode(), "a.txt")
    assert table.rows[0].values == {"name": "甲公司", "credit_code": CODE_A}
    assert table.ignored_headers == ["备注"]


def test_csv_named_xls_is_read_by_content():
    table = read(f"企业名称,统一社会信用代码\n甲公司,{CODE_A}\n".encode("gbk"), "export.xls")
    assert table.rows[0].values["name"] == "甲公司"


def test_csv_too_many_rows():
    text = "企业名称,统一社会信用代码\n" + "甲公司,x\n" * 6 + "\n\n\n"
    assert message_of(text.encode(), "a.csv", max_rows=5) == "超过5行数据（共6行），请拆分后分批上传"
    assert len(read(text.encode(), "a.csv", max_rows=6).rows) == 6


# ---------------------------------------------------------------- real-world files, and the same built here

# The shape of a public enterprise list (published Shandong penalty notices, 4,810 rows): an
# index and a serial before the name, region columns that are not Haimen towns, a header with a
# line break and full-width brackets, and rows whose later columns are blank.
SHANDONG_HEADER = [
    "序号",
    "序列",
    "企业名称",
    "统一社会信用代码",
    "所属地市",
    "所属区县",
    "行业\n［固定污染源排污许可分类管理名录（2017年版）］",
    "排污许可证实施时限",
    "是否取得排污许可证",
    "处罚公布时间",
    "存在问题",
    "处理情况",
    "罚款",
    "信息来源",
    "标题",
    "网址",
    "备注",
]
SHANDONG_ROW = [
    8,
    "SHD00008856",
    "安丘市赫赫工艺品厂",
    CODE_A,
    "潍坊市",
    "安丘市",
    "皮革、毛皮、羽毛及其制品和制鞋业19",
]
SHANDONG_ROW += [
    2019,
    "未到实施时限",
    date(2018, 5, 14),
    "未依法报批环评文件",
    "责令立即停止建设",
    15150,
    "安丘市人民政府",
]
SHANDONG_ROW += ["安环罚字（2018）21号", "http://xxgk.anqiu.gov.cn/", ""]
# The 20 columns of the empty old-format template (enterprise_data.xls), in their order.
EMPTY_TEMPLATE_HEADER = [
    "公司名称",
    "电话号码",
    "邮箱",
    "统一社会信用代码",
    "注册号",
    "组织机构代码",
    "经营状态",
    "公司类型",
    "成立日期",
    "法定代表人",
    "注册资本",
    "营业期限",
    "登记机关",
    "发照日期",
    "公司规模",
    "所属行业",
    "英文名",
    "曾用名",
    "企业地址",
    "经营范围",
]


def shandong_like(tmp_path, blank_tail=3) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业名单"
    ws.append(SHANDONG_HEADER)
    ws.append(SHANDONG_ROW)
    ws.append([9, "SHD00008857", "诸城市某某食品有限公司", "370681NA000276X", "潍坊市", "诸城市"] + [""] * 11)
    for i in range(blank_tail):  # the last rows: name and code, most columns blank
        ws.append(["", f"SHD0000435{i}", f"邹城市运输{i}有限公司", CODE_A, "济宁市", "邹城市"] + [""] * 11)
    return save(wb, tmp_path / "企业名单.xlsx")


def assert_reads_like_the_shandong_list(table, rows):
    assert table.sheet_name == "企业名单"
    assert table.header_row == 1
    assert table.columns == {"name": "企业名称", "credit_code": "统一社会信用代码"}
    assert "所属区县" in table.ignored_headers  # not a Haimen town column
    assert "town" not in table.columns
    assert any(h.startswith("行业\n［") for h in table.ignored_headers)  # line break, full-width brackets
    assert len(table.rows) == rows
    assert table.rows[0].number == 2 and table.rows[-1].number == rows + 1
    assert table.rows[0].values == {"name": "安丘市赫赫工艺品厂", "credit_code": CODE_A}
    assert len(table.raw_header) == len(table.rows[0].raw) == 17


def test_shandong_like_list(tmp_path):
    table = read(shandong_like(tmp_path))
    assert_reads_like_the_shandong_list(table, rows=5)
    assert table.rows[1].values["credit_code"] == "370681NA000276X"  # read as written; the importer judges it


def test_real_shandong_list(realdata):
    assert_reads_like_the_shandong_list(read(realdata("shandong-enterprise-list.xlsx")), rows=4810)


def corrupt_xlsx() -> bytes:
    """A real workbook with its [Content_Types].xml left out of the zip, as some tools write it."""
    source, target = io.BytesIO(), io.BytesIO()
    openpyxl.Workbook().save(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            if item.filename != "[Content_Types].xml":
                copy.writestr(item, original.read(item))
    return target.getvalue()


CORRUPT_MESSAGE = "文件已损坏或不是有效的Excel文件，请用Excel打开后另存为.xlsx再上传"


def test_xlsx_without_content_types_is_corrupt():
    assert message_of(corrupt_xlsx()) == CORRUPT_MESSAGE


def test_real_corrupt_upload(realdata):
    assert message_of(realdata("corrupt-upload.xlsx")) == CORRUPT_MESSAGE


def empty_template_xls() -> bytes:
    return build_xls("details", [EMPTY_TEMPLATE_HEADER])


def assert_reads_like_the_empty_template(source):
    # Its name column is "公司名称", which the template does not list: the user is told which
    # column is missing and what it may be called (rather than a vague "no header").
    message = message_of(source, "enterprise_data.xls")
    assert message.startswith("第1行的表头缺少必填列“企业名称”")

    columns = [ColumnSpec("name", "企业名称", ("公司名称",), required=True), *ENTERPRISE_COLUMNS[1:]]
    table = read_table(source, filename="enterprise_data.xls", columns=columns)
    assert table.sheet_name == "details"
    assert table.rows == []
    assert table.columns["name"] == "公司名称" and table.columns["credit_code"] == "统一社会信用代码"
    assert len(table.raw_header) == 20


def test_empty_old_xls_template():
    assert_reads_like_the_empty_template(empty_template_xls())


def test_real_empty_template_xls(realdata):
    assert_reads_like_the_empty_template(realdata("empty-template.xls"))


# ---------------------------------------------------------------- cell normalisers


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("  海门  科技\u3000有限公司 ", "海门 科技 有限公司"),
        ("'0513", "0513"),
        ("ＡＢＣ１２３", "ABC123"),
        (13800000000.0, "13800000000"),
        (12.5, "12.5"),
        (7, "7"),
        (date(2019, 5, 1), "2019-05-01"),
        (datetime(2019, 5, 1), "2019-05-01"),
    ],
)
def test_to_text(value, expected):
    assert to_text(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        (12.3, Decimal("12.3")),
        (0.1 + 0.2, Decimal("0.30000000000000004")),
        (1200, Decimal("1200")),
        (Decimal("5.5"), Decimal("5.5")),
        ("1,234.5", Decimal("1234.5")),
        ("１，２３４．５", Decimal("1234.5")),
        (" 1 234 ", Decimal("1234")),
        ("1234.5万元", Decimal("1234.5")),
        ("300万", Decimal("300")),
        ("12,345元", Decimal("1.2345")),
        ("5000000 元", Decimal("500")),
        ("1.2亿元", Decimal("12000")),
        ("3亿", Decimal("30000")),
        ("1.5E+4", Decimal("15000")),
        (1e20, Decimal("100000000000000000000")),
        ("¥1,000万元", Decimal("1000")),
        ("-5", Decimal("-5")),
        ("'88", Decimal("88")),
        ("-", None),
        ("—", None),
        ("——", None),
        ("/", None),
        ("无", None),
        ("空", None),
        ("不详", None),
    ],
)
def test_to_decimal(value, expected):
    result = to_decimal(value)
    assert result == expected
    if expected is not None:
        assert str(result) == str(expected)


def test_to_decimal_other_units():
    assert to_decimal("12,345元", unit="元") == Decimal("12345")
    assert to_decimal("1.5万元", unit="元") == Decimal("15000")
    assert to_decimal("12人", unit=None) == Decimal("12")


@pytest.mark.parametrize(
    "value", ["abc", "12a", "1,2", "1,23,456", "NaN", "Infinity", "1.2.3", "1e40", True, float("nan"), [1]]
)
def test_to_decimal_refuses(value):
    with pytest.raises(ValueError, match="不是有效的数字"):
        to_decimal(value)


def test_to_decimal_refuses_money_suffix_for_counts():
    with pytest.raises(ValueError):
        to_decimal("12万元", unit=None)


@pytest.mark.parametrize(
    "value, expected",
    [(None, None), (12, 12), (12.0, 12), ("12.0", 12), ("１２０", 120), ("1,200人", 1200), ("35 人", 35), ("-", None)],
)
def test_to_int(value, expected):
    assert to_int(value) == expected


@pytest.mark.parametrize("value", ["12.5", 12.5])
def test_to_int_refuses_fractions(value):
    with pytest.raises(ValueError, match="不是整数"):
        to_int(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("-", None),
        (date(2019, 5, 1), date(2019, 5, 1)),
        (datetime(2019, 5, 1, 10, 30), date(2019, 5, 1)),
        (43586, date(2019, 5, 1)),
        (43586.75, date(2019, 5, 1)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (20190501, date(2019, 5, 1)),
        ("2019-05-01", date(2019, 5, 1)),
        ("2019/5/1", date(2019, 5, 1)),
        ("2019.5.1", date(2019, 5, 1)),
        ("2019年5月1日", date(2019, 5, 1)),
        ("2019年05月01", date(2019, 5, 1)),
        ("20190501", date(2019, 5, 1)),
        ("2019-05-01 00:00:00", date(2019, 5, 1)),
        ("2019/5/1 8:30", date(2019, 5, 1)),
        ("２０１９－０５－０１", date(2019, 5, 1)),
        ("'2019-05-01", date(2019, 5, 1)),
        ("43586", date(2019, 5, 1)),
    ],
)
def test_to_date(value, expected):
    assert to_date(value) == expected


@pytest.mark.parametrize(
    "value", ["2019-02-30", "2019-5", "2019", "05/01/2019", "2019-05/01", "abc", 60, 0, -1, 99999, True]
)
def test_to_date_refuses(value):
    with pytest.raises(ValueError, match="不是有效的日期，应为 2019-05-01 这样的格式"):
        to_date(value)
