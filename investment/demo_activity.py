"""seed_demo's 招商活动, 拜访客商, 科技招商队伍 and 科创基金 for H1 2023.

From the bureau's summary: "在区镇、载体、基金三个层面组建了165人的科技招商队伍", "全区开展科技招商专题
活动28场，各类项目路演20次，拜访客商260家次"; named: 区镇一线科技招商人员专题培训班, 全区科创载体联盟
工作例会 and the regular 项目对接路演, 赴深圳参加2023年高新企业高质量发展春茗会并作科技招商推介,
科创载体高质量发展推介会, the 5月26日 省高技术船舶海工论坛暨省船舶与海洋工程装备技术创新中心项目路演
签约活动, and the three funds being set up (区级科创母基金, 南通东布洲新兴产业科创投资基金, 海望东洲股权
投资基金).

What the summary does not give is a demo assumption (docs/decisions.md): the members' names and
how the 165 split over units (9 per town, 3 per carrier, 3 per fund), the unnamed events' titles
and dates, which member visited whom when, the funds' managers and sizes. Those rows say "演示" in
their note. Four 驻外局 members join in July 2023, after the H1 snapshot. Every row is matched on
its natural key, so a second run writes nothing. Random choices come from one fixed seed.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import services
from .models import (
    ClientVisit,
    EventKind,
    Fund,
    FundKind,
    FundStage,
    InvestmentEvent,
    InvestmentProject,
    TeamMember,
    UnitKind,
)

ASSUMED = "演示：总结只给出合计，此项为演示假设"
YEAR = 2023
TEAM_FORMED = dt.date(2023, 1, 3)

TOWNS = [
    "海门街道", "三厂街道", "滨江街道", "常乐镇", "悦来镇", "四甲镇", "余东镇", "正余镇",
    "包场镇", "临江镇", "三星镇", "海永镇", "海门经济技术开发区", "临江新区", "海门港新区",
]  # fmt: skip
PER_TOWN = 9
CARRIERS = [  # unit, town
    ("长海大厦", "海门街道"),
    ("謇公湖科创中心", "海门街道"),
    ("拓鸿产业园", "海门经济技术开发区"),
    ("科技人才交流中心", "海门街道"),
    ("长三角药物创新中心", "临江新区"),
    ("海门临江科创孵化器", "临江新区"),
    ("大生科创园", "三厂街道"),
]
PER_CARRIER = 3
FUND_UNITS = ["区级科创母基金", "南通东布洲新兴产业科创投资基金", "海望东洲股权投资基金"]
PER_FUND = 3
OFFICES = [("驻上海招商局", 2), ("驻深圳招商局", 2)]  # join in July, after H1
OFFICES_FROM = dt.date(2023, 7, 10)

SURNAMES = (
    "张王李赵陈刘杨黄周吴徐孙朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姜范施顾陆倪茅季"
)
GIVEN = [
    "建华", "卫东", "晓燕", "志强", "海峰", "丽娟", "国平", "永刚", "春梅", "红兵", "振宇", "文静", "明", "勇", "静",
    "磊", "敏", "伟", "洁", "涛", "婷", "斌", "慧", "杰", "鑫", "宇航", "思远", "佳怡", "子涵", "浩然", "雨欣", "俊杰",
]  # fmt: skip

# The seed's named events, then the rest of the 28 专题活动 and 20 路演 (titles and dates assumed).
BUREAU = "区科技局（区科创办）"
NAMED_EVENTS = [
    # date, kind, title, city, host, town, note
    (dt.date(2023, 2, 16), EventKind.CAMP, "区镇一线科技招商人员专题培训班", "海门", BUREAU, None, ""),
    (dt.date(2023, 3, 9), EventKind.PROMOTION, "2023年高新企业高质量发展春茗会科技招商推介", "深圳", BUREAU, None, ""),
    (dt.date(2023, 3, 28), EventKind.ALLIANCE, "全区科创载体联盟工作例会", "海门", BUREAU, None, ""),
    (dt.date(2023, 4, 18), EventKind.PROMOTION, "科创载体高质量发展推介会", "海门", BUREAU, None, ""),
    (dt.date(2023, 5, 26), EventKind.ROADSHOW,
     "省高技术船舶海工论坛暨省船舶与海洋工程装备技术创新中心项目路演签约活动",
     "海门", "省船舶与海洋工程装备技术创新中心", "海门港新区", ""),
]  # fmt: skip
TOPICS = [
    # kind, title, city, host (a town's name: that town hosted it)
    (EventKind.TOPIC, "生物医药产业科技招商专题活动", "上海", "临江新区"),
    (EventKind.TOPIC, "新一代信息技术产业科技招商对接会", "深圳", "海门经济技术开发区"),
    (EventKind.TOPIC, "高端装备产业科技招商专题活动", "苏州", "海门港新区"),
    (EventKind.TOPIC, "新材料产业科技招商专题活动", "南京", "三厂街道"),
    (EventKind.TOPIC, "现代家纺创新设计科技招商活动", "杭州", "三星镇"),
    (EventKind.PROMOTION, "海门科创载体（上海）推介会", "上海", None),
    (EventKind.TOPIC, "集成电路产业链科技招商专题活动", "无锡", "海门经济技术开发区"),
    (EventKind.TOPIC, "船舶海工配套科技招商专题活动", "上海", "海门港新区"),
    (EventKind.TOPIC, "长三角高校院所科技成果招引活动", "上海", "海门街道"),
    (EventKind.TOPIC, "特医食品产业科技招商专题活动", "上海", "临江新区"),
    (EventKind.TOPIC, "智能制造科技招商专题活动", "苏州", "常乐镇"),
    (EventKind.TOPIC, "新能源产业科技招商专题活动", "合肥", "余东镇"),
    (EventKind.ALLIANCE, "投孵联盟项目对接交流会", "海门", None),
    (EventKind.TOPIC, "建筑产业科技招商专题活动", "南京", "常乐镇"),
    (EventKind.TOPIC, "高端纺织材料科技招商专题活动", "绍兴", "三星镇"),
    (EventKind.TOPIC, "医疗器械产业科技招商专题活动", "深圳", "临江新区"),
    (EventKind.TOPIC, "人工智能应用场景科技招商活动", "上海", "滨江街道"),
    (EventKind.CONTEST, "海门区创新创业大赛初赛", "海门", None),
    (EventKind.TOPIC, "节能环保产业科技招商专题活动", "南京", "悦来镇"),
    (EventKind.TOPIC, "汽车零部件产业科技招商专题活动", "上海", "四甲镇"),
    (EventKind.TOPIC, "数字经济科技招商专题活动", "杭州", "海门街道"),
    (EventKind.ALLIANCE, "投孵联盟季度例会", "海门", None),
    (EventKind.TOPIC, "长三角药物创新成果对接活动", "上海", "临江新区"),
    (EventKind.TOPIC, "农业科技招商专题活动", "南京", "正余镇"),
]
ROADSHOWS = 19  # the 5月26日 roadshow makes 20


def _name(rng, used):
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


COMPANY_WORDS = ["芯联", "康源", "智航", "海创", "博瑞", "恒新", "天擎", "景明", "启元", "鼎盛", "合睿", "正泰",
                 "微纳", "蓝海", "中科", "华芯", "瑞普", "新材", "远景", "润达"]  # fmt: skip
COMPANY_FIELDS = ["半导体科技", "生物医药", "智能装备", "新材料科技", "医疗器械", "信息技术", "新能源科技", "海洋工程"]
VISIT_CITIES = (
    ["上海"] * 8 + ["深圳"] * 3 + ["南京"] * 2 + ["苏州"] * 2 + ["杭州", "北京", "无锡", "合肥"] + ["海门"] * 3
)
H1_DAYS = [dt.date(2023, 1, 3) + dt.timedelta(days=i) for i in range(179)]
WORKDAYS = [d for d in H1_DAYS if d.weekday() < 5 and not (dt.date(2023, 1, 21) <= d <= dt.date(2023, 1, 27))]
VISITS = 260


@transaction.atomic
def seed(*, users, towns, year=YEAR) -> dict:
    staff = users.get("staff") or users.get("admin")
    # One generator per section, seeded apart, so a second run (which skips what exists) draws the same.
    rng = random.Random(20230630)
    counts = {"team": 0, "events": 0, "client_visits": 0, "funds": 0}

    # ---- the team: 165 on 30 June 2023 -------------------------------------------------------
    town_users = {}
    for user in users.values():
        if getattr(user, "role", "") == "town_officer" and user.town_id:
            town_users.setdefault(user.town_id, user)
    members = []
    used = set()

    def member(unit_kind, unit_name, town, index, active_from, user=None):
        nonlocal members
        existing = TeamMember.objects.filter(unit_kind=unit_kind, unit_name=unit_name).order_by("id")
        known = list(existing)
        if index < len(known):
            members.append(known[index])
            return known[index]
        name = ((user.last_name + user.first_name) if user is not None else "") or _name(rng, used)
        obj = services.member_save(
            instance=TeamMember(
                name=name, unit_kind=unit_kind, unit_name=unit_name, town=town, user=user, is_head=user is not None,
                active_from=active_from, phone=f"139{rng.randrange(10**8):08d}", note=ASSUMED,
            ),
            user=staff,
        )  # fmt: skip
        counts["team"] += 1
        members.append(obj)
        return obj

    for name in TOWNS:
        town = towns[name]
        head = town_users.get(town.pk)
        for i in range(PER_TOWN):
            member(UnitKind.TOWN, name, town, i, TEAM_FORMED, user=head if i == 0 else None)
    for unit, town_name in CARRIERS:
        for i in range(PER_CARRIER):
            member(UnitKind.CARRIER, unit, towns[town_name], i, dt.date(2023, 2, 1))
    for unit in FUND_UNITS:
        for i in range(PER_FUND):
            member(UnitKind.FUND, unit, None, i, dt.date(2023, 3, 1))
    on_30_june = list(members)
    for unit, n in OFFICES:
        for i in range(n):
            member(UnitKind.OFFICE, unit, None, i, OFFICES_FROM)

    # ---- events: 28 专题活动 and 20 路演 ------------------------------------------------------------
    rng = random.Random(20230528)
    projects = list(InvestmentProject.objects.order_by("id").values_list("pk", flat=True)[:60])
    planned = list(NAMED_EVENTS)
    topic_days = sorted(rng.sample([d for d in WORKDAYS if d.month >= 2], len(TOPICS)))
    for day, (kind, title, city, host_town) in zip(topic_days, TOPICS, strict=True):
        host = f"{host_town}人民政府" if host_town else BUREAU
        planned.append((day, kind, f"{title}（{city}）" if city != "海门" else title, city, host, host_town, ASSUMED))
    roadshow_days = sorted(rng.sample([d for d in WORKDAYS if d.weekday() in (1, 3)], ROADSHOWS))
    carriers = [c for c, _t in CARRIERS if c not in ("大生科创园",)]
    for n, day in enumerate(roadshow_days, start=1):
        carrier, town_name = CARRIERS[carriers.index(carriers[n % len(carriers)])]
        planned.append(
            (day, EventKind.ROADSHOW, f"科创载体项目对接路演（{YEAR}年第{n}期）", "海门", carrier, town_name, ASSUMED)
        )
    for day, kind, title, city, host, town_name, note in planned:
        if InvestmentEvent.objects.filter(held_on=day, title=title).exists():
            continue
        town = towns[town_name] if town_name else None
        event = InvestmentEvent(kind=kind, held_on=day, title=title, city=city, host=host, town=town, note=note)
        rng = random.Random(f"{day}{title}")
        pool = [m for m in on_30_june if m.active_from <= day and (town is None or m.town_id in (None, town.pk))]
        taking_part = rng.sample(pool, min(len(pool), 4 if city != "海门" else 2))
        presented = rng.sample(projects, min(len(projects), 3)) if kind == EventKind.ROADSHOW else []
        services.event_save(
            instance=event,
            user=staff,
            projects=InvestmentProject.objects.filter(pk__in=presented),
            members=taking_part,
        )
        counts["events"] += 1

    # ---- 260 client visits, spread over the half-year -----------------------------------------
    zone = timezone.get_default_timezone()
    visitors = [m for m in on_30_june if m.unit_kind != UnitKind.FUND] + [
        m for m in on_30_june if m.unit_kind == UnitKind.FUND
    ]
    rng = random.Random(20230101)
    plan = {}
    while len(plan) < VISITS:
        who = rng.choice(visitors)
        day = rng.choice([d for d in WORKDAYS if d >= who.active_from])
        moment = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45])), tzinfo=zone)
        city = rng.choice(VISIT_CITIES)
        prefix = "南通" if city == "海门" else city
        counterpart = f"{prefix}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_FIELDS)}有限公司"
        with_project = rng.random() < 0.4
        plan.setdefault((moment, counterpart), (who, city, with_project, rng.randrange(60)))
    for (moment, counterpart), (who, city, with_project, pick) in plan.items():
        if ClientVisit.objects.filter(visited_at=moment, counterpart=counterpart).exists():
            continue
        project = projects[pick % len(projects)] if projects and with_project else None
        services.client_visit_record(
            instance=ClientVisit(
                member=who, visited_at=moment, counterpart=counterpart, city=city, project_id=project,
                note="洽谈项目合作意向，了解落地需求（演示）",
            ),
            user=staff,
        )  # fmt: skip
        counts["client_visits"] += 1

    # ---- the three funds being set up ----------------------------------------------------------
    funds = [
        # name, kind, manager, target 万元, raised 万元, stage moves
        ("区级科创母基金", FundKind.MOTHER, "南通海门科技人才发展集团有限公司", 200000, 50000,
         [(FundStage.PREPARING, dt.date(2023, 2, 20))]),
        ("南通东布洲新兴产业科创投资基金", FundKind.INDUSTRY, "南通东布洲科学城投资管理有限公司（演示）", 100000, 30000,
         [(FundStage.PREPARING, dt.date(2023, 3, 15)), (FundStage.ESTABLISHED, dt.date(2023, 6, 16))]),
        ("海望东洲股权投资基金", FundKind.INDUSTRY, "海望东洲私募基金管理有限公司（演示）", 50000, 20000,
         [(FundStage.PREPARING, dt.date(2023, 4, 10))]),
    ]  # fmt: skip
    for name, kind, manager, target, raised, moves in funds:
        if Fund.objects.filter(name=name).exists():
            continue
        (first, on), *later = moves
        fund = services.fund_save(
            instance=Fund(
                name=name, kind=kind, manager=manager, target_size=Decimal(target), raised_size=Decimal(raised),
                note="规模为演示假设；总结：有序推进组建设立工作",
            ),
            user=staff, stage=first, on=on,
        )  # fmt: skip
        for stage, day in later:
            fund = services.fund_advance(fund=fund, to_stage=stage, user=staff, on=day)
        counts["funds"] += 1
    return counts
