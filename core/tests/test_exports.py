"""List exports are written by the one xlsx writer (core.perf.xlsx): header style, widths, frozen
header, dates, formula escaping, blank cells kept, and readable by openpyxl and calamine."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import python_calamine

from core import exports


def _book(rows):
    columns = [
        exports.ExportColumn("名称", "name", width=36),
        exports.ExportColumn("日期", "day", width=12),
        exports.ExportColumn("金额", "amount"),
        exports.ExportColumn("备注", "note", choices=[("a", "甲")]),
    ]
    buffer = io.BytesIO()
    exports.write_xlsx(buffer, columns, exports._cells(columns, rows))
    return buffer.getvalue()


def test_export_layout_and_values():
    data = _book([["=SUM(A1)", dt.date(2023, 6, 30), Decimal("12.50"), "a"], ["乙", None, 3, None]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "数据"
    assert [c.value for c in sheet[1]] == ["名称", "日期", "金额", "备注"]
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb == "FFDDEBF7"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 36
    assert sheet["A2"].value == "'=SUM(A1)" and sheet["A2"].data_type == "s"  # shown, never run
    assert sheet["B2"].value == dt.datetime(2023, 6, 30) and sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == 12.5 and sheet["D2"].value == "甲"
    read_only = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert [list(r) for r in read_only.iter_rows(min_row=3, values_only=True)] == [["乙", None, 3, None]]
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[2][:3] == ["乙", "", 3]
