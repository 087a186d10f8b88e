"""Issue 9: a list export a person can file — the filter in the file name, a title row (filter,
who, when), 序号, an autofilter, fitted widths, the year in the pool columns — that still reads
back as an enterprise list (the header is found under the title row)."""

import datetime as dt
import io
import re
import zipfile
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.spreadsheets import read_table
from enterprises import services
from enterprises.importers import ENTERPRISE_COLUMNS
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _download(client, query):
    response = client.get(f"{reverse('enterprises:enterprise_list')}?{query}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    disposition = unquote(response["Content-Disposition"])
    return content, disposition


def test_the_filed_export(client, staff_user, sanxing, changle):
    staff_user.last_name, staff_user.first_name = "张", "科员"
    staff_user.save()
    for i in range(3):
        e = EnterpriseFactory(name=f"南通三星拟申报企业{i}有限公司", town=sanxing)
        services.pool_enter(
            enterprise=e, pool=Pool.QIANGJI, year=2023, stage=Stage.CANDIDATE, user=staff_user, on=dt.date(2023, 5, 1)
        )
    EnterpriseFactory(name="常乐企业", town=changle)
    client.force_login(staff_user)
    content, disposition = _download(client, f"town={sanxing.pk}&pool=qiangji&stage=candidate&year=2023&export=xlsx")
    today = timezone.localdate().strftime("%Y%m%d")
    assert f"企业名单-三星镇-强基计划-拟申报-2023-{today}.xlsx" in disposition

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    title = sheet["A1"].value
    assert title.startswith("企业名单") and "区镇：三星镇" in title and "培育库：强基计划" in title
    assert "阶段：拟申报" in title and "年度：2023" in title and "导出人：张科员" in title
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["序号", "企业名称", "统一社会信用代码"]
    assert "强基计划阶段（2023年）" in header and "繁星计划阶段（2023年）" in header
    assert [sheet.cell(row=r, column=1).value for r in range(3, 6)] == [1, 2, 3]
    assert sheet.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(len(header))}5"
    assert "A1:" in str(sheet.merged_cells)
    widths = {c: sheet.column_dimensions[c].width for c in "ABC"}
    assert widths["A"] < widths["C"] and widths["B"] >= 2 * len("南通三星拟申报企业0有限公司")
    assert sheet.freeze_panes == "A3"

    # The list still reads back as an enterprise list: header found under the title row.
    table = read_table(content, filename="export.xlsx", columns=ENTERPRISE_COLUMNS)
    assert table.header_row == 2
    assert [row.values["name"] for row in table.rows] == [f"南通三星拟申报企业{i}有限公司" for i in range(3)]


def test_the_csv_stays_a_plain_table_named_by_its_filter(client, staff_user, sanxing):
    EnterpriseFactory(name="三星企业", town=sanxing)
    client.force_login(staff_user)
    content, disposition = _download(client, f"town={sanxing.pk}&is_key=false&export=csv")
    # The list's year (shown selected in its filter, this year by default) names the file too.
    assert re.search(r"企业名单-三星镇-非重点企业-\d{4}-\d{8}\.csv", disposition)
    assert content.decode("utf-8-sig").splitlines()[0].startswith("企业名称,")


def test_an_unfiltered_export_names_the_year_it_shows(client, staff_user):
    client.force_login(staff_user)
    content, disposition = _download(client, "export=xlsx")
    year = timezone.localdate().year  # the year the list shows by default, named like a chosen one
    assert re.search(rf"企业名单-{year}-\d{{8}}\.xlsx", disposition)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert "筛选条件：" in sheet["A1"].value and str(year) in sheet["A1"].value
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert b"<autoFilter" in z.read("xl/worksheets/sheet1.xml")
