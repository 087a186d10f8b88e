"""The generic import engine, driven by a small importer of towns (any model works the same way)."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import python_calamine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from core import importing, selectors, services
from core.changelog import changes_for_update
from core.importing import (
    ImportAborted,
    ImportColumn,
    ImportSpec,
    RowRejected,
    Write,
    apply_import,
    plan_import,
    read_upload,
    write_error_report,
    write_workbook,
)
from core.models import ImportRun, Target, Town
from core.perf import bulk, xlsx
from core.spreadsheets import read_table, to_int, to_text

pytestmark = pytest.mark.django_db


class TownImport(ImportSpec):
    """区镇: matched on the name; a park's short name is not changed by an import."""

    kind = "towns"
    title = "区镇"
    model = Town
    key = "name"
    columns = [
        ImportColumn("name", "名称", ("区镇名称",), required=True, parse=to_text),
        ImportColumn("short_name", "简称", parse=to_text),
        ImportColumn("order", "排序", parse=to_int, kind="integer"),
    ]
    instructions = ["每行一个区镇"]

    def fetch(self, keys, ctx):
        return {t.name: t for t in bulk.filter_in(Town.objects.all(), "name", keys)}

    def build(self, values, existing, ctx):
        fields = {k: v for k, v in values.items() if v is not None}
        if existing is None:
            return [Write(Town, {"kind": Town.Kind.TOWN, **fields}, label=fields["name"])]
        if existing.kind == Town.Kind.PARK and fields.get("short_name", existing.short_name) != existing.short_name:
            raise RowRejected([("short_name", "园区的简称不能由导入修改")])
        diff = changes_for_update(existing, fields)
        return [Write(Town, {k: fields[k] for k in diff}, instance=existing, changes=diff)] if diff else []

    def choices(self, ctx):
        return {"short_name": ["甲", "乙"]}


SPEC = TownImport()


def sheet(*rows, headers=("区镇名称", "简称", "排序", "备注")) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(headers))
    for r in rows:
        book.active.append(list(r))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan(content, user=None):
    return plan_import(read_upload(content, filename="towns.xlsx", spec=SPEC), SPEC, user)


def batch_entries():
    return LogEntry.objects.filter(cid__startswith="import-towns-")


@pytest.fixture
def park(db):
    return Town.objects.create(name="海门港新区", short_name="港新区", kind=Town.Kind.PARK, order=15)


def test_plan_classifies_rows_and_names_columns_as_the_file_does(park):
    Town.objects.create(name="常乐镇", short_name="常乐", kind=Town.Kind.TOWN, order=4)
    result = plan(
        sheet(
            ["常乐镇", "常乐", 4],
            ["常乐镇", "常乐", 5],
            ["悦来镇", "悦来", "x"],
            [None, "备", None, "备注行"],
            ["海门港新区", "港区", 15],
            ["余东镇", "余东", 7],
        )
    )
    assert result.counts == {"new": 1, "updated": 0, "unchanged": 1, "skipped": 1, "errors": 3}
    assert [(e.row, e.column, e.value, e.message) for e in result.errors] == [
        (3, "区镇名称", "常乐镇", "与第2行的区镇名称重复"),
        (4, "排序", "x", "“x”不是有效的数字"),
        (6, "简称", "港区", "园区的简称不能由导入修改"),
    ]
    assert result.warnings == ["未识别的列“备注”，已忽略"]
    assert result.summary()["errors"][0] == {"row": 3, "column": "区镇名称", "message": "与第2行的区镇名称重复"}
    assert [s["row"] for s in result.sample] == [2, 7]
    assert not Town.objects.filter(name="余东镇").exists()


