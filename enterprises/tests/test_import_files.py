"""Whole files: the real spreadsheets, whole-file problems, the commands, export → import round trip."""

import io
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from core import spreadsheets
from core.demo_codes import credit_code
from core.models import ImportRun
from core.tests.test_spreadsheets import SHANDONG_HEADER, SHANDONG_ROW, build_cfb, corrupt_xlsx, empty_template_xls
from enterprises.models import Enterprise, EnterpriseYear, PoolMembership

from .import_files import code, read_xlsx, row, template_rows, xlsx

pytestmark = pytest.mark.django_db


def command(*args, expect_exit=0):
    """Run import_enterprises --json; returns (summary, CommandError message or None)."""
    out = io.StringIO()
    try:
        call_command("import_enterprises", *map(str, args), "--json", stdout=out)
    except CommandError as exc:
        assert exc.returncode == expect_exit == 1, exc
        return json.loads(out.getvalue()), str(exc)
    assert expect_exit == 0
    return json.loads(out.getvalue()), None


def write(tmp_path, content, name="upload.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


# ---------------------------------------------------------------- a real-world list, built here and real

SHANDONG_A = SHANDONG_ROW[3]  # 91370784MA3N03685C, 安丘市赫赫工艺品厂


def shandong_like(tmp_path):
    """A public enterprise list in the shape of the Shandong one, with each of its problems once:
    an old 15-digit 注册号, the letter O typed for a zero, a wrong check character, the same
    company twice more, and rows at the end with only a name and a code."""
    other = credit_code(31, division="370784")
    blank = [""] * 11
    rows = [
        SHANDONG_ROW,  # row 2
        [9, "SHD9", "诸城市甲食品有限公司", "370681NA000276X", "潍坊市", "诸城市", *blank],  # 3
        [10, "SHD10", "临沂市乙建材有限公司", "91371626MA3NOLHN7H", "临沂市", "兰陵县", *blank],  # 4
        [11, "SHD11", "日照市丙化工有限公司", "91371421785011768Y", "日照市", "莒县", *blank],  # 5
        [12, "SHD12", "安丘市赫赫工艺品厂", SHANDONG_A, "潍坊市", "安丘市", *blank],  # 6
        [13, "SHD13", "安丘市丁机械有限公司", other, "潍坊市", "安丘市", *blank],  # 7
        [14, "SHD14", "安丘市赫赫工艺品厂", SHANDONG_A, "潍坊市", "安丘市", *blank],  # 8
        ["", "SHD15", "邹城市戊运输有限公司", credit_code(32, division="370883"), "济宁市", "邹城市", *blank],  # 9
        ["", "SHD16", "邹城市己砂石有限公司", credit_code(33, division="370883"), "济宁市", "邹城市", *blank],  # 10
    ]
    return write(tmp_path, xlsx(rows, headers=SHANDONG_HEADER), "企业名单.xlsx")


def assert_imported_like_the_shandong_list(summary, failure, *, new, error_rows):
    """Every valid first-seen code becomes an enterprise with no town; every other row is listed
    with its own row number and a reason a person can act on."""
    assert (summary["new"], summary["updated"], summary["unchanged"], summary["skipped"]) == (new, 0, 0, 0)
    assert Enterprise.objects.count() == new
    assert not Enterprise.objects.filter(town__isnull=False).exists()  # 所属区县 is not a Haimen town column
    assert Enterprise.objects.filter(credit_code=SHANDONG_A, name="安丘市赫赫工艺品厂").exists()
    assert "未识别的列“所属区县”，已忽略" in summary["warnings"]
    assert failure == f"{error_rows}行未通过检查，已跳过；其余的行已导入"
    run = ImportRun.objects.get()
    assert (run.source, run.status, run.counts["new"], run.error_count) == ("cli", "done", new, error_rows)
    errors = {e["row"]: e for e in summary["errors"]}
    assert len(errors) == len(summary["errors"]) == error_rows
    assert all(e["column"] == "统一社会信用代码" for e in errors.values())
    repeats = [e for e in errors.values() if e["message"].startswith("与第")]
    for repeat in repeats:  # each names an earlier row that was imported
        earlier = int(repeat["message"].removeprefix("与第").split("行")[0])
        assert earlier < repeat["row"] and earlier not in errors
    return errors, repeats


def test_public_list_with_skip_errors(tmp_path):
    summary, failure = command(shandong_like(tmp_path), "--skip-errors", expect_exit=1)
    errors, repeats = assert_imported_like_the_shandong_list(summary, failure, new=4, error_rows=5)
    assert errors[3]["message"].startswith("“370681NA000276X”是旧版15位工商注册号")
    assert "请核对营业执照；可能是 91371626MA3N0LHN7H（第13位“O”改为“0”）" in errors[4]["message"]
    assert "校验位错误，请核对营业执照；可能是 91371421785041768Y（第13位“1”改为“4”）" in errors[5]["message"]
    assert sorted(e["row"] for e in repeats) == [6, 8]


def test_public_list_without_skip_errors_writes_nothing(tmp_path):
    summary, failure = command(shandong_like(tmp_path), expect_exit=1)
    assert summary["new"] == 4 and len(summary["errors"]) == 5
    assert failure == "5行未通过检查，没有写入任何数据（加 --skip-errors 可只导入正确的行）"
    assert not Enterprise.objects.exists() and not ImportRun.objects.exists()


def test_real_shandong_with_skip_errors(realdata):
    """The real list (4,810 rows from published penalty notices): the same behaviour at full size."""
    summary, failure = command(realdata("shandong-enterprise-list.xlsx"), "--skip-errors", expect_exit=1)
    errors, repeats = assert_imported_like_the_shandong_list(summary, failure, new=3153, error_rows=1657)
    assert "请核对营业执照；可能是 91371626MA3N0LHN7H（第13位“O”改为“0”）" in errors[3243]["message"]
    assert "校验位错误，请核对营业执照；可能是 91371421785041768Y（第13位“1”改为“4”）" in errors[3781]["message"]
    assert errors[1310]["message"].startswith("“370681NA000276X”是旧版15位工商注册号")
    assert len([e for e in errors.values() if "旧版15位工商注册号" in e["message"]]) == 530
    assert len(repeats) == 1122


def test_real_shandong_without_skip_errors_writes_nothing(realdata):
    summary, failure = command(realdata("shandong-enterprise-list.xlsx"), expect_exit=1)
    assert summary["new"] == 3153 and len(summary["errors"]) == 1657
    assert failure == "1657行未通过检查，没有写入任何数据（加 --skip-errors 可只导入正确的行）"
    assert not Enterprise.objects.exists() and not ImportRun.objects.exists()


CORRUPT_MESSAGE = "文件已损坏或不是有效的Excel文件，请用Excel打开后另存为.xlsx再上传"


def assert_corrupt(path):
    summary, failure = command(path, expect_exit=1)
    assert summary["errors"] == [{"row": None, "column": "", "message": CORRUPT_MESSAGE}]
    assert failure == CORRUPT_MESSAGE


def test_corrupt_upload_is_one_message(tmp_path):
    assert_corrupt(write(tmp_path, corrupt_xlsx(), "370681018019402.xlsx"))


def test_real_corrupt_upload_is_one_message(realdata):
    assert_corrupt(realdata("corrupt-upload.xlsx"))


def assert_empty_template(path):
    # 公司名称 is taken as 企业名称: the header is found, and there is simply nothing to import.
    summary, failure = command(path)
    assert failure is None
    assert summary == {
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "errors": [],
        "warnings": summary["warnings"],
    }
    assert "未识别的列“电话号码”，已忽略" in summary["warnings"]


def test_empty_old_xls_template_has_a_header_and_no_rows(tmp_path, towns):
    assert_empty_template(write(tmp_path, empty_template_xls(), "enterprise_data.xls"))


def test_real_empty_old_xls_template(realdata, towns):
    assert_empty_template(realdata("empty-template.xls"))


# ---------------------------------------------------------------- whole-file problems: one message, no traceback


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (spreadsheets.RATIO_CHECK_FROM + 1))
    return buffer.getvalue()


