"""The investment app's imports on core's framework (docs/importing.md, "Investment projects").

# Project pipeline: `import_data investment_projects PATH`.

One row is one 科创项目, matched on its name (a new name adds a project). 阶段 is a state someone
reports: a new project enters at it (线索 when empty), an existing one moves forward to it (any
number of steps, or to 终止) — never back, never out of 落地/终止, never dated before its current
stage (core.workflow.report_refusal); each new stage writes its history row, dated by 进入本阶段日期
(the import day when empty), so the KPIs count it like a move on the board. 区镇, 产业链,
招商方向 and 负责人 are named as people write them and looked up once per import (no query per row).
"""

from core.importing import ModelImportSpec, register
from core.importing.model_spec import Found, Reference
from core.importing.parsers import past_date, town_lookup
from core.importing.spec import RowRejected, Write
from core.models import IndustryChain, InvestDirection, Town
from core.workflow import Refusal

from . import rules
from .models import PROJECT_WORKFLOW, InvestmentProject, ProjectStageChange

# =============================================================================================
# Project pipeline
# =============================================================================================

REFUSAL_WORDS = {
    Refusal.TERMINAL: "项目已是“{now}”，不能再改为“{to}”",
    Refusal.BACKWARD: "项目当前为“{now}”，阶段不能倒退为“{to}”",
    Refusal.EARLY: "日期{on}早于项目进入“{now}”的日期{prev}",
    Refusal.ENTRY_ONLY: "“{to}”不能由导入设置",
    Refusal.NOT_A_STAGE: "“{to}”不是项目阶段",
}


