"""The industry–academia imports: technology contracts as the registry exports them (卖方/买方, 技术交易额,
合同成交额, 登记日期), IA projects; every bad row named, nothing half-saved, the export round-trips."""

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

from cooperation.importers import CONTRACT_IMPORT, IA_IMPORT
from cooperation.models import Direction, IACooperation, Registration, TechContract
from cooperation.tests.factories import InstitutionFactory, TechContractFactory
from core import importing
from core.models import ImportRun
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

# The registry's own header words (a title row above them, as its export has).
REGISTRY = [
    "序号",
    "合同登记编号",
    "合同名称",
    "卖方名称",
    "买方名称",
    "技术合同类别",
    "合同成交额(万元)",
    "技术交易额(万元)",
    "登记日期",
]


def xlsx(headers, rows, title="2023年上半年技术合同登记汇总表") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, name, content, filename="技术合同.xlsx") -> ImportRun:
    response = client.post(reverse(f"cooperation:{name}"), {"file": SimpleUploadedFile(filename, content), "sheet": ""})
    assert response.status_code == 302, response.content.decode()[-3000:]
    return ImportRun.objects.latest("pk")


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_registered():
    assert importing.get_importer("tech_contracts") is CONTRACT_IMPORT
    assert importing.get_importer("ia_projects") is IA_IMPORT
    assert [c.label for c in CONTRACT_IMPORT.columns][:5] == [
        "合同登记编号",
        "合同名称",
        "卖方",
        "买方",
        "海门企业统一社会信用代码",
    ]


def test_registry_export_with_bad_rows(staff, changle):
    seller = EnterpriseFactory(town=changle, name="招商局重工（江苏）有限公司")
    buyer = EnterpriseFactory(town=changle, name="南通海新船务工程有限公司")
    rows = [
        [1, "23320614000001", "焊接技术开发", "招商局重工(江苏)有限公司", "外高桥", "开发", "1,200", 1000, "2023/3/15"],
        [2, "23320614000002", "涂装技术服务", "上海某研究所", "南通海新船务工程有限公司", "服务", 80, 80, "2023.4.1"],
        [3, "23320614000003", "技术额超标", "招商局重工（江苏）有限公司", "某公司", "技术开发", 100, 150, "2023-05-01"],
        [4, "23320614000001", "编号重复", "招商局重工（江苏）有限公司", "某公司", "技术开发", 10, 10, "2023-05-01"],
        [5, "23320614000005", "未知企业", "南通不存在科技有限公司", "上海某公司", "技术咨询", 10, 10, "2023-05-01"],
        [6, "23320614000006", "将来的日期", "招商局重工（江苏）有限公司", "某公司", "技术开发", 10, 10, "2099-01-01"],
    ]  # fmt: skip
    run = upload(staff, "contract_import", xlsx(REGISTRY, rows))
    assert run.status == ImportRun.Status.PREVIEWED
    assert run.counts["new"] == 2 and run.counts["errors"] == 4, run.errors
    page = staff.get(reverse("cooperation:contract_import_run", args=[run.pk])).content.decode()
    assert "技术交易额 150万元 大于合同成交额 100万元" in page
    assert "与第3行的合同登记编号重复" in page  # the spreadsheet's own row numbers (title row above)
    assert "南通不存在科技有限公司" in page and "不是平台中的企业" in page
    assert "晚于今天" in page
    assert not TechContract.objects.exists()  # nothing written before the confirm

    staff.post(reverse("cooperation:contract_import_confirm", args=[run.pk]), {"skip_errors": "1"})
    first = TechContract.objects.get(reg_number="23320614000001")
    assert (first.enterprise, first.direction, first.counterpart) == (
        seller,
        Direction.OUTPUT,
        "外高桥",
    )
    assert (first.contract_amount, first.tech_amount, first.status) == (Decimal("1200"), Decimal("1000"), "registered")
    second = TechContract.objects.get(reg_number="23320614000002")
    assert (second.enterprise, second.direction, second.kind) == (buyer, Direction.ABSORB, "service")