def test_apply_writes_changes_only_with_one_batch_of_log_entries(staff_user):
    Town.objects.create(name="常乐镇", short_name="常乐", kind=Town.Kind.TOWN, order=4)
    Town.objects.create(name="三星镇", short_name="三星", kind=Town.Kind.TOWN, order=11)
    LogEntry.objects.all().delete()
    result = apply_import(plan(sheet(["常乐镇", "常乐", 4], ["三星镇", "三星", 12], ["余东镇", "余东", 7])), staff_user)
    assert result.counts == {"new": 1, "updated": 1, "unchanged": 1, "skipped": 0, "errors": 0}
    assert Town.objects.get(name="三星镇").order == 12
    assert Town.objects.get(name="余东镇").kind == Town.Kind.TOWN
    entries = {e.object_repr: e for e in LogEntry.objects.all()}
    assert set(entries) == {"三星镇", "余东镇"}  # nothing for the unchanged row
    assert entries["三星镇"].changes_dict == {"order": ["11", "12"]}
    assert entries["余东镇"].action == LogEntry.Action.CREATE
    assert entries["余东镇"].changes_dict["name"] == ["None", "余东镇"]
    assert {e.actor for e in entries.values()} == {staff_user}
    assert len({e.cid for e in entries.values()}) == 1


def test_errors_stop_everything_unless_valid_rows_are_asked_for(park):
    content = sheet(["余东镇", "余东", 7], ["海门港新区", "港区", 15])
    p = plan(content)
    with pytest.raises(ImportAborted) as info:
        apply_import(p)
    assert info.value.plan is p
    assert not Town.objects.filter(name="余东镇").exists()
    result = apply_import(plan(content), skip_errors=True)
    assert (result.counts["new"], result.counts["errors"]) == (1, 1)
    assert result.errors[0].message == "园区的简称不能由导入修改"


def test_a_row_that_fails_only_when_writing_rolls_everything_back(park):
    p = plan(sheet(["余东镇", "余东", 7], ["海门港新区", "港新区", 16]))
    assert p.counts == {"new": 1, "updated": 1, "unchanged": 0, "skipped": 0, "errors": 0}
    Town.objects.filter(pk=park.pk).update(short_name="新港")  # someone edits it meanwhile
    with pytest.raises(ImportAborted):
        apply_import(p)
    assert not Town.objects.filter(name="余东镇").exists()
    assert Town.objects.get(pk=park.pk).order == 15


def test_chunks_give_the_same_outcome_and_errors_in_row_order(monkeypatch, park):
    monkeypatch.setattr(importing.engine, "CHUNK_SIZE", 2)
    rows = [[f"镇{n}", f"简{n}", n] for n in range(7)] + [["海门港新区", "港区", 1], ["镇1", "", 1], ["镇9", "", "y"]]
    seen = []
    p = plan_import(
        read_upload(sheet(*rows), filename="t.xlsx", spec=SPEC), SPEC, None, progress=lambda *a: seen.append(a)
    )
    assert p.counts == {"new": 7, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 3}
    assert [e.row for e in p.errors] == [9, 10, 11]
    assert seen[-1] == ("检查数据", 10, 10)
    result = apply_import(p, skip_errors=True, progress=lambda *a: seen.append(a))
    assert result.counts["new"] == 7 and Town.objects.filter(name__startswith="镇").count() == 7
    assert seen[-1] == ("写入数据库", 10, 10)


def test_an_unchecked_plan_is_checked_while_writing(park):
    table = read_upload(sheet(["余东镇", "余东", 7], ["镇x", "", "?"]), filename="t.xlsx", spec=SPEC)
    with pytest.raises(ImportAborted):
        apply_import(importing.prepare_plan(table, SPEC, None))
    result = apply_import(importing.prepare_plan(table, SPEC, None), skip_errors=True)
    assert (result.counts["new"], result.counts["errors"]) == (1, 1)


# ---------------------------------------------------------------- workbooks


