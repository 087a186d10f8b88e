"""The enterprise import, row by row: messy input that must simply work, bad input with clear errors.

Every spreadsheet is built here (enterprises/tests/import_files.py); checks go through the same
functions the web flow and the command use: read_upload → plan_import → apply_import.
"""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from core import importing
from core.importing import ImportAborted, apply_import, plan_import, read_upload
from enterprises.importers import ENTERPRISE_IMPORT
from enterprises.models import Enterprise, EnterpriseYear, PoolMembership, PoolStageChange

from .import_files import code, csv_bytes, row, template_rows, xlsx

pytestmark = pytest.mark.django_db

# Real codes from the Shandong sample whose one wrong character the reading layer can name.
CHECK_WRONG, CHECK_FIXED = "91371421785011768Y", "91371421785041768Y"
LETTER_O, LETTER_O_FIXED = "91371626MA3NOLHN7H", "91371626MA3N0LHN7H"


def plan(content, *, filename="upload.xlsx", user=None, sheet=None):
    table = read_upload(content, filename=filename, spec=ENTERPRISE_IMPORT, sheet=sheet)
    return plan_import(table, ENTERPRISE_IMPORT, user, source_name=filename)


def imported(content, *, user=None, skip_errors=False, **kwargs):
    """Plan and write; returns the outcome of the writing pass."""
    return apply_import(plan(content, user=user, **kwargs), user, skip_errors=skip_errors)


def import_log():
    return LogEntry.objects.filter(cid__startswith="import-")


def errors_of(result) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in result.errors]


# ---------------------------------------------------------------- messy input that simply works


def test_header_below_merged_title_rows(towns):
    content = xlsx(
        [row(1, town="常乐镇")], title_rows=["海门区2023年高企培育库企业名单", "填报单位：区科技局"], merge_title=True
    )
    result = imported(content)
    assert result.table.header_row == 3
    assert result.counts["new"] == 1
    assert Enterprise.objects.get(credit_code=code(1)).town == towns["常乐镇"]


def test_header_aliases(towns):
    headers = [
        "公司名称",
        "信用代码",
        "属地",
        "注册日期",
        "注册资本",
        "行业",
        "高新技术领域",
        "从业人员",
        "研发人员数",
        "营业收入",
        "研发投入",
        "高新收入",
        "一类知识产权",
        "二类知识产权",
        "联系人",
        "手机",
        "计划",
        "状态",
        "入库年度",
        "登记编号",
        "入库日期",
    ]
    values = [
        "海门别名科技有限公司",
        code(2),
        "三星",
        "2019-05-01",
        "300",
        "软件业",
        "电子信息",
        "50",
        "12",
        "1000",
        "80",
        "600",
        "1",
        "4",
        "李四",
        "13900000000",
        "繁星",
        "已入库",
        "2023",
        "2023320614000123",
        "2023-06-30",
    ]
    result = imported(xlsx([values], headers=headers))
    assert result.counts == {"new": 1, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 0}
    ent = Enterprise.objects.get(credit_code=code(2))
    assert (ent.name, ent.town, ent.employees, ent.rd_staff, ent.tech_field) == (
        "海门别名科技有限公司",
        towns["三星镇"],
        50,
        12,
        "electronics",
    )
    year = EnterpriseYear.objects.get(enterprise=ent)
    assert (year.year, year.revenue, year.rd_expense, year.ip_class2) == (2022, Decimal("1000"), Decimal("80"), 4)
    membership = PoolMembership.objects.get(enterprise=ent)
    assert (membership.pool, membership.stage, membership.certificate_no) == (
        "fanxing",
        "registered",
        "2023320614000123",
    )
    assert membership.certified_on == membership.stage_on == dt.date(2023, 6, 30)


def test_first_visible_sheet_with_the_header_and_hidden_sheets_ignored(towns):
    old_header = ["企业名称", "统一社会信用代码"]
    content = xlsx(
        [row(3)],
        hidden=[("旧版名单", [old_header, ["海门旧版有限公司", code(99)]])],
        before=[("填写说明", [["本表由区镇填报"], ["企业名称请写全称"]])],
    )
    p = plan(content)
    assert p.table.sheet_name == "企业名单"
    assert [s["cells"]["credit_code"] for s in p.sample] == [code(3)]
    # --sheet names the sheet to read, hidden or not.
    assert [s["cells"]["credit_code"] for s in plan(content, sheet="旧版名单").sample] == [code(99)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "gbk"])
