"""The two activity imports (investment_events, client_visits): registered, the model's rules per row
(a date in the future, a visitor not on the team, Haimen's spellings), all or nothing, a round trip
through export_data, and an officer importing their own town's visits only."""

import contextlib
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core import importing
from investment.importers import CLIENT_VISIT_IMPORT, EVENT_IMPORT, parse_moment
from investment.models import ClientVisit, InvestmentEvent
from investment.tests.factories_activity import MemberFactory, at

pytestmark = pytest.mark.django_db

EVENT_HEADERS = ["活动日期", "活动类型", "活动名称", "举办城市", "具体地点", "主办单位", "所属区镇", "备注"]
VISIT_HEADERS = ["拜访时间", "拜访人", "客商", "城市", "拜访情况"]


def xlsx(path, headers, rows):
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(name, path, *extra):
    out = io.StringIO()
    with contextlib.suppress(CommandError):  # exit 1 when a row failed: the summary says which
        call_command("import_data", name, str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_registered_with_their_columns():
    assert importing.get_importer("investment_events") is EVENT_IMPORT
    assert importing.get_importer("client_visits") is CLIENT_VISIT_IMPORT
    assert [c.label for c in EVENT_IMPORT.columns] == EVENT_HEADERS
    assert [c.label for c in CLIENT_VISIT_IMPORT.columns] == VISIT_HEADERS


def test_events_import_all_or_nothing_and_round_trip(changle, tmp_path):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    path = xlsx(
        tmp_path / "活动.xlsx",
        EVENT_HEADERS,
        [
            [dt.date(2023, 3, 9), "推介会", "春茗会科技招商推介", "深圳市", "", "区科技局", "", ""],
            [tomorrow, "路演", "明天的路演", "海门", "", "区科技局", "常乐", ""],
        ],
    )
    summary = run("investment_events", path)
    assert summary["errors"] and "晚于今天" in summary["errors"][0]["message"] and summary["errors"][0]["row"] == 3
    assert not InvestmentEvent.objects.exists()
    path = xlsx(
        tmp_path / "活动2.xlsx",
        EVENT_HEADERS,
        [
            [dt.date(2023, 3, 9), "推介会", "春茗会科技招商推介", "深圳市", "", "区科技局", "", ""],
            ["2023/5/26", "路演", "船舶海工项目路演", "南通市海门区", "", "创新中心", "常乐", ""],
        ],
    )
    assert run("investment_events", path)["new"] == 2
    roadshow = InvestmentEvent.objects.get(kind="roadshow")
    assert (roadshow.city, roadshow.town, roadshow.held_on) == ("海门", changle, dt.date(2023, 5, 26))
    assert InvestmentEvent.objects.get(kind="promotion").city == "深圳"
    exported = tmp_path / "export.xlsx"
    call_command("export_data", "investment_events", str(exported), stdout=io.StringIO())
    again = run("investment_events", exported)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_client_visits_import_refuses_a_visitor_not_on_the_team_and_round_trips(changle, tmp_path):
    MemberFactory(town=changle, name="张三", unit_name="常乐镇")
    MemberFactory(town=changle, name="李四", unit_name="常乐镇", active_to=dt.date(2023, 2, 28))
    MemberFactory(town=None, name="张三", unit_kind="office", unit_name="驻上海招商局")
    rows = [
        ["2023-05-26 14:30", "张三（常乐镇）", "上海芯联半导体有限公司", "上海", "洽谈"],
        ["2023-05-27", "李四", "深圳康源生物有限公司", "深圳", ""],  # left in February
        ["2023-05-28 09:00", "王五", "南京博瑞新材有限公司", "南京", ""],  # not on the team
        ["2023-05-29 09:00", "张三", "苏州智航装备有限公司", "苏州", ""],  # two 张三
    ]
    summary = run("client_visits", xlsx(tmp_path / "拜访.xlsx", VISIT_HEADERS, rows))
    messages = {e["row"]: e["message"] for e in summary["errors"]}
    assert "已于 2023-02-28 离开科技招商队伍" in messages[3]
    assert "不在科技招商队伍中" in messages[4]
    assert "同名成员" in messages[5]
    assert not ClientVisit.objects.exists()
    summary = run("client_visits", xlsx(tmp_path / "拜访2.xlsx", VISIT_HEADERS, rows[:1]))
    assert summary["new"] == 1
    visit = ClientVisit.objects.get()
    assert visit.visited_at == at(dt.date(2023, 5, 26), 14, 30) and visit.member.unit_name == "常乐镇"
    exported = tmp_path / "export.xlsx"
    call_command("export_data", "client_visits", str(exported), stdout=io.StringIO())
    again = run("client_visits", exported)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 1)


def test_an_officer_imports_their_own_towns_visits_only(changle, sanxing, officer, tmp_path):
    MemberFactory(town=sanxing, name="赵六", unit_name="三星镇")
    MemberFactory(town=changle, name="钱七", unit_name="常乐镇")
    rows = [
        ["2023-04-03 10:00", "赵六", "上海甲公司", "上海", ""],
        ["2023-04-03 11:00", "钱七", "上海乙公司", "上海", ""],
    ]
    summary = run("client_visits", xlsx(tmp_path / "v.xlsx", VISIT_HEADERS, rows), "--user", officer.username)
    assert [e["row"] for e in summary["errors"]] == [2]
    assert "不属于您的区镇" in summary["errors"][0]["message"]


def test_moments():
    assert parse_moment("2023年5月26日 14:30") == at(dt.date(2023, 5, 26), 14, 30)
    assert parse_moment(dt.datetime(2023, 5, 26, 23, 59)) == at(dt.date(2023, 5, 26), 23, 59)
    with pytest.raises(ValueError, match="晚于现在"):
        parse_moment(timezone.localdate() + dt.timedelta(days=2))
    with pytest.raises(ValueError):
        parse_moment("2023-05-26 25:00")