def test_error_report_keeps_the_original_columns_and_shades_the_cells():
    content = sheet(["常乐镇", "常乐", "x", "a"], ["悦来镇", "悦来", 5, "b"], ["常乐镇", None, 3, "c"])
    table = read_upload(content, filename="t.xlsx", spec=SPEC)
    p = plan_import(table, SPEC, None)
    buffer = io.BytesIO()
    assert write_error_report(buffer, table, p.errors) == 2
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    ws = book.active
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["区镇名称", "简称", "排序", "备注", "错误说明"],
        ["常乐镇", "常乐", "x", "a", "排序：“x”不是有效的数字"],
        ["悦来镇", "悦来", 5, "b", None],  # every row: the report replaces the file
        ["常乐镇", None, 3, "c", "区镇名称：与第2行的区镇名称重复"],
    ]
    assert ws["C2"].fill.fgColor.rgb == "FFFFC7CE" and ws["A4"].fill.fgColor.rgb == "FFFFC7CE"
    assert ws["B2"].fill.fgColor.rgb != "FFFFC7CE" and ws["A3"].fill.fgColor.rgb != "FFFFC7CE"
    again = read_table(buffer.getvalue(), filename="r.xlsx", columns=SPEC.column_specs())
    assert again.ignored_headers == ["备注", "错误说明"] and len(again.rows) == 3
    # The portal's own 错误说明 is known: no warning about it, and a report of the report
    # carries one 错误说明 column, the new one.
    assert plan_import(again, SPEC, None).warnings == ["未识别的列“备注”，已忽略"]
    second = io.BytesIO()
    write_error_report(second, again, plan_import(again, SPEC, None).errors)
    header = next(openpyxl.load_workbook(io.BytesIO(second.getvalue())).active.iter_rows(values_only=True))
    assert header == ("区镇名称", "简称", "排序", "备注", "错误说明")


def test_template_and_export_layout():
    buffer = io.BytesIO()
    ctx = importing.make_context(SPEC, None)
    count = write_workbook(buffer, SPEC, rows=[["常乐镇", "=常乐", 4]], choices=SPEC.choices(ctx))
    assert count == 1
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["区镇", "填写说明", "选项"]
    assert book["选项"].sheet_state == "hidden"
    data = book["区镇"]
    assert [c.value for c in data[1]] == ["名称", "简称", "排序"]
    assert [c.value for c in data[2]] == ["常乐镇", "'=常乐", 4]
    assert data.freeze_panes == "C2"
    (validation,) = data.data_validations.dataValidation
    assert (str(validation.sqref), validation.formula1) == ("B2:B200001", "'选项'!$A$2:$A$3")
    assert data["A1"].font.color.rgb == "FFC00000"  # required: red header
    assert data.column_dimensions["C"].width == 14


def test_xlsx_writer_cells_read_back_in_openpyxl_and_calamine():
    buffer = io.BytesIO()
    values = [
        "a & b < c > d",
        " 前后空格 ",
        "控\x01制\x1f符",
        date(2019, 5, 1),
        datetime(2019, 5, 1, 12, 0),
        Decimal("1234.50"),
        12,
        0.5,
        True,
        None,
        "最后",
    ]
    with xlsx.Workbook(buffer) as book, book.sheet("表", columns=[xlsx.Column(10)] * 3) as ws:
        ws.row(values)
        ws.row(["第二行"], style="header")
    read = [c.value for c in openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active[1]]
    assert read[:9] == [
        "a & b < c > d",
        " 前后空格 ",
        "控制符",
        datetime(2019, 5, 1),
        datetime(2019, 5, 1, 12, 0),
        1234.5,
        12,
        0.5,
        "是",
    ]
    assert read[9] is None and read[10] == "最后"
    cal = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0)
    assert cal.to_python()[0][3] == date(2019, 5, 1)