def test_a_duplicate_of_a_stored_number_updates_it_and_a_registered_one_stays(staff, changle):
    enterprise = EnterpriseFactory(town=changle, name="益诺思生物技术南通有限公司")
    TechContractFactory(reg_number="23320614000009", enterprise=enterprise, contract_amount=Decimal("500"))
    headers = [
        "合同登记编号",
        "合同名称",
        "卖方",
        "买方",
        "合同成交额",
        "技术交易额",
        "登记日期",
        "登记状态",
        "整改原因",
    ]
    rows = [
        ["23320614000009", "改名", "益诺思生物技术南通有限公司", "甲方", 600, 500, "2023-03-01", "需整改", "缺材料"]
    ]
    run = upload(staff, "contract_import", xlsx(headers, rows, title=None))
    page = staff.get(reverse("cooperation:contract_import_run", args=[run.pk])).content.decode()
    assert run.counts["errors"] == 1 and "已于 2023-03-01 登记" in page


def test_officer_cannot_import_contracts(client, officer, changle):
    EnterpriseFactory(town=changle, name="南通维柏思特衬布有限公司")
    client.force_login(officer)
    rows = [["23320614000011", "衬布技术转让", "南通维柏思特衬布有限公司", "甲方", 10, 10, "2023-03-01"]]
    headers = ["合同登记编号", "合同名称", "卖方", "买方", "合同成交额", "技术交易额", "登记日期"]
    run = upload(client, "contract_import", xlsx(headers, rows, title=None))
    assert run.counts["errors"] == 1 and not TechContract.objects.exists()


def test_contracts_round_trip(changle, tmp_path, staff_user):
    TechContractFactory(enterprise__town=changle, reg_number="23320614000021", counterpart="上海甲公司")
    TechContractFactory(
        enterprise__town=changle, reg_number="23320614000022", direction=Direction.ABSORB, counterpart="同济大学",
        status=Registration.RECTIFY, registered_on=None, rectify_reason="材料不全", rectify_since=dt.date(2023, 5, 1),
    )  # fmt: skip
    exported = tmp_path / "export.xlsx"
    call_command("export_data", "tech_contracts", str(exported), stdout=io.StringIO())
    again = io.StringIO()
    call_command("import_data", "tech_contracts", str(exported), "--json", stdout=again)
    summary = json.loads(again.getvalue())
    assert (summary["new"], summary["updated"], summary["unchanged"], summary["errors"]) == (0, 0, 2, [])


def test_ia_projects_import_and_round_trip(changle, tmp_path):
    enterprise = EnterpriseFactory(town=changle)
    InstitutionFactory(name="同济大学")
    path = tmp_path / "产学研.xlsx"
    headers = ["统一社会信用代码", "合作院校", "项目名称", "合作方式", "金额", "签约日期"]
    rows = [
        [enterprise.credit_code, "同济大学", "风电叶片材料联合开发", "技术开发", "50万元", "2023-03-01"],
        [enterprise.credit_code, "不存在大学", "某项目", "技术开发", 10, "2023-03-01"],
        ["91320614MA00000000", "同济大学", "某项目", "技术开发", 10, "2023-03-01"],
    ]
    path.write_bytes(xlsx(headers, rows, title=None))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "ia_projects", str(path), "--json", stdout=out)
    text = out.getvalue()
    assert "没有名为“不存在大学”的高校院所" in text
    assert not IACooperation.objects.exists()
    path.write_bytes(xlsx(headers, rows[:1], title=None))
    call_command("import_data", "ia_projects", str(path), "--json", stdout=io.StringIO())
    project = IACooperation.objects.get()
    assert (project.amount, project.signed_on) == (Decimal("50"), dt.date(2023, 3, 1))
    exported = tmp_path / "export.xlsx"
    call_command("export_data", "ia_projects", str(exported), stdout=io.StringIO())
    again = io.StringIO()
    call_command("import_data", "ia_projects", str(exported), "--json", stdout=again)
    assert json.loads(again.getvalue())["unchanged"] == 1