def test_csv_in_every_encoding_people_save(towns, encoding):
    content = csv_bytes([row(4, name="海门（中国）纺织有限公司", town="常乐镇", employees="1,200")], encoding=encoding)
    result = imported(content, filename="名单.csv")
    assert result.counts["new"] == 1
    ent = Enterprise.objects.get(credit_code=code(4))
    assert (ent.name, ent.town.name, ent.employees) == ("海门（中国）纺织有限公司", "常乐镇", 1200)


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.translate(
            str.maketrans(
                "0123456789ABCDEFGHJKLMNPQRTUWXY", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
            )
        ),
        lambda c: f"  {c[:6]} {c[6:12]}\u3000{c[12:]} ",
        lambda c: c.lower(),
        lambda c: "'" + c,
    ],
    ids=["full-width", "spaces", "lower-case", "apostrophe"],
)
def test_codes_as_spreadsheets_mangle_them(towns, typed):
    plain = "91320614MA1N2B3C4D"  # letters in the body, to exercise case and width
    from core.credit_code import compute_check_char

    plain = plain[:17] + compute_check_char(plain[:17])
    result = imported(xlsx([row(5, credit_code=typed(plain), name="海门ＡＢＣ科技有限公司")]))
    assert result.counts["new"] == 1, errors_of(result)
    ent = Enterprise.objects.get()
    assert ent.credit_code == plain
    assert ent.name == "海门ABC科技有限公司"  # full-width letters in a name become ASCII


def test_company_names_keep_the_official_brackets(towns):
    imported(xlsx([row(6, name="海门(中国)有限公司"), row(7, name="海门（江苏）有限公司")]))
    names = set(Enterprise.objects.values_list("name", flat=True))
    assert names == {"海门（中国）有限公司", "海门（江苏）有限公司"}


@pytest.mark.parametrize(
    "typed, expected",
    [
        (1200, Decimal("1200")),
        ("1,200", Decimal("1200")),
        ("１２００", Decimal("1200")),
        ("1200万元", Decimal("1200")),
        ("12,000,000元", Decimal("1200")),
        ("0.12亿元", Decimal("1200")),
        (" 1 200 ", Decimal("1200")),
        ("1200.456", Decimal("1200.46")),
    ],
)
def test_money_as_text_with_separators_and_units(towns, typed, expected):
    result = imported(xlsx([row(8, registered_capital=typed, employees="120人")]))
    assert result.counts["new"] == 1, errors_of(result)
    ent = Enterprise.objects.get()
    assert (ent.registered_capital, ent.employees) == (expected, 120)


@pytest.mark.parametrize(
    "typed", [43586, "43586", "2019-05-01", "2019/5/1", "2019.5.1", "2019年5月1日", dt.date(2019, 5, 1)]
)
def test_dates_as_serials_and_text(towns, typed):
    result = imported(xlsx([row(9, founded_on=typed)]))
    assert result.counts["new"] == 1, errors_of(result)
    assert Enterprise.objects.get().founded_on == dt.date(2019, 5, 1)


@pytest.mark.parametrize(
    "typed, town",
    [
        ("常乐镇", "常乐镇"),
        ("常乐", "常乐镇"),
        ("海门开发区", "海门经济技术开发区"),
        ("海门区三星镇", "三星镇"),
        (" 悦 来 镇 ", "悦来镇"),
    ],
)
def test_town_by_name_short_name_or_alias(towns, typed, town):
    imported(xlsx([row(10, town=typed)]))
    assert Enterprise.objects.get().town == towns[town]


def test_empty_town_waits_unassigned(towns):
    imported(xlsx([row(11, town=None)]))
    assert Enterprise.objects.get().town is None


def test_trailing_blank_rows_and_columns(towns):
    content = xlsx([row(12)], trailing_blank_rows=20, trailing_blank_cols=5)
    p = plan(content)
    assert len(p.table.rows) == 1
    assert p.warnings == []
    assert p.counts["new"] == 1


