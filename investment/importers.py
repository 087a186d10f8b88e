"""The investment app's imports on core's framework (docs/importing.md).

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B)
# =============================================================================================

Two importers: 招商活动 (`investment_events`, key: 活动日期 + 活动名称) and 拜访客商
(`client_visits`, key: 拜访时间 + 客商). The model rules (no date in the future, a visit by a
member on the team that day, Haimen's spellings as 海门) are investment/rules.py's, asked per row
because the import writes in bulk, not through full_clean(). The projects presented at an event
and its members are kept on the event's page (a cell of names is not a reliable link).
"""

import datetime as dt
import re

from django.utils import timezone

from core.importing import ModelImportSpec, register
from core.importing.model_spec import Found
from core.importing.parsers import past_date, town_lookup
from core.importing.spec import RowRejected
from core.models import Town
from core.spreadsheets import to_date, to_text

from . import rules
from .models import ClientVisit, InvestmentEvent, TeamMember


def parse_city(value):
    return rules.normalize_city(to_text(value))


_TIME = re.compile(r"^(?P<date>.+?)[\sT]+(?P<h>\d{1,2})[:：](?P<m>\d{2})(?:[:：](?P<s>\d{2}))?$")


def parse_moment(value, *, today=None):
    """A visit's moment in Haimen's time: a date cell (00:00), a date-and-time cell, an Excel serial
    with a fraction, or text 2023-05-26 14:30 / 2023年5月26日 14:30. Not later than now."""
    zone = timezone.get_default_timezone()
    if isinstance(value, dt.datetime):
        moment = value if timezone.is_aware(value) else value.replace(tzinfo=zone)
    elif isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value <= 60000:
        day = to_date(int(value))
        seconds = round((float(value) - int(value)) * 86400)
        moment = dt.datetime.combine(day, dt.time.min, tzinfo=zone) + dt.timedelta(seconds=seconds)
    else:
        text = " ".join((to_text(value) or "").split())
        found = _TIME.match(text)
        if found:
            hour, minute, second = int(found["h"]), int(found["m"]), int(found["s"] or 0)
            if hour > 23 or minute > 59 or second > 59:
                raise ValueError("不是有效的时间，如 2023-05-26 14:30")
            day = to_date(found["date"])
            moment = dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=zone)
        else:
            day = to_date(text)
            moment = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    if moment > timezone.now():
        raise ValueError("晚于现在，拜访须在发生后登记")
    return moment


class TownColumn:
    """The town column: any spelling of a town, filled in build() from the towns loaded once in
    begin() (ModelImportSpec resolves references of the natural key only)."""

    def begin(self, ctx):
        towns = list(Town.objects.all())
        ctx.lookups["find_town"] = town_lookup(towns)
        ctx.lookups["town_by_name"] = {t.name: t for t in towns}
        super().begin(ctx)

    def parsers(self, ctx):
        parsers = super().parsers(ctx)
        find = ctx.lookups["find_town"]

        def parse_town(value):
            town = find(value)
            if town is None:
                raise ValueError("不是海门的区镇")
            return town.name

        parsers["town"] = parse_town
        return parsers

    def build(self, values, existing, ctx):
        if values.get("town") is not None:
            values = {**values, "town": ctx.lookups["town_by_name"][values["town"]]}
        return super().build(values, existing, ctx)


class EventImport(TownColumn, ModelImportSpec):
    kind = "investment_events"
    title = "招商活动"
    model = InvestmentEvent
    fields = ["held_on", "kind", "title", "city", "venue", "host", "town", "note"]
    natural_key = ("held_on", "title")
    aliases = {
        "held_on": ("日期", "活动时间", "举办日期"),
        "kind": ("类型", "活动形式"),
        "title": ("活动", "名称", "活动主题"),
        "city": ("城市", "举办地", "地点城市"),
        "venue": ("地点", "举办地点"),
        "host": ("主办", "主办方", "承办单位"),
        "town": ("区镇", "所属区镇"),
    }
    overrides = {
        "held_on": {"parse": past_date, "example": "2023-05-26"},
        "city": {"parse": parse_city, "help": "海门，或外地城市（深圳、上海…）", "example": "深圳"},
        "town": {"label": "所属区镇", "help": "区镇主办的活动填写；区级活动留空", "example": "常乐镇"},
    }
    instructions = [
        "每行一场招商活动，按“活动日期＋活动名称”识别：相同的更新，否则新增。空白单元格不会清除平台中已有的数据。",
        "活动日期不能晚于今天。举办城市写“海门”或外地城市名；“海门区”“南通市海门区”都记作海门。",
        "推介/路演项目和参加的招商人员请在活动页面上选择。",
    ]

    def export_rows(self, queryset):
        zone_town = dict(Town.objects.values_list("pk", "name"))
        labels = dict(InvestmentEvent._meta.get_field("kind").choices)
        rows = queryset.order_by("pk").values_list(
            "held_on", "kind", "title", "city", "venue", "host", "town_id", "note"
        )
        for held_on, kind, title, city, venue, host, town_id, note in rows.iterator(chunk_size=5000):
            yield [held_on, str(labels.get(kind, kind)), title, city, venue, host, zone_town.get(town_id), note]