WHOLE_FILE_PROBLEMS = [
    ("empty", b"", "文件为空"),
    ("password", build_cfb(["EncryptionInfo", "EncryptedPackage"]), "文件设置了打开密码，请取消密码后再上传"),
    ("zip-bomb", zip_bomb(), "文件解压后过大，疑似异常文件"),
    (
        "not-a-spreadsheet",
        b"%PDF-1.4\x00\x01binary",
        "文件已损坏或不是有效的Excel文件，请用Excel打开后另存为.xlsx再上传",
    ),
    (
        "no-header",
        "姓名,年龄\n张三,30\n".encode(),
        "未找到表头：请确认表格包含“企业名称”“统一社会信用代码”等列（可下载导入模板对照）",
    ),
]


@pytest.mark.parametrize(
    "content, message", [p[1:] for p in WHOLE_FILE_PROBLEMS], ids=[p[0] for p in WHOLE_FILE_PROBLEMS]
)
def test_whole_file_problems_in_the_command(tmp_path, content, message):
    summary, failure = command(write(tmp_path, content), expect_exit=1)
    assert failure == message
    assert summary["errors"] == [{"row": None, "column": "", "message": message}]


def test_over_20_mb_and_over_200000_rows(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.write("企业名称,统一社会信用代码\n".encode())
        handle.truncate(spreadsheets.MAX_BYTES + 1)
    assert command(big, expect_exit=1)[1] == "文件超过20MB，请拆分后分批上传"

    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 5)
    rows = write(tmp_path, xlsx([row(n) for n in range(6)]))
    assert command(rows, expect_exit=1)[1] == "超过5行数据（共6行），请拆分后分批上传"


