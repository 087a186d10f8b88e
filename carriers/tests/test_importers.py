"""The three carrier imports (carriers, carrier_tenants, carrier_reports): registered, derived from the
models, the model's rules per row (a tenant before the carrier opened, out before in, a percentage
outside 0–100, a quarter twice in one file), the error report, a fix and the confirm, and a round trip."""

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from carriers.importers import CARRIER_IMPORT, REPORT_IMPORT, TENANCY_IMPORT
from carriers.models import Carrier, ConstructionReport, Tenancy
from carriers.tests.factories import CarrierFactory
from core import importing
from core.models import ImportRun
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, name, content, filename="入驻企业.xlsx") -> ImportRun:
    response = client.post(reverse(f"carriers:{name}"), {"file": SimpleUploadedFile(filename, content), "sheet": ""})
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302, response
    return run


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_registered_and_derived_from_the_models():
    assert importing.get_importer("carriers") is CARRIER_IMPORT
    assert importing.get_importer("carrier_tenants") is TENANCY_IMPORT
    assert importing.get_importer("carrier_reports") is REPORT_IMPORT
    assert [c.label for c in TENANCY_IMPORT.columns] == ["载体名称", "统一社会信用代码", "入驻日期", "迁出日期", "毕业"]
    assert [c.key for c in REPORT_IMPORT.columns if c.required] == [
        "carrier",
        "year",
        "quarter",
        "planned_pct",
        "actual_pct",
    ]


TENANT_HEADERS = ["载体名称", "统一社会信用代码", "入驻日期", "迁出日期"]


def test_tenant_list_with_a_bad_row_fixed_from_the_error_report(staff, changle):
    carrier = CarrierFactory(town=changle, name="长海大厦", opened_on=dt.date(2019, 6, 1))
    a, b, c = (EnterpriseFactory(town=changle) for _ in range(3))
    rows = [
        ["长海大厦", a.credit_code, dt.date(2022, 3, 1), None],
        ["长海大厦", b.credit_code, dt.date(2019, 5, 1), None],  # before the carrier opened
        ["长海大厦", c.credit_code, dt.date(2023, 3, 1), dt.date(2023, 1, 1)],  # out before in
    ]
    run = upload(staff, "tenant_import", xlsx(TENANT_HEADERS, rows))
    assert run.status == ImportRun.Status.PREVIEWED
    assert run.counts["new"] == 1 and run.counts["errors"] == 2
    page = staff.get(reverse("carriers:tenant_import_run", args=[run.pk])).content.decode()
    assert "早于载体启用日期 2019-06-01" in page and "早于入驻日期" in page
    assert not Tenancy.objects.exists()

    report = staff.get(reverse("carriers:tenant_import_errors", args=[run.pk]))
    lines = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active.iter_rows(values_only=True)
    )
    # The report carries every row (the good one with an empty 错误说明) and replaces the file.
    assert len(lines) == 4 and lines[0][-1] == "错误说明"
    assert [bool(line[-1]) for line in lines[1:]] == [False, True, True]
    fixed = []
    for line in lines[1:]:
        cells = list(line[:4])
        if line[-1]:  # fix the two marked rows
            cells[2] = dt.date(2020, 1, 1)
            cells[3] = None
        fixed.append(cells)
    run = upload(staff, "tenant_import", xlsx(TENANT_HEADERS, fixed))
    assert run.counts["errors"] == 0 and run.counts["new"] == 3
    staff.post(reverse("carriers:tenant_import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert carrier.tenancies.count() == 3


def test_reports_import_rules_and_upsert(staff, changle):
    CarrierFactory(town=changle, name="拓鸿产业园")
    headers = ["载体名称", "年度", "季度", "计划进度(%)", "实际进度(%)", "存在问题", "季度考核"]
    rows = [
        ["拓鸿产业园", 2023, "第一季度", "40%", 35, "", "合格"],
        ["拓鸿产业园", 2023, 2, 60, 120, "", ""],  # outside 0–100
        ["拓鸿产业园", 2023, "Q1", 45, 40, "", ""],  # the same quarter twice in the file
        ["不存在的载体", 2023, 3, 60, 50, "", ""],
    ]
    run = upload(staff, "report_import", xlsx(headers, rows), "季报.xlsx")
    assert run.counts["new"] == 1 and run.counts["errors"] == 3
    page = staff.get(reverse("carriers:report_import_run", args=[run.pk])).content.decode()
    assert "百分比应在 0–100 之间" in page and "重复" in page and "不存在的载体" in page
    staff.post(reverse("carriers:report_import_confirm", args=[run.pk]), {"skip_errors": "1"})
    report = ConstructionReport.objects.get()
    assert (report.quarter, report.planned_pct, report.actual_pct, report.assessment) == (
        1,
        Decimal("40"),
        Decimal("35"),
        "pass",
    )


def test_carriers_import_and_round_trip(changle, tmp_path):
    path = tmp_path / "载体.xlsx"
    headers = [
        "载体名称",
        "载体类型",
        "级别",
        "所属区镇",
        "面积(㎡)",
        "运营机构",
        "科技人才发展集团管理",
        "状态",
        "所属片区",
        "启用日期",
    ]
    good = ["长海大厦", "孵化器", "区级", "常乐", "3万㎡", "", "是", "运营", "", dt.date(2019, 6, 1)]
    path.write_bytes(
        xlsx(
            headers,
            [
                good,
                ["负面积", "孵化器", "", "常乐镇", -5, "", "", "", "", None],
            ],
        )
    )
    out = io.StringIO()
    with pytest.raises(CommandError):  # a file with an error row is refused as a whole by the command
        call_command("import_data", "carriers", str(path), "--json", stdout=out)
    assert "面积不能为负数" in out.getvalue()
    assert not Carrier.objects.exists()
    path.write_bytes(
        xlsx(headers, [["长海大厦", "孵化器", "区级", "常乐", "3万㎡", "", "是", "运营", "", dt.date(2019, 6, 1)]])
    )
    call_command("import_data", "carriers", str(path), "--json", stdout=io.StringIO())
    carrier = Carrier.objects.get()
    assert (carrier.area_sqm, carrier.town, carrier.group_managed) == (Decimal("30000"), changle, True)
    exported = tmp_path / "export.xlsx"
    call_command("export_data", "carriers", str(exported), stdout=io.StringIO())
    again = io.StringIO()
    call_command("import_data", "carriers", str(exported), "--json", stdout=again)
    summary = json.loads(again.getvalue())
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