class ClientVisitImport(ModelImportSpec):
    kind = "client_visits"
    title = "拜访客商"
    model = ClientVisit
    fields = ["visited_at", "member", "counterpart", "city", "note"]
    natural_key = ("visited_at", "counterpart")
    aliases = {
        "visited_at": ("拜访日期", "日期", "时间"),
        "member": ("拜访人员", "招商人员", "姓名"),
        "counterpart": ("客商名称", "拜访对象", "企业名称"),
        "city": ("城市", "地点"),
        "note": ("情况", "备注", "拜访内容"),
    }
    overrides = {
        "visited_at": {
            "parse": parse_moment,
            "kind": "text",
            "help": "如 2023-05-26 14:30（只写日期记为当天0点）；不能晚于现在",
            "example": "2023-05-26 14:30",
            "width": 18,
        },
        "member": {
            "required": True,
            "kind": "text",
            "help": "科技招商队伍成员姓名；同名时写成 姓名（单位），如 张三（常乐镇）",
            "example": "张三（常乐镇）",
        },
        "city": {"parse": parse_city, "help": "海门，或外地城市（深圳、上海…）", "example": "上海"},
    }
    instructions = [
        "每行一次拜访（一家次），按“拜访时间＋客商”识别：相同的更新，否则新增。",
        "拜访人须是拜访当天在科技招商队伍中的成员；区镇用户只能导入本区镇成员的拜访。",
        "拜访时间按北京时间；不能晚于现在。",
    ]

    def begin(self, ctx):
        members = TeamMember.objects.for_user(ctx.user) if ctx.user is not None else TeamMember.objects.all()
        by_name = {}
        for member in members:
            by_name.setdefault(member.name, []).append(member)
            by_name.setdefault(f"{member.name}（{member.unit_name}）", []).append(member)
        ctx.lookups["members"] = by_name
        super().begin(ctx)

    def parsers(self, ctx):
        parsers = super().parsers(ctx)
        by_name = ctx.lookups["members"]

        def parse_member(value):
            text = "".join((to_text(value) or "").split()).replace("(", "（").replace(")", "）")
            found = by_name.get(text, [])
            if not found:
                raise ValueError("不在科技招商队伍中（或不属于您的区镇）")
            if len(found) > 1:
                raise ValueError("队伍中有同名成员，请写成 姓名（单位）")
            return found[0]

        parsers["member"] = parse_member
        return parsers

    def check(self, values, ctx):
        member, moment = values.get("member"), values.get("visited_at")
        if member is None or moment is None:
            return []
        errors = rules.visit_errors(ClientVisit(member=member, visited_at=moment))
        return list(errors.items())

    def build(self, values, existing, ctx):
        stored = existing.instance if existing is not None else None
        if stored is not None and values.get("member") is not None and stored.member_id != values["member"].pk:
            # The same client at the same minute by someone else: another visit, not this one.
            raise RowRejected([("counterpart", "同一时间已有其他成员拜访该客商的记录，请核对拜访时间")])
        return super().build(values, existing or Found(refs={}), ctx)

    def export_rows(self, queryset):
        rows = queryset.order_by("pk").values_list(
            "visited_at", "member__name", "member__unit_name", "counterpart", "city", "note"
        )
        for moment, name, unit, counterpart, city, note in rows.iterator(chunk_size=5000):
            when = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
            yield [when, f"{name}（{unit}）", counterpart, city, note]


EVENT_IMPORT = register(EventImport())
CLIENT_VISIT_IMPORT = register(ClientVisitImport())
