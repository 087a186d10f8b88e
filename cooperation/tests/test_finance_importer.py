"""The financing importer: registered, its rules per row (a loan above its credit line without a
note, a date in the future, an unknown enterprise or bank), all or nothing, and a round trip."""

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
from django.utils import timezone

from cooperation import services
from cooperation.importers import FINANCING_IMPORT
from cooperation.models import Financing
from cooperation.tests.finance_factories import BankFactory, credit
from core import importing
from core.demo_codes import credit_code
from core.models import ImportRun
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
UNKNOWN = credit_code(99_999_999)  # valid, but no enterprise has it
HEADERS = ["统一社会信用代码", "银行", "金融产品", "类型", "金额(万元)", "日期", "备注"]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_command(tmp_path, rows, *args):
    path = tmp_path / "科技金融.xlsx"
    path.write_bytes(xlsx(rows))
    out = io.StringIO()
    call_command("import_data", "financing", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def setting(changle):
    bank = BankFactory(name="江苏某农村商业银行", short_name="某农商行", aliases=["农商行"])
    return {"a": EnterpriseFactory(town=changle), "b": EnterpriseFactory(town=changle), "bank": bank}


def test_registered_with_its_columns():
    assert importing.get_importer("financing") is FINANCING_IMPORT
    assert [c.label for c in FINANCING_IMPORT.columns] == [
        "统一社会信用代码", "银行", "金融产品", "其他产品名称", "类型", "金额(万元)", "日期", "备注",
    ]  # fmt: skip


def test_bad_rows_are_named_and_nothing_is_written(tmp_path, setting):
    a, b = setting["a"].credit_code, setting["b"].credit_code
    future = timezone.localdate() + dt.timedelta(days=3)
    rows = [
        [a, "某农商行", "苏科贷", "授信", 500, dt.date(2023, 3, 1), ""],  # row 2: a line …
        [a, "农商行", "苏科贷", "放款", 400, dt.date(2023, 4, 1), ""],  # row 3: … covering this loan
        [a, "江苏某农村商业银行", "苏科贷", "放款", 650, dt.date(2023, 5, 1), ""],  # row 4: above the line
        [b, "某农商行", "通科贷", "对接", None, future, ""],  # row 5: in the future
        [UNKNOWN, "某农商行", "人才贷", "对接", None, dt.date(2023, 3, 1), ""],  # row 6: not in the portal
        [b, "不存在的银行", "人才贷", "对接", None, dt.date(2023, 3, 1), ""],  # row 7
        [b, "某农商行", "园区贷", "授信", None, dt.date(2023, 3, 1), ""],  # row 8: no amount
    ]
    path = tmp_path / "科技金融.xlsx"
    path.write_bytes(xlsx(rows))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "financing", str(path), "--json", stdout=out)
    errors = {e["row"]: e for e in json.loads(out.getvalue())["errors"]}
    assert sorted(errors) == [4, 5, 6, 7, 8]
    assert "放款 650 万元超过该企业在该银行的授信额度 500 万元" in errors[4]["message"]
    assert errors[4]["column"] == "金额(万元)"
    assert "晚于今天" in errors[5]["message"] and errors[5]["column"] == "日期"
    assert errors[6]["message"] == f"平台中没有统一社会信用代码为“{UNKNOWN}”的企业"
    assert errors[7]["message"] == "“不存在的银行”不是平台中的银行（银行名单由区科技局维护）"
    assert "须填写金额" in errors[8]["message"]
    assert not Financing.objects.exists()  # all or nothing


def test_a_note_lets_a_loan_above_its_line_in_and_the_file_round_trips(tmp_path, setting):
    a = setting["a"]
    credit(a, setting["bank"], 500, dt.date(2023, 3, 1))  # a stored line
    rows = [
        [a.credit_code, "某农商行", "苏科贷", "放款", "650万元", "2023年5月1日", "授信已提高至800万元"],
        [a.credit_code, "某农商行", "苏科贷", "放款", 300, "2023/6/1", ""],
    ]
    summary = run_command(tmp_path, rows)
    assert (summary["new"], summary["errors"]) == (2, [])
    loan = Financing.objects.get(kind="loan", on=dt.date(2023, 5, 1))
    assert (loan.amount, loan.bank, loan.enterprise) == (Decimal("650"), setting["bank"], a)
    exported = tmp_path / "export.xlsx"
    call_command("export_data", "financing", str(exported), stdout=io.StringIO())
    again = io.StringIO()
    call_command("import_data", "financing", str(exported), "--json", stdout=again)
    summary = json.loads(again.getvalue())
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 0, 3)