def test_header_missing_the_code_column(tmp_path):
    content = xlsx([["海门甲有限公司", "常乐镇"]], headers=["企业名称", "所属区镇"])
    failure = command(write(tmp_path, content), expect_exit=1)[1]
    assert failure.startswith("第1行的表头缺少必填列“统一社会信用代码”（也可写作：社会信用代码、信用代码、统一代码）")


# ---------------------------------------------------------------- the commands


def test_dry_run_writes_nothing_and_reports(tmp_path, towns):
    path = write(tmp_path, xlsx(template_rows(2)))
    summary, failure = command(path, "--dry-run")
    assert (summary["new"], failure) == (2, None)
    assert not Enterprise.objects.exists() and not ImportRun.objects.exists()


def test_user_is_the_actor_and_limits_the_scope(tmp_path, towns, officer, staff_user):
    path = write(tmp_path, xlsx([row(1, town="常乐镇"), row(2, town="三星镇")]))
    summary, _ = command(path, "--user", "officer", "--skip-errors", expect_exit=1)
    assert summary["errors"] == [
        {"row": 3, "column": "所属区镇", "message": "只能导入本区镇（常乐镇）的企业，该行是“三星镇”"}
    ]
    assert LogEntry.objects.get_for_object(Enterprise.objects.get()).get().actor == officer
    assert ImportRun.objects.get().user == officer


def test_unknown_user_and_leader_are_refused(tmp_path, leader_user):
    path = write(tmp_path, xlsx([row(1)]))
    with pytest.raises(CommandError, match="没有用户“nobody”"):
        call_command("import_enterprises", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="没有导入权限"):
        call_command("import_enterprises", str(path), "--user", "leader")


def test_sheet_option(tmp_path, towns):
    content = xlsx([row(1)], hidden=[("2022年", [["企业名称", "统一社会信用代码"], ["海门旧有限公司", code(9)]])])
    summary, _ = command(write(tmp_path, content), "--sheet", "2022年")
    assert summary["new"] == 1
    assert Enterprise.objects.get().credit_code == code(9)
    assert command(write(tmp_path, content), "--sheet", "没有这张表", expect_exit=1)[1].startswith(
        "找不到工作表“没有这张表”"
    )


def test_human_output(tmp_path, towns):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_enterprises", str(write(tmp_path, xlsx([row(1), row(2, town="上海镇")]))), stdout=out)
    text = out.getvalue()
    assert "新增 1，更新 0，不变 0，跳过 0，错误 1 处" in text
    assert "第3行 所属区镇：“上海镇”不是海门区的区镇" in text


# ---------------------------------------------------------------- export → import: everything unchanged


def test_export_then_import_reports_everything_unchanged(tmp_path, towns, staff_user):
    rows = template_rows(5)
    rows[1].update(name="=A1+B1公司", contact_phone="+86 513 8000", pool="繁星", stage="已入库")
    rows[1].update(certificate_no="2023-0001", certified_on="2023-06-30")
    rows[2].update(town=None, tech_field=None, pool=None, stage=None, year=None, revenue=None)
    rows[3].update(registered_capital="12,345元", hitech_revenue=None, pool="攀高", stage=None)
    command(write(tmp_path, xlsx(rows)), "--user", "staff")
    assert Enterprise.objects.count() == 5
    logged = LogEntry.objects.filter(cid__startswith="import-").count()

    exported = tmp_path / "export.xlsx"
    out = io.StringIO()
    call_command("export_enterprises", str(exported), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"path": str(exported), "rows": 5}
    sheet = read_xlsx(exported.read_bytes())
    assert sheet[0][:3] == ["企业名称", "统一社会信用代码", "所属区镇"]
    cells = [c for line in sheet for c in line if isinstance(c, str)]
    assert "'=A1+B1公司" in cells and "'+86 513 8000" in cells  # never a live formula

    summary, failure = command(exported)
    assert failure is None
    assert (summary["new"], summary["updated"], summary["unchanged"], summary["errors"]) == (0, 0, 5, [])
    assert LogEntry.objects.filter(cid__startswith="import-").count() == logged


def test_export_carries_the_latest_year_and_the_highest_pool(tmp_path, towns):
    command(write(tmp_path, xlsx([row(1, pool="繁星", year=2023, revenue=10)])))
    command(write(tmp_path, xlsx([row(1, pool="攀高", year=2023)])))
    command(write(tmp_path, xlsx([row(1, pool="强基", year=2022, revenue=5)])))
    assert PoolMembership.objects.count() == 3 and EnterpriseYear.objects.count() == 2
    exported = tmp_path / "export.xlsx"
    call_command("export_enterprises", str(exported), stdout=io.StringIO())
    header, line = read_xlsx(exported.read_bytes())
    values = dict(zip(header, line, strict=True))
    assert (values["培育库"], values["年度"], values["上年营业收入(万元)"]) == ("攀高计划", 2023, 10)
    assert command(exported)[0]["unchanged"] == 1