def test_footer_and_note_rows_are_skipped(towns):
    headers = ["序号", "企业名称", "统一社会信用代码", "职工总数"]
    rows = [
        [1, "海门甲有限公司", code(13), 10],
        [2, "海门乙有限公司", code(14), 20],
        ["合计", None, None, 30],
        [None, "注：以上数据截至2023年6月30日", None, None],
        [None, "填表人：张三", None, None],
    ]
    result = imported(xlsx(rows, headers=headers))
    assert result.counts == {"new": 2, "updated": 0, "unchanged": 0, "skipped": 3, "errors": 0}
    assert result.warnings == ["未识别的列“序号”，已忽略"]


# ---------------------------------------------------------------- bad input: a clear message each


def test_missing_name_or_code(towns):
    result = plan(xlsx([row(15, name=None), row(16, credit_code=None)]))
    assert errors_of(result) == [(2, "企业名称", "缺少企业名称"), (3, "统一社会信用代码", "缺少统一社会信用代码")]


def test_check_character_wrong_with_the_likely_fix(towns):
    result = plan(xlsx([row(17, credit_code=CHECK_WRONG), row(18, credit_code=LETTER_O)]))
    (first, second) = result.errors
    assert first.row == 2 and first.column == "统一社会信用代码" and first.value == CHECK_WRONG
    assert f"校验位错误，请核对营业执照；可能是 {CHECK_FIXED}（第13位“1”改为“4”）" in first.message
    assert f"请核对营业执照；可能是 {LETTER_O_FIXED}（第13位“O”改为“0”）" in second.message


def test_old_registration_number(towns):
    (error,) = plan(xlsx([row(19, credit_code="320684000123456")])).errors
    assert (
        error.message == "“320684000123456”是旧版15位工商注册号，不是统一社会信用代码，请向企业索取18位统一社会信用代码"
    )


def test_same_code_twice_names_the_earlier_row(towns):
    result = plan(xlsx([row(20), row(21), row(22, credit_code=code(20).lower())]))
    assert errors_of(result) == [(4, "统一社会信用代码", "与第2行的统一社会信用代码重复")]
    assert result.counts["new"] == 2


def test_unknown_town(towns):
    (error,) = plan(xlsx([row(23, town="上海镇")])).errors
    assert (error.row, error.column, error.value) == (2, "所属区镇", "上海镇")
    assert error.message.startswith("“上海镇”不是海门区的区镇，可填：海门街道、三厂街道")


@pytest.mark.parametrize(
    "column, typed, message",
    [
        ("employees", "-5", "“-5”不能为负数"),
        ("registered_capital", -100, "“-100”不能为负数"),
        ("employees", "很多", "“很多”不是有效的数字"),
        ("employees", "12.5", "“12.5”不是整数"),
        ("revenue", "1,2", "“1,2”不是有效的数字"),
        ("founded_on", "2019-02-30", "“2019-02-30”不是有效的日期，应为 2019-05-01 这样的格式"),
        ("tech_field", "人工智能", "“人工智能”不是国家重点支持的高新技术领域，应为：电子信息、生物与新医药"),
        ("pool", "火炬计划", "“火炬计划”不是培育库，应为：繁星计划、强基计划、攀高计划"),
        ("year", "23年", "“23年”不是有效的年度，应为四位年份，如 2023"),
    ],
)
def test_bad_cells(towns, column, typed, message):
    (error,) = plan(xlsx([row(24, **{column: typed})])).errors
    assert error.row == 2
    assert error.message.startswith(message)


def test_staff_above_employees_in_the_file_and_against_stored_figures(towns):
    Enterprise.objects.create(name="海门已有科技有限公司", credit_code=code(26), employees=10)
    result = plan(xlsx([row(25, employees=10, rd_staff=30), row(26, rd_staff=20)]))
    assert errors_of(result) == [
        (2, "科技人员数", "科技人员数（30）多于职工总数（10）"),
        (3, "科技人员数", "科技人员数（20）多于职工总数（10）"),
    ]