def test_column_letters():
    assert [xlsx.column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


# ---------------------------------------------------------------- bulk writes


def test_bulk_insert_fills_defaults_and_returns_keys_in_order(changle):
    ids = bulk.insert(
        Target,
        [
            {"year": 2023, "kpi": "a\tb\\c\nd", "value": Decimal("1.5"), "town": changle},
            {"year": 2023, "kpi": "x", "value": Decimal("2"), "town": changle.pk, "note": "有说明"},
        ],
    )
    first, second = (Target.objects.get(pk=pk) for pk in ids)
    assert (first.kpi, first.value, first.town, first.note) == ("a\tb\\c\nd", Decimal("1.5"), changle, "")
    assert (second.kpi, second.note, second.updated_by) == ("x", "有说明", None)
    town_ids = bulk.insert(Town, [{"name": "新镇", "kind": "town", "aliases": ["甲", "乙\t丙"]}])
    town = Town.objects.get(pk=town_ids[0])
    assert (town.aliases, town.order, town.short_name) == (["甲", "乙\t丙"], 0, "")


def test_bulk_update_sets_only_the_given_fields(changle, sanxing):
    bulk.update(
        Town,
        [(changle.pk, {"order": 40, "short_name": "乐"}), (sanxing.pk, {"order": 41, "short_name": "星"})],
        ["order", "short_name"],
    )
    changle.refresh_from_db()
    sanxing.refresh_from_db()
    assert (changle.order, changle.short_name, changle.name) == (40, "乐", "常乐镇")
    assert (sanxing.order, sanxing.short_name) == (41, "星")


# ---------------------------------------------------------------- import runs


@pytest.fixture
def previewed(staff_user, towns):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return services.import_run_start(
        spec=SPEC, user=staff_user, upload=SimpleUploadedFile("t.xlsx", sheet(["余东镇", "余东", 70]))
    )


def test_confirm_is_idempotent_and_only_for_the_uploader(previewed, staff_user, bureau_admin):
    assert previewed.status == ImportRun.Status.PREVIEWED and previewed.counts["updated"] == 1
    with pytest.raises(PermissionDenied):
        services.import_run_confirm(run_id=previewed.pk, user=bureau_admin, spec=SPEC)
    run, started = services.import_run_confirm(run_id=previewed.pk, user=staff_user, spec=SPEC)
    assert started and run.status == ImportRun.Status.DONE
    assert Town.objects.get(name="余东镇").order == 70
    run, started = services.import_run_confirm(run_id=previewed.pk, user=staff_user, spec=SPEC)
    assert not started and run.status == ImportRun.Status.DONE
    # A task delivered again for a finished run does nothing.
    assert services.import_run_process(previewed.pk, spec=SPEC) == ImportRun.Status.DONE
    assert services.import_run_process(10**9, spec=SPEC) is None
    assert LogEntry.objects.filter(cid=run.batch).count() == 1


def test_confirm_refuses_errors_without_skip(staff_user, towns):
    from django.core.files.uploadedfile import SimpleUploadedFile

    run = services.import_run_start(
        spec=SPEC, user=staff_user, upload=SimpleUploadedFile("t.xlsx", sheet(["余东镇", "余东", "x"]))
    )
    with pytest.raises(ValidationError, match="有1行未通过校验"):
        services.import_run_confirm(run_id=run.pk, user=staff_user, spec=SPEC)
    with pytest.raises(ValidationError, match="没有可以导入的数据行"):
        services.import_run_confirm(run_id=run.pk, user=staff_user, skip_errors=True, spec=SPEC)


def test_a_failing_write_marks_the_run_failed_and_writes_nothing(previewed, staff_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing.BulkWriter, "prepare", broken)
    run, _ = services.import_run_confirm(run_id=previewed.pk, user=staff_user, spec=SPEC)
    assert run.status == ImportRun.Status.FAILED
    assert run.message == "导入时发生系统错误，没有写入任何数据。请稍后重试，或联系系统管理员。"
    assert Town.objects.get(name="余东镇").order != 70


def test_runs_visible_to(previewed, staff_user, officer, other_officer, leader_user):
    mine = ImportRun.objects.create(kind="towns", original_name="o.xlsx", user=officer, batch="b")
    assert set(selectors.import_runs_for(staff_user, "towns")) == {previewed, mine}
    assert list(selectors.import_runs_for(officer, "towns")) == [mine]
    assert not selectors.import_runs_for(other_officer, "towns").exists()
    assert not selectors.import_runs_for(leader_user, "towns").exists()
    assert not selectors.import_runs_for(staff_user, "enterprises").exists()
