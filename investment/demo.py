"""seed_demo's investment data (docs/decisions.md, "Investment pipeline demo").

# Project pipeline

From the bureau's H1 2023 summary: 新签约科创项目117个, 在手在谈有效项目信息94个, 上半年认定南通市科创项目
105个; 5 chains and 12 directions (fixtures/industry_chains.json); the 2023 targets 200 signed, 60 key
(fixtures/targets.json). The summary names no project, so every project here is a demo assumption
(its note says so): names made from the chain's directions, spread over the 15 towns, sources
区镇/载体/基金/委托, owned by the town's officer, with dates spread over the half-year:

- 117 projects first signed between 10 Jan and 28 Jun 2023 (31 of them 重点); the 105 signed first
  were recognised as 南通市科创项目 in H1, days to weeks after signing; some landed later in H1, some
  landed or were dropped in H2 (they still count as H1 signings);
- 94 projects in 在谈 on 30 June (from leads of late 2022 / H1 2023); 24 of them signed in H2, 10 dropped;
- 8 projects signed in 2022 and landed in H1 2023 (not new signings of 2023);
- 30 leads (线索) and 15 projects dropped in H1 from 在谈 (neither counts);
- 24 entries of the 招引目标数据库, 4 of them already turned into projects.

Every write goes through the services (workflow moves dated, change log), in date order; a project
is matched on its name, so a second run writes nothing.
"""

import datetime as dt
import random

from django.db import transaction

from core.models import IndustryChain

from . import services
from .models import InvestmentLead, InvestmentProject, LeadKind, LeadStatus, ProjectStage, SourceKind

# =============================================================================================
# Project pipeline
# =============================================================================================

ASSUMED = "演示：总结只给出合计，项目名称、区镇和日期为演示假设"

SIGNED_H1, RECOGNIZED_H1, IN_TALKS_JUNE_30, KEY_SIGNED_H1 = 117, 105, 94, 31

PRODUCTS = {
    "创新药与生物制品": [
        "抗体偶联药物",
        "mRNA疫苗中试",
        "细胞治疗产业化",
        "多肽药物CDMO",
        "生物药原液",
        "基因检测试剂",
    ],
    "高端医疗器械": ["微创介入器械", "医用内窥镜", "骨科植入物", "体外诊断仪器", "康复机器人", "医用影像探测器"],
    "特医食品与大健康": ["特医食品研发", "婴幼儿配方营养品", "功能性益生菌", "医学营养配餐", "中药配方颗粒"],
    "集成电路": ["功率半导体封测", "MEMS传感器", "射频芯片设计", "碳化硅外延片", "集成电路测试"],
    "电子信息与智能终端": ["智能穿戴终端", "车载显示模组", "工业物联网网关", "激光雷达", "柔性电路板"],
    "船舶与海洋工程装备": ["船用低碳动力", "水下导航设备", "海工平台维修", "船舶智能控制", "深海探测装备"],
    "智能制造装备": ["工业机器人", "精密数控机床", "智能仓储系统", "增材制造装备", "机器视觉检测"],
    "新能源装备": ["风电叶片", "储能变流器", "氢燃料电池系统", "光伏逆变器", "海上风电运维"],
    "先进纤维与高分子材料": ["高性能碳纤维", "生物基聚酯", "芳纶复合材料", "医用高分子材料", "特种工程塑料"],
    "新能源材料": ["锂电正极材料", "固态电解质", "钠离子电池材料", "光伏封装胶膜", "氢能储运材料"],
    "功能性家纺": ["抗菌功能家纺", "智能温控面料", "再生纤维家纺", "医用防护纺织品", "石墨烯功能纤维"],
    "检验检测与科技服务": ["第三方检测平台", "计量校准中心", "知识产权服务", "中试验证平台", "工业设计服务"],
}
BRANDS = [
    "澜芯", "瑞博", "华擎", "博睿", "启明", "海川", "东研", "恒远", "中科", "凯瑞", "云帆", "清源",
    "嘉禾", "睿创", "鼎新", "合丰", "星海", "江科", "同创", "力拓", "晶微", "泰和", "汇智", "蓝海",
]  # fmt: skip
CITIES = ["上海", "深圳", "苏州", "南京", "杭州", "北京", "无锡", "合肥", "西安", "武汉", "南通", "广州"]
SOURCE_UNITS = {
    SourceKind.TOWN: "",
    SourceKind.CARRIER: ["长海大厦", "謇公湖科创中心", "拓鸿产业园", "科技人才交流中心"],
    SourceKind.FUND: ["区级科创母基金", "南通东布洲新兴产业科创投资基金", "海望东洲股权投资基金"],
    SourceKind.ENTRUSTED: ["上海科技交流中心", "江苏省生产力促进中心", "深圳创投机构"],
}
LEADS = 24