def test_every_error_of_a_row_is_listed(towns):
    result = plan(xlsx([row(27, town="上海镇", employees="-1", founded_on="明年", credit_code="123")]))
    assert {e.column for e in result.errors} == {"所属区镇", "职工总数", "成立日期", "统一社会信用代码"}
    assert result.counts["errors"] == 1


def test_nothing_written_unless_the_valid_rows_are_asked_for(towns):
    content = xlsx([row(28), row(29, town="上海镇")])
    with pytest.raises(ImportAborted):
        imported(content)
    assert not Enterprise.objects.exists() and not import_log().exists()
    result = imported(content, skip_errors=True)
    assert result.counts["new"] == 1 and result.counts["errors"] == 1
    assert list(Enterprise.objects.values_list("credit_code", flat=True)) == [code(28)]


# ---------------------------------------------------------------- writes: upsert, change log


def test_update_touches_only_what_the_file_says(towns, staff_user):
    ent = Enterprise.objects.create(
        name="海门旧名科技有限公司", credit_code=code(30), industry="纺织", contact_phone="0513-1", employees=40
    )
    headers = ["企业名称", "统一社会信用代码", "所属行业", "联系电话"]
    result = imported(xlsx([["海门新名科技有限公司", code(30), "软件业", None]], headers=headers), user=staff_user)
    assert result.counts["updated"] == 1
    ent.refresh_from_db()
    assert (ent.name, ent.industry, ent.contact_phone, ent.employees) == (
        "海门新名科技有限公司",
        "软件业",
        "0513-1",
        40,
    )
    entry = LogEntry.objects.get_for_object(ent).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict == {
        "name": ["海门旧名科技有限公司", "海门新名科技有限公司"],
        "industry": ["纺织", "软件业"],
    }
    assert entry.actor == staff_user
    assert entry.cid.startswith("import-enterprises-")


def test_unchanged_rows_are_not_touched_and_leave_no_log(towns, staff_user):
    content = xlsx(template_rows(3))
    first = imported(content, user=staff_user)
    assert first.counts["new"] == 3
    stamps = dict(Enterprise.objects.values_list("pk", "updated_at"))
    logged = import_log().count()
    assert logged == 3  # one per row: the enterprise, with its yearly figures and membership
    assert len({e.cid for e in import_log()}) == 1  # one batch

    again = imported(content, user=staff_user)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 3, "skipped": 0, "errors": 0}
    assert import_log().count() == logged
    assert dict(Enterprise.objects.values_list("pk", "updated_at")) == stamps
    assert PoolStageChange.objects.count() == 3


def test_a_row_is_one_entry_on_its_enterprise(towns, staff_user):
    imported(xlsx(template_rows(1)), user=staff_user)
    ent = Enterprise.objects.get()
    created = LogEntry.objects.get_for_object(ent).get()
    assert created.action == LogEntry.Action.CREATE and created.actor == staff_user
    assert created.object_repr == ent.name
    changes = created.changes_dict
    assert changes["credit_code"] == ["None", ent.credit_code]
    assert changes["2022年营业收入(万元)"] == ["None", "3000.00"]
    assert changes["2023年强基计划"] == ["None", "拟申报"]
    display = created.changes_display_dict
    assert display["所属区镇"] == ["None", "常乐镇"] and display["2023年强基计划"] == ["None", "拟申报"]
    assert not import_log().exclude(pk=created.pk).exists()

    # Figures and the stage move on: one update entry on the enterprise, which counts as updated.
    stamp = ent.updated_at
    result = imported(xlsx([{**template_rows(1)[0], "revenue": 3500, "stage": "已申报"}]), user=staff_user)
    assert result.counts["updated"] == 1
    update = LogEntry.objects.get_for_object(ent).get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict == {
        "2022年营业收入(万元)": ["3000.00", "3500.00"],
        "2023年强基计划": ["拟申报", "已申报"],
    }
    ent.refresh_from_db()
    assert ent.updated_at > stamp
    assert result.sample[0]["changes"] == ["2022年营业收入(万元)：3000.00 → 3500.00", "2023年强基计划：拟申报 → 已申报"]