class ProjectImport(ModelImportSpec):
    kind = "investment_projects"
    title = "科创项目"
    model = InvestmentProject
    fields = [
        "name", "town", "chain", "direction", "source_kind", "source_unit", "owner", "counterpart",
        "stage", "stage_on", "is_key", "planned_investment", "nt_recognized_on", "note",
    ]  # fmt: skip
    natural_key = ("name",)
    write_order = [InvestmentProject, ProjectStageChange]
    # Looked up in begin(), not by the default fetch (which resolves key references only).
    references = {
        "town": Reference("name", scoped=False),
        "chain": Reference("name", scoped=False),
        "direction": Reference("name", scoped=False),
        "owner": Reference("username", scoped=False),
    }
    aliases = {
        "name": ("项目", "科创项目", "科创项目名称"),
        "town": ("区镇", "所在区镇", "落户区镇", "属地"),
        "chain": ("所属产业链", "产业"),
        "direction": ("方向", "重点招商方向"),
        "source_kind": ("来源", "项目来源渠道"),
        "source_unit": ("来源单位名称", "引荐单位"),
        "owner": ("项目负责人", "招商人员", "责任人"),
        "counterpart": ("客商名称", "投资方"),
        "stage": ("项目阶段", "状态", "进展"),
        "stage_on": ("阶段日期", "日期"),
        "is_key": ("重点项目", "是否重点"),
        "planned_investment": ("计划投资", "总投资", "投资额"),
        "nt_recognized_on": ("南通市科创项目认定日期", "认定日期", "认定时间"),
    }
    overrides = {
        "town": {"label": "所属区镇", "required": False, "example": "海门街道", "help": "新项目必填"},
        "chain": {
            "label": "产业链",
            "required": False,
            "example": "生物医药",
            "help": "新项目必填；填了招商方向可省略",
        },
        "direction": {"label": "招商方向", "required": False, "example": "创新药与生物制品"},
        "owner": {"label": "负责人", "required": False, "help": "平台用户名或姓名", "example": "staff"},
        "stage": {"help": "线索、在谈、签约、落地、终止；留空：新项目为线索，已有项目不变"},
        "stage_on": {"required": False, "parse": past_date, "help": "进入该阶段的日期，留空为导入当天"},
        "nt_recognized_on": {"parse": past_date},
    }
    instructions = [
        "每行一个科创项目，按项目名称识别：名称相同的更新，否则新增。空白单元格不会清除平台中已有的数据。",
        "阶段只能向前（线索→在谈→签约→落地），或改为终止；每次改变阶段都记入阶段记录，按“进入本阶段日期”计入指标。",
        "南通市科创项目认定日期只能填写已签约（或落地、签约后终止）的项目；日期不能晚于今天。",
        "区镇科技网格员只能更正本区镇已有的项目。",
    ]

    def begin(self, ctx):
        towns = list(Town.objects.all())
        ctx.lookups["find_town"] = town_lookup(towns)
        ctx.lookups["town"] = {t.name: t for t in towns}
        ctx.lookups["chain"] = {c.name: c for c in IndustryChain.objects.all()}
        directions = list(InvestDirection.objects.all())
        ctx.lookups["direction"] = {d.name: d for d in directions}
        from .selectors import owner_choices

        people = list(owner_choices(ctx.user)) if ctx.user is not None else list(owner_choices_all())
        owners = {}
        for person in people:
            full = person.get_full_name()
            if full:
                owners.setdefault(full, person)
        owners.update({p.username: p for p in people})
        ctx.lookups["owner"] = owners

    def parsers(self, ctx):
        parsers = super().parsers(ctx)
        lookups = ctx.lookups

        def parse_town(value):
            town = lookups["find_town"](value)
            if town is None:
                raise ValueError("不是海门的区镇")
            return town.name

        def known(name, what):
            def parse(value):
                text = str(value).strip()
                if text not in lookups[name]:
                    raise ValueError(f"不是平台中的{what}")
                return text

            return parse

        parsers["town"] = parse_town
        parsers["chain"] = known("chain", "产业链")
        parsers["direction"] = known("direction", "招商方向")
        parsers["owner"] = known("owner", "用户（负责人）")
        return parsers

    def build(self, values, existing, ctx):
        existing = existing or Found(refs={})
        lookups = ctx.lookups
        refs = {name: lookups[name].get(values[name]) for name in self.references if values.get(name) is not None}
        direction = refs.get("direction")
        if direction is not None and "chain" not in refs:
            chain = next(c for c in lookups["chain"].values() if c.pk == direction.chain_id)
            refs["chain"], values = chain, {**values, "chain": chain.name}
        existing.refs = refs
        instance = existing.instance
        problems = []

        if ctx.officer_town_id:
            if instance is not None and instance.town_id != ctx.officer_town_id:
                raise RowRejected([("name", "该项目不属于您的区镇，不能由本区镇导入")])
            if "town" in refs and refs["town"].pk != ctx.officer_town_id:
                problems.append(("town", "区镇科技网格员只能导入本区镇的项目"))
        if instance is None:
            for name, label in (("town", "所属区镇"), ("chain", "产业链")):
                if name not in refs:
                    problems.append((name, f"新项目须填写{label}"))
        chain_id = refs["chain"].pk if "chain" in refs else (instance.chain_id if instance else None)
        if direction is not None and chain_id and direction.chain_id != chain_id:
            problems.append(("direction", f"招商方向“{direction.name}”不属于所填产业链"))

        # The stage: a reported state, checked like the workflow checks one (never back, never early).
        stage, on = values.get("stage"), values.get("stage_on") or ctx.today
        values = {k: v for k, v in values.items() if k not in ("stage", "stage_on")}
        move = None
        if instance is None:
            stage = stage or PROJECT_WORKFLOW.first
            values.update(stage=stage, stage_on=on)
            move = ("", stage)
        elif stage is not None and stage != instance.stage:
            refusal = PROJECT_WORKFLOW.report_refusal(instance.stage, stage, on=on, previous_on=instance.stage_on)
            if refusal is not None:
                words = REFUSAL_WORDS[refusal].format(
                    now=instance.get_stage_display(),
                    to=PROJECT_WORKFLOW.label(stage),
                    on=on,
                    prev=instance.stage_on,
                )
                problems.append(("stage_on" if refusal == Refusal.EARLY else "stage", words))
            else:
                values.update(stage=stage, stage_on=on)
                move = (instance.stage, stage)
        final_stage = values.get("stage") or (instance.stage if instance else None)
        recognized = values.get("nt_recognized_on") or (instance.nt_recognized_on if instance else None)
        if error := rules.recognition_error(final_stage, recognized):
            problems.append(("nt_recognized_on", error))
        if problems:
            raise RowRejected(problems)

        writes = super().build(values, existing, ctx)
        if move is not None and writes:
            project = writes[0]
            change = {"from_stage": move[0], "to_stage": move[1], "on": on, "changed_by": ctx.user}
            change["note"] = f"导入《{ctx.source_name}》" if ctx.source_name else "导入"
            if project.instance is None:
                writes.append(Write(ProjectStageChange, change, links={"project": project}, logged=False))
            else:
                writes.append(Write(ProjectStageChange, {**change, "project": instance}, logged=False))
        return writes

    def choices(self, ctx):
        found = super().choices(ctx)
        found["town"] = list(ctx.lookups.get("town", {})) or [t.name for t in Town.objects.all()]
        found["chain"] = [c.name for c in IndustryChain.objects.all()]
        found["direction"] = [d.name for d in InvestDirection.objects.all()]
        return found


def owner_choices_all():
    """The command line without --user: anyone who may own a project."""
    from accounts.models import User

    return User.objects.filter(is_active=True, role__in=User.WRITER_ROLES)


PROJECT_IMPORT = register(ProjectImport())

# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================
# Two importers: 招商活动 (`investment_events`, key: 活动日期 + 活动名称) and 拜访客商
# (`client_visits`, key: 拜访时间 + 客商). The model rules (no date in the future, a visit by a
# member on the team that day, Haimen's spellings as 海门) are investment/rules.py's, asked per row
# because the import writes in bulk, not through full_clean(). The projects presented at an event
# and its members are kept on the event's page (a cell of names is not a reliable link).

import datetime as dt  # noqa: E402
import re  # noqa: E402

from django.utils import timezone  # noqa: E402

from core.importing import ModelImportSpec, register  # noqa: E402
from core.importing.parsers import past_date  # noqa: E402
from core.spreadsheets import to_date, to_text  # noqa: E402

from .models import ClientVisit, InvestmentEvent, TeamMember  # noqa: E402


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