def test_a_line_imported_below_a_loan_it_covers_is_named(tmp_path, setting):
    """Re-importing a stored line lower than a stored loan it covers, or a new line below a loan of
    an earlier row, is the loan rule from the line's side: the row is named, nothing is written."""
    a, bank = setting["a"], setting["bank"]
    credit(a, bank, 800, dt.date(2023, 3, 1))
    services.financing_save(
        instance=Financing(enterprise=a, bank=bank, kind="loan", amount=Decimal("700"), on=dt.date(2023, 4, 1))
    )
    b = setting["b"].credit_code
    rows = [
        [a.credit_code, "某农商行", "苏科贷", "授信", 600, dt.date(2023, 3, 1), ""],  # row 2: lowers the stored line
        [b, "某农商行", "苏科贷", "放款", 300, dt.date(2023, 5, 1), ""],  # row 3: b's loan, no line yet
        [b, "某农商行", "苏科贷", "授信", 200, dt.date(2023, 4, 1), ""],  # row 4: a line below it
        [b, "某农商行", "苏科贷", "授信", 300, dt.date(2023, 4, 2), ""],  # row 5: equal is fine
    ]
    path = tmp_path / "科技金融.xlsx"
    path.write_bytes(xlsx(rows))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "financing", str(path), "--json", stdout=out)
    errors = {e["row"]: e for e in json.loads(out.getvalue())["errors"]}
    assert sorted(errors) == [2, 4]
    assert "该授信下已有 2023-04-01 放款 700 万元，授信额度不能低于放款金额" in errors[2]["message"]
    assert errors[2]["column"] == "金额(万元)"
    assert "该授信下已有 2023-05-01 放款 300 万元" in errors[4]["message"]
    assert Financing.objects.get(kind="credit", enterprise=a).amount == Decimal("800")  # nothing written
    assert not Financing.objects.filter(enterprise=setting["b"]).exists()


def test_the_web_flow_with_a_bad_row_fixed(client, staff_user, setting):
    client.force_login(staff_user)
    a = setting["a"].credit_code
    bad = xlsx([[a, "某农商行", "苏科贷", "授信", 500, dt.date(2023, 3, 1), ""],
                [a, "某农商行", "苏科贷", "放款", 900, dt.date(2023, 4, 1), ""]])  # fmt: skip
    response = client.post(reverse("cooperation:financing_import"), {"file": SimpleUploadedFile("f.xlsx", bad)})
    assert response.status_code == 302
    run = ImportRun.objects.latest("pk")
    assert run.counts["errors"] == 1 and run.counts["new"] == 1
    page = client.get(reverse("cooperation:financing_import_run", args=[run.pk])).content.decode()
    assert "放款 900 万元超过该企业在该银行的授信额度 500 万元" in page
    fixed = xlsx([[a, "某农商行", "苏科贷", "授信", 500, dt.date(2023, 3, 1), ""],
                  [a, "某农商行", "苏科贷", "放款", 450, dt.date(2023, 4, 1), ""]])  # fmt: skip
    client.post(reverse("cooperation:financing_import"), {"file": SimpleUploadedFile("f.xlsx", fixed)})
    run = ImportRun.objects.latest("pk")
    assert run.counts["errors"] == 0
    client.post(reverse("cooperation:financing_import_confirm", args=[run.pk]))
    assert Financing.objects.count() == 2


def test_an_officer_imports_nothing_of_another_town(client, officer, sanxing, setting):
    stranger = EnterpriseFactory(town=sanxing)
    client.force_login(officer)
    content = xlsx([[stranger.credit_code, "某农商行", "苏科贷", "对接", None, dt.date(2023, 3, 1), ""]])
    client.post(reverse("cooperation:financing_import"), {"file": SimpleUploadedFile("f.xlsx", content)})
    run = ImportRun.objects.latest("pk")
    assert run.counts["errors"] == 1
    page = client.get(reverse("cooperation:financing_import_run", args=[run.pk])).content.decode()
    assert "不属于您的区镇" in page