def test_figures_belong_to_the_year_before(towns):
    imported(xlsx([row(31, revenue=100, year=2023), row(32, revenue=200)]))
    assert EnterpriseYear.objects.get(enterprise__credit_code=code(31)).year == 2022
    assert EnterpriseYear.objects.get(enterprise__credit_code=code(32)).year == timezone.localdate().year - 1


def test_figures_update_the_same_year(towns):
    imported(xlsx([row(33, revenue=100, rd_expense=5, year=2023)]))
    result = imported(xlsx([row(33, revenue=120, year=2023)]))
    assert result.counts["updated"] == 1
    year = EnterpriseYear.objects.get()
    assert (year.year, year.revenue, year.rd_expense) == (2022, Decimal("120"), Decimal("5"))


# ---------------------------------------------------------------- pools: an import records a reported state


def membership_of(n):
    return PoolMembership.objects.get(enterprise__credit_code=code(n))


def test_entering_a_pool_at_any_stage_dated_by_the_certificate(towns, staff_user):
    imported(
        xlsx(
            [
                row(
                    40,
                    pool="强基",
                    stage="已认定",
                    year=2023,
                    certificate_no="GR202332000001",
                    certified_on="2023-11-06",
                )
            ]
        ),
        user=staff_user,
    )
    membership = membership_of(40)
    assert (membership.pool, membership.year, membership.stage) == ("qiangji", 2023, "recognized")
    assert membership.stage_on == dt.date(2023, 11, 6)
    change = membership.changes.get()
    assert (change.from_stage, change.to_stage, change.on, change.changed_by) == (
        "",
        "recognized",
        dt.date(2023, 11, 6),
        staff_user,
    )
    assert change.note == "导入《upload.xlsx》"


def test_a_pool_without_a_stage_starts_at_its_first_stage_on_the_import_day(towns):
    imported(xlsx([row(41, pool="繁星计划")]))
    membership = membership_of(41)
    assert (membership.stage, membership.year, membership.stage_on) == (
        "target",
        timezone.localdate().year,
        timezone.localdate(),
    )


def test_certified_stages_need_the_certificate(towns):
    result = plan(xlsx([row(42, pool="繁星", stage="已入库")]))
    assert errors_of(result) == [
        (2, "证书编号", "阶段为“已入库”时须填写证书编号（入库登记编号）"),
        (2, "发证日期", "阶段为“已入库”时须填写发证日期"),
    ]


def test_stage_must_belong_to_the_pool_and_needs_a_pool(towns):
    result = plan(xlsx([row(43, pool="繁星", stage="拟申报"), row(44, stage="拟申报")]))
    assert errors_of(result) == [
        (2, "阶段", "“拟申报”不是繁星计划的阶段，应为：目标企业、已参评、已入库、未通过"),
        (3, "阶段", "填写了阶段，但没有填写培育库"),
    ]


def test_moving_forward_jumps_stages_and_says_so(towns):
    imported(xlsx([row(45, pool="强基", stage="培育库", year=2023)]))
    result = imported(xlsx([row(45, pool="强基", stage="已申报", year=2023)]))
    assert result.counts["updated"] == 1
    membership = membership_of(45)
    assert membership.stage == "applied"
    last = membership.changes.order_by("pk").last()
    assert (last.from_stage, last.to_stage) == ("pool", "applied")
    assert last.note.endswith("跳过了中间阶段")


def test_rejected_from_an_open_stage(towns):
    imported(xlsx([row(46, pool="强基", stage="拟申报", year=2023)]))
    assert imported(xlsx([row(46, pool="强基", stage="未通过", year=2023)])).counts["updated"] == 1
    assert membership_of(46).stage == "rejected"


def test_an_old_list_never_moves_a_stage_back(towns):
    imported(xlsx([row(47, pool="强基", stage="已申报", year=2023)]))
    (error,) = plan(xlsx([row(47, pool="强基", stage="拟申报", year=2023)])).errors
    assert (error.row, error.column) == (2, "阶段")
    assert error.message == (
        "2023年强基计划中该企业当前为“已申报”，表中为“拟申报”：导入只能向后推进阶段，不能退回；如需更正请在企业的培育库页面操作"
    )