H1_START, H1_END = dt.date(2023, 1, 1), dt.date(2023, 6, 30)


def _day(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


# Projects land where the parks are: the development zones and the central streets sign more than
# a farming town, so the demo's town ranking reads like a ranking (every town still has some).
TOWN_WEIGHTS = {"海门经济技术开发区": 5, "临江新区": 4, "海门港新区": 3, "海门街道": 3, "三厂街道": 2, "滨江街道": 2}


def _plan(rng, directions, towns):
    """The projects to write: [(fields, [(stage, date), …], recognised_on)] — deterministic."""
    names = set()
    town_rng = random.Random(2023_07)  # its own sequence: the names and dates stay as they were

    def fields(i):
        direction = directions[i % len(directions)]
        while True:
            brand = rng.choice(BRANDS)
            name = f"{brand}{rng.choice(PRODUCTS[direction.name])}项目"
            if name not in names:
                names.add(name)
                break
        kind = rng.choices(list(SOURCE_UNITS), weights=[5, 3, 2, 1])[0]
        units = SOURCE_UNITS[kind]
        town = town_rng.choices(towns, weights=[TOWN_WEIGHTS.get(t.name, 1) for t in towns])[0]
        return {
            "name": name,
            "chain_id": direction.chain_id,
            "direction": direction,
            "town": town,
            "source_kind": kind,
            "source_unit": rng.choice(units) if units else town.name,
            "counterpart": f"{rng.choice(CITIES)}{brand}科技有限公司",
            "planned_investment": rng.choice([800, 1500, 3000, 5000, 8000, 12000, 20000, 50000]),
            "note": ASSUMED,
        }

    plan = []
    # 117 first signed in H1, each led and talked about before.
    signed_days = sorted(_day(rng, dt.date(2023, 1, 10), dt.date(2023, 6, 28)) for _ in range(SIGNED_H1))
    for i, signed in enumerate(signed_days):
        talking = signed - dt.timedelta(days=rng.randint(20, 90))
        lead = talking - dt.timedelta(days=rng.randint(15, 60))
        moves = [(ProjectStage.LEAD, lead), (ProjectStage.TALKING, talking), (ProjectStage.SIGNED, signed)]
        recognized = None
        if i < RECOGNIZED_H1:  # the earliest signings were recognised within H1
            recognized = min(signed + dt.timedelta(days=rng.randint(3, 40)), H1_END)
        if i % 6 == 0 and signed < dt.date(2023, 5, 20):
            moves.append((ProjectStage.LANDED, signed + dt.timedelta(days=rng.randint(20, 40))))
        elif i % 9 == 1:
            moves.append((ProjectStage.LANDED, _day(rng, dt.date(2023, 7, 10), dt.date(2023, 12, 20))))
        elif i % 19 == 2:
            moves.append((ProjectStage.DROPPED, _day(rng, dt.date(2023, 7, 10), dt.date(2023, 12, 20))))
        plan.append(({**fields(i), "is_key": (i * KEY_SIGNED_H1) % SIGNED_H1 < KEY_SIGNED_H1}, moves, recognized))
    # 94 in 在谈 on 30 June; some moved on in H2.
    for j in range(IN_TALKS_JUNE_30):
        talking = _day(rng, dt.date(2023, 1, 5), dt.date(2023, 6, 29))
        lead = talking - dt.timedelta(days=rng.randint(10, 80))
        moves = [(ProjectStage.LEAD, lead), (ProjectStage.TALKING, talking)]
        if j % 4 == 0:
            moves.append((ProjectStage.SIGNED, _day(rng, dt.date(2023, 7, 5), dt.date(2023, 12, 15))))
        elif j % 10 == 3:
            moves.append((ProjectStage.DROPPED, _day(rng, dt.date(2023, 7, 5), dt.date(2023, 12, 15))))
        plan.append((fields(SIGNED_H1 + j), moves, None))
    # Signed in 2022, landed in H1 2023: no new signing of 2023.
    for k in range(8):
        signed = _day(rng, dt.date(2022, 6, 1), dt.date(2022, 11, 30))
        moves = [
            (ProjectStage.LEAD, signed - dt.timedelta(days=120)),
            (ProjectStage.TALKING, signed - dt.timedelta(days=60)),
            (ProjectStage.SIGNED, signed),
            (ProjectStage.LANDED, _day(rng, dt.date(2023, 1, 15), dt.date(2023, 6, 15))),
        ]
        plan.append((fields(300 + k), moves, None))
    # Leads still open, and talks that ended in H1.
    for m in range(30):
        plan.append(
            (fields(400 + m), [(ProjectStage.LEAD, _day(rng, dt.date(2023, 2, 1), dt.date(2023, 6, 25)))], None)
        )
    for n in range(15):
        talking = _day(rng, dt.date(2023, 1, 5), dt.date(2023, 5, 10))
        moves = [
            (ProjectStage.LEAD, talking - dt.timedelta(days=30)),
            (ProjectStage.TALKING, talking),
            (ProjectStage.DROPPED, talking + dt.timedelta(days=rng.randint(10, 45))),
        ]
        plan.append((fields(500 + n), moves, None))
    return plan


@transaction.atomic
def seed(*, users, towns, year=2023) -> dict:
    staff = users.get("staff") or users.get("admin")
    counts = {"projects": 0, "moves": 0, "leads": 0}
    rng = random.Random(2023_12)
    directions = [d for chain in IndustryChain.objects.prefetch_related("directions") for d in chain.directions.all()]
    town_list = sorted(towns.values(), key=lambda t: (t.order, t.pk))
    officers = {u.town_id: u for u in users.values() if getattr(u, "is_officer", False) and u.town_id}
    existing = set(InvestmentProject.objects.values_list("name", flat=True))

    for values, moves, recognized in _plan(rng, directions, town_list):
        if values["name"] in existing:
            continue
        owner = officers.get(values["town"].pk, staff)
        (first, first_on), *rest = moves
        project = InvestmentProject(owner=owner, **values)
        services.project_save(instance=project, user=owner, stage=first, on=first_on, note="演示")
        for stage, on in rest:
            if recognized is not None and project.nt_recognized_on is None and on > recognized:
                project = services.project_recognize(project=project, user=staff, on=recognized)
            project = services.project_move(project=project, to_stage=stage, user=owner, on=on)
            counts["moves"] += 1
        if recognized is not None and project.nt_recognized_on is None:
            services.project_recognize(project=project, user=staff, on=recognized)
        counts["projects"] += 1

    # The 招引目标数据库: prospective companies, institutions and teams by chain and direction.
    known = set(InvestmentLead.objects.values_list("name", flat=True))
    institutes = ["研究院", "实验室", "技术研究所"]
    for i in range(LEADS):
        direction = directions[i % len(directions)]
        kind = [LeadKind.COMPANY, LeadKind.COMPANY, LeadKind.INSTITUTION, LeadKind.TEAM][i % 4]
        city = CITIES[i % len(CITIES)]
        brand = BRANDS[(i * 5) % len(BRANDS)]
        if kind == LeadKind.COMPANY:
            name = f"{city}{brand}{direction.name[:2]}科技有限公司"
        elif kind == LeadKind.INSTITUTION:
            name = f"{city}{direction.name[:4]}{institutes[i % len(institutes)]}"
        else:
            name = f"{brand}{direction.name[:4]}创业团队"
        if name in known:
            continue
        town = town_list[(i * 4) % len(town_list)]
        lead = InvestmentLead(
            name=name,
            kind=kind,
            chain_id=direction.chain_id,
            direction=direction,
            town=town,
            city=city,
            contact=f"{'李王周吴郑'[i % 5]}总",
            owner=officers.get(town.pk, staff),
            status=LeadStatus.CONTACTING if i % 3 else LeadStatus.NEW,
            note=ASSUMED,
        )
        services.lead_save(instance=lead, user=staff)
        counts["leads"] += 1
        if i % 6 == 5:  # a few became projects (线索) on the pages' 转为项目
            services.lead_convert(lead=lead, user=staff, on=dt.date(2023, 6, 20) + dt.timedelta(days=i // 6))
    return counts


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================

from . import demo_activity  # noqa: E402

_seed_pipeline = seed


def seed(*, users, towns, year=2023) -> dict:  # noqa: F811 (the pipeline's seed, then the activity half's)
    """The pipeline first, so that the roadshows and client visits can point at its demo projects."""
    counts = _seed_pipeline(users=users, towns=towns, year=year)
    counts.update(demo_activity.seed(users=users, towns=towns, year=year))
    return counts