def test_a_final_stage_stays(towns):
    imported(xlsx([row(48, pool="繁星", stage="已入库", year=2023, certificate_no="N1", certified_on="2023-05-01")]))
    (error,) = plan(xlsx([row(48, pool="繁星", stage="未通过", year=2023)])).errors
    assert "已是最终阶段" in error.message


def test_a_stage_dated_before_the_current_one_is_refused(towns):
    imported(xlsx([row(49, pool="强基", stage="已申报", year=2023)]))  # today
    (error,) = plan(
        xlsx([row(49, pool="强基", stage="已认定", year=2023, certificate_no="GR1", certified_on="2020-01-01")])
    ).errors
    assert error.column == "发证日期" and "早于该企业进入“已申报”的日期" in error.message


def test_certificate_added_to_an_existing_membership(towns):
    imported(xlsx([row(50, pool="强基", stage="已认定", year=2023, certificate_no="GR1", certified_on="2023-11-06")]))
    result = imported(xlsx([row(50, pool="强基", year=2023, certificate_no="GR2")]))
    assert result.counts["updated"] == 1
    assert membership_of(50).certificate_no == "GR2"
    assert membership_of(50).changes.count() == 1  # no stage change, no new history row


# ---------------------------------------------------------------- scope: a town officer imports only their town


def test_officer_rows_of_another_town_are_errors(towns, officer):
    (error,) = plan(xlsx([row(60, town="三星镇"), row(61, town="常乐")]), user=officer).errors
    assert (error.row, error.column) == (2, "所属区镇")
    assert error.message == "只能导入本区镇（常乐镇）的企业，该行是“三星镇”"


def test_officer_empty_town_means_their_own(towns, officer):
    imported(xlsx([row(62, town=None)]), user=officer)
    assert Enterprise.objects.get().town == towns["常乐镇"]


def test_officer_cannot_update_an_enterprise_outside_their_town(towns, officer):
    Enterprise.objects.create(name="海门三星科技有限公司", credit_code=code(63), town=towns["三星镇"])
    Enterprise.objects.create(name="海门未分配科技有限公司", credit_code=code(64), town=None)
    Enterprise.objects.create(name="海门常乐科技有限公司", credit_code=code(65), town=towns["常乐镇"])
    result = plan(xlsx([row(63, industry="x"), row(64, industry="x"), row(65, industry="x")]), user=officer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "统一社会信用代码"), (3, "统一社会信用代码")]
    assert result.errors[0].message == "该企业不属于常乐镇，不能由本区镇导入；如需划转请联系区科技局"
    assert "三星镇" not in result.errors[0].message  # the other town is not revealed
    assert result.counts["updated"] == 1


def test_data_changed_between_preview_and_import_rolls_back(towns, officer, sanxing):
    p = plan(xlsx([row(66), row(67)]), user=officer)
    assert p.counts["new"] == 2
    Enterprise.objects.create(name="别人先建的企业", credit_code=code(67), town=sanxing)
    with pytest.raises(ImportAborted) as info:
        apply_import(p, officer)
    assert info.value.plan.errors[0].row == 3
    assert Enterprise.objects.count() == 1  # only the one created meanwhile


# ---------------------------------------------------------------- no query per row


def test_queries_do_not_grow_with_rows(towns, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(importing.engine, "CHUNK_SIZE", 10)
    imported(xlsx(template_rows(30)))
    content = xlsx([{**r, "employees": 200} for r in template_rows(30)])
    table = read_upload(content, filename="a.xlsx", spec=ENTERPRISE_IMPORT)
    # towns, then per chunk of 10: enterprises, years, memberships.
    with django_assert_max_num_queries(1 + 3 * 3):
        p = plan_import(table, ENTERPRISE_IMPORT, None)
    assert p.counts["updated"] == 30
    with django_assert_max_num_queries(40):
        result = apply_import(p, None)
    assert result.counts["updated"] == 30
    assert set(Enterprise.objects.values_list("employees", flat=True)) == {200}


def test_officer_unknown_town_hint_names_their_town(towns, officer):
    (error,) = plan(xlsx([row(68, town="上海镇")]), user=officer).errors
    assert error.message == "“上海镇”不是海门区的区镇；您只能导入常乐镇的企业（所属区镇可留空）"
