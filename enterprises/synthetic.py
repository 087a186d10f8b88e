"""Plausible Haimen enterprises for demo and load data: names, people, addresses, yearly figures.

Shared by `demo.py` (the few hundred enterprises of seed_demo) and `load.py` (tens of thousands
for generate_load), so both read like the bureau's own lists. Everything takes a
`random.Random`, so a fixed seed gives the same enterprises every time.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .models import TechField, Visit


@dataclass(frozen=True)
class Sector:
    """A line of business as the bureau files it: 所属行业, 技术领域 and how such firms are named."""

    code: str
    industries: tuple[str, ...]
    tech_field: str
    suffixes: tuple[str, ...]
    topics: tuple[str, ...]  # what its R&D projects and technical needs are about


SECTORS = {
    s.code: s
    for s in [
        Sector(
            "biomed",
            ("医药制造业", "研究和试验发展"),
            TechField.BIOMEDICINE,
            ("生物医药科技有限公司", "生物科技有限公司", "药业有限公司", "生物技术有限公司", "医疗器械有限公司"),
            ("重组蛋白表达工艺", "细胞培养基配方", "抗体药物纯化", "特医食品配方", "体外诊断试剂", "缓释制剂"),
        ),
        Sector(
            "electronics",
            ("计算机、通信和其他电子设备制造业",),
            TechField.ELECTRONICS,
            ("电子科技有限公司", "半导体科技有限公司", "微电子有限公司", "光电科技有限公司", "电子有限公司"),
            ("功率半导体封装", "集成电路测试", "高频电路板", "智能传感器", "射频模组", "车规级芯片封测"),
        ),
        Sector(
            "software",
            ("软件和信息技术服务业",),
            TechField.ELECTRONICS,
            ("软件科技有限公司", "数字科技有限公司", "信息技术有限公司", "网络科技有限公司"),
            ("工业互联网平台", "企业数字化管理系统", "机器视觉检测算法", "数据中台", "智慧园区管理平台"),
        ),
        Sector(
            "marine",
            ("铁路、船舶、航空航天和其他运输设备制造业",),
            TechField.ADVANCED_MANUFACTURING,
            ("船舶配件有限公司", "海洋工程装备有限公司", "船舶科技有限公司", "海工装备有限公司", "船务工程有限公司"),
            ("海工平台桩腿", "船用甲板机械", "水下导链器", "船舶压载水处理", "海洋导航装备", "增材再制造修复"),
        ),
        Sector(
            "machinery",
            ("通用设备制造业", "专用设备制造业"),
            TechField.ADVANCED_MANUFACTURING,
            ("智能装备有限公司", "机械科技有限公司", "自动化科技有限公司", "精密机械有限公司", "智能制造有限公司"),
            ("数控加工中心", "工业机器人末端执行器", "智能仓储输送线", "精密减速器", "无人机飞控系统", "纺织机械"),
        ),
        Sector(
            "materials",
            ("化学原料和化学制品制造业", "橡胶和塑料制品业", "非金属矿物制品业"),
            TechField.NEW_MATERIALS,
            ("新材料科技有限公司", "高分子材料有限公司", "复合材料有限公司", "装饰材料有限公司"),
            ("环保型装饰板材", "高性能复合材料", "功能涂层", "可降解高分子材料", "特种纤维", "金属针布"),
        ),
        Sector(
            "textile",
            ("纺织业", "纺织服装、服饰业"),
            TechField.NEW_MATERIALS,
            ("家纺科技有限公司", "纺织科技有限公司", "家用纺织品有限公司", "衬布有限公司"),
            ("抗菌功能面料", "可水洗羽绒替代填充", "热熔粘合衬布", "智能温控床品", "再生纤维纺纱"),
        ),
        Sector(
            "energy",
            ("电气机械和器材制造业",),
            TechField.NEW_ENERGY,
            ("新能源科技有限公司", "电气有限公司", "节能科技有限公司", "风电科技有限公司"),
            ("风电叶片", "储能电池管理系统", "光伏逆变器", "高效节能电机", "氢能储运"),
        ),
        Sector(
            "environment",
            ("生态保护和环境治理业",),
            TechField.ENVIRONMENT,
            ("环保科技有限公司", "环境科技有限公司", "水处理科技有限公司"),
            ("工业废水深度处理", "VOCs治理", "固废资源化利用", "污泥干化"),
        ),
        Sector(
            "services",
            ("专业技术服务业", "科技推广和应用服务业"),
            TechField.HITECH_SERVICES,
            ("检测技术有限公司", "科技服务有限公司", "技术咨询有限公司", "检验检测有限公司"),
            ("药物安全性评价", "材料失效分析", "化学品检测方法", "计量校准", "知识产权分析评议"),
        ),
        # Plain firms of the towns (常乐镇's 建筑业 and the like): visited, never in a pool.
        Sector(
            "construction",
            ("房屋建筑业", "建筑装饰、装修和其他建筑业"),
            "",
            ("建设工程有限公司", "建筑安装工程有限公司", "装饰工程有限公司"),
            ("装配式建筑构件", "绿色施工工艺", "建筑信息模型应用"),
        ),
    ]
}

# How many enterprises each town has and what they make, after Haimen's industrial map: the
# 开发区 and 临江新区 (东布洲科学城, 生物医药) lead, 三星镇 is the 叠石桥 家纺 town, 海门港新区 is
# 船舶海工, 常乐镇 has its 建筑业.
TOWN_PROFILES = {
    "海门街道": (9, {"software": 3, "electronics": 3, "machinery": 2, "services": 2, "construction": 1}),
    "三厂街道": (6, {"machinery": 3, "materials": 2, "textile": 2, "electronics": 1}),
    "滨江街道": (6, {"machinery": 3, "electronics": 2, "software": 2, "energy": 1}),
    "常乐镇": (6, {"construction": 3, "machinery": 3, "materials": 2, "textile": 1}),
    "悦来镇": (4, {"materials": 3, "machinery": 2, "textile": 1}),
    "四甲镇": (4, {"machinery": 3, "materials": 2, "textile": 1}),
    "余东镇": (4, {"textile": 2, "machinery": 2, "materials": 2}),
    "正余镇": (4, {"textile": 2, "machinery": 3, "environment": 1}),
    "包场镇": (4, {"machinery": 3, "materials": 2, "energy": 1}),
    "临江镇": (5, {"biomed": 2, "machinery": 2, "materials": 2}),
    "三星镇": (8, {"textile": 6, "machinery": 2, "software": 1}),
    "海永镇": (2, {"machinery": 1, "environment": 1, "energy": 1}),
    "海门经济技术开发区": (16, {"electronics": 4, "machinery": 4, "materials": 3, "energy": 2, "biomed": 1}),
    "临江新区": (12, {"biomed": 6, "services": 2, "electronics": 2, "materials": 1}),
    "海门港新区": (10, {"marine": 6, "machinery": 2, "energy": 2, "materials": 1}),
}

ROADS = {
    "海门街道": ("人民西路", "北京中路", "解放中路", "长江路", "秀山路"),
    "三厂街道": ("三厂工业园路", "青龙路", "兴业路"),
    "滨江街道": ("滨江大道", "沿江公路", "富江路"),
    "常乐镇": ("常乐大道", "颐生路", "张謇大道"),
    "悦来镇": ("悦来大道", "悦东路"),
    "四甲镇": ("四甲大道", "人民路"),
    "余东镇": ("余东大道", "凤城路"),
    "正余镇": ("正余大道", "工业路"),
    "包场镇": ("包场大道", "通启路"),
    "临江镇": ("临江大道", "江海路"),
    "三星镇": ("叠石桥大道", "川心港路", "绣品城路"),
    "海永镇": ("永隆路", "永安路"),
    "海门经济技术开发区": ("广州路", "大庆路", "香港路", "珠海路", "黄海路"),
    "临江新区": ("东布洲大道", "謇公湖路", "青海路", "科创路"),
    "海门港新区": ("港城大道", "黄海大道", "海港路"),
}

_BRAND_FIRST = "海东江通瑞恒华鑫博创德宏金汇晟凯泰中远嘉新润盛腾达宇睿卓越诺亚沃迈科安锦川振天"
_BRAND_SECOND = "源达泰瑞能威盛锐驰翔宇恒信拓诚泽晨峰邦航辰昊佳和丰森联合益维康"
_SURNAMES = "张王李陈刘杨黄吴周徐孙朱高林何郭马罗梁宋郑谢顾施沈陆茅倪袁季蔡姜邱范秦"
_GIVEN = "建华伟强军国平海峰明丽燕红兵敏静勇杰涛磊芳娟文斌辉志刚春梅晓东新宇欣怡子涵浩然"

MOBILE_PREFIXES = ("139", "138", "137", "136", "135", "158", "159", "150", "151", "152", "187", "188", "180", "181")


def weighted(rng, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def brand(rng, length=2) -> str:
    """A 字号 of two (or three) characters, never the same character twice in a row."""
    chars = [rng.choice(_BRAND_FIRST)]
    while len(chars) < length:
        ch = rng.choice(_BRAND_SECOND)
        if ch != chars[-1]:
            chars.append(ch)
    return "".join(chars)


def company_name(rng, sector: Sector, founded_on: dt.date, brand_length=2) -> str:
    """南通XX智能装备有限公司 and the like; firms registered before 2020 may still carry 海门市."""
    prefixes = {"南通": 6, "江苏": 3}
    if founded_on.year < 2020:
        prefixes["海门市"] = 2
    return weighted(rng, prefixes) + brand(rng, brand_length) + rng.choice(sector.suffixes)


def person_name(rng) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def mobile(rng) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def address(rng, town_name: str | None) -> str:
    if not town_name:
        return ""
    return f"南通市海门区{town_name}{rng.choice(ROADS[town_name])}{rng.randint(1, 1288)}号"


def workday(rng, lo: dt.date, hi: dt.date) -> dt.date:
    """A random Monday–Friday in [lo, hi] (lo itself when the span has no working day)."""
    span = (hi - lo).days
    if span <= 0:
        return lo
    for _ in range(12):
        day = lo + dt.timedelta(days=rng.randint(0, span))
        if day.weekday() < 5:
            return day
    return lo


def money(value: float) -> Decimal:
    return Decimal(f"{max(value, 0):.2f}")


@dataclass
class Profile:
    """What drives an enterprise's figures: size class, latest (2022) scale and R&D habits."""

    size: str  # small / medium / large
    revenue: float  # 万元, the latest year
    growth: float  # a year
    rd_ratio: float  # R&D ÷ sales
    employees: int
    rd_share: float  # 科技人员 ÷ 职工
    ip_class1: int
    ip_class2: int
    conversions: int


def profile(rng, size: str, sector: Sector, *, innovative: bool) -> Profile:
    """An enterprise's scale; `innovative` firms (pool members) spend and patent like 高企 hopefuls."""
    revenue = {"small": (300, 9000), "medium": (4000, 18000), "large": (25000, 300000)}[size]
    employees = {"small": (12, 150), "medium": (90, 420), "large": (500, 3200)}[size]
    plain = not sector.tech_field
    return Profile(
        size=size,
        revenue=rng.uniform(*revenue),
        growth=rng.uniform(-0.05, 0.4),
        rd_ratio=rng.uniform(0.032, 0.09)
        if innovative
        else rng.uniform(0.0, 0.035)
        if plain
        else rng.uniform(0.01, 0.05),
        employees=rng.randint(*employees),
        rd_share=rng.uniform(0.11, 0.4) if innovative else rng.uniform(0.02, 0.15),
        ip_class1=rng.choice([0, 0, 1, 1, 2, 3, 5]) if innovative else rng.choice([0, 0, 0, 1]),
        ip_class2=rng.randint(3, 24) if innovative else rng.randint(0, 6),
        conversions=rng.randint(2, 8) if innovative else rng.randint(0, 3),
    )


def year_figures(rng, p: Profile, years=(2020, 2021, 2022), *, gaps: bool) -> list[dict]:
    """EnterpriseYear values for `years`, growing towards the profile's latest year.

    With `gaps`, some figures are missing as in real submissions (a year not handed in, no split
    of domestic R&D, no 高新收入), so the diagnosis has "unknown" conditions to show.
    """
    latest = max(years)
    missing_year = rng.choice(years) if gaps and rng.random() < 0.35 else None
    missing_fields = set()
    if gaps:
        missing_fields = set(rng.sample(["rd_expense_domestic", "hitech_revenue", "conversions", "net_assets"], 2))
    assets_ratio = rng.uniform(0.7, 1.5)
    equity_ratio = rng.uniform(0.35, 0.65)
    rows = []
    for year in years:
        if year == missing_year:
            continue
        back = latest - year
        revenue = p.revenue / (1 + p.growth) ** back * rng.uniform(0.95, 1.05)
        rd = revenue * p.rd_ratio * rng.uniform(0.85, 1.15)
        employees = max(5, round(p.employees * rng.uniform(0.85, 1.0) ** back))
        total_assets = revenue * assets_ratio * rng.uniform(0.95, 1.05)
        row = {
            "year": year,
            "revenue": money(revenue),
            "rd_expense": money(rd),
            "rd_expense_domestic": money(rd * rng.uniform(0.82, 1.0)),
            "hitech_revenue": money(revenue * rng.uniform(0.5, 0.95)) if p.rd_ratio > 0.03 else None,
            "total_costs": money(revenue * rng.uniform(0.78, 0.96)),
            "total_assets": money(total_assets),
            "net_assets": money(total_assets * equity_ratio * (1 + 0.08 * (2 - back))),
            "employees": employees,
            "rd_staff": min(employees, round(employees * p.rd_share)),
            "ip_class1": max(0, p.ip_class1 - back),
            "ip_class2": max(0, p.ip_class2 - 2 * back),
            "conversions": max(0, p.conversions - rng.randint(0, 1)),
        }
        for name in missing_fields:
            row[name] = None
        rows.append(row)
    return rows


def rd_titles(rng, sector: Sector, count: int, year: int) -> list[str]:
    """Distinct R&D project titles for one enterprise in one year."""
    forms = ("{t}关键技术研发", "{t}产业化开发", "基于{t}的工艺优化研究", "新一代{t}研制", "{t}性能提升研究")
    titles = [f.format(t=t) for t in sector.topics for f in forms]
    rng.shuffle(titles)
    return titles[:count]


# ---- visits ------------------------------------------------------------------------------

_FOCUS = {
    "fanxing": "科技型中小企业评价",
    "qiangji": "高新技术企业申报准备",
    "pangao": "攀高计划培育和上市规划",
    "": "生产经营和研发投入",
}

_NEED_TEXT = {
    Visit.Need.TECHNOLOGY: (
        "企业在{topic}方面遇到技术瓶颈，希望对接高校院所开展联合攻关。",
        "已邀请专家开展“点对点”技术巡诊，企业与高校就{topic}形成合作意向。",
    ),
    Visit.Need.TALENT: (
        "研发人员招聘难，希望了解区人才引进政策和人才公寓申请条件。",
        "已送达人才政策汇编，协助企业申请人才公寓并推荐参加校园招聘会。",
    ),
    Visit.Need.FUNDING: (
        "扩大研发投入存在资金缺口约{amount}万元，希望对接科技金融产品。",
        "已推荐“苏科贷”“通科贷”，农商行科技支行完成对接并授信{amount}万元。",
    ),
    Visit.Need.POLICY: (
        "咨询高新技术企业认定条件和研发费用归集口径。",
        "已讲解认定条件，安排企业参加申报材料撰写辅导会。",
    ),
    Visit.Need.SPACE: (
        "现有厂房不能满足扩产，需要新增研发和中试场地约{area}平方米。",
        "已推荐至謇公湖科创中心、拓鸿产业园对接，企业已实地考察。",
    ),
    Visit.Need.OTHER: (
        "反映厂区周边道路施工影响物流进出，希望协调施工时段。",
        "已转区镇相关部门协调，施工单位调整了夜间施工时段。",
    ),
}

_KIND_CONTENT = {
    Visit.Kind.ONSITE: "上门走访，了解企业{focus}情况，查看研发场地和设备。",
    Visit.Kind.PHONE: "电话联系企业联系人{contact}，跟进{focus}进展。",
    Visit.Kind.MEETING: "参加区镇企业座谈会，企业介绍{focus}情况和下一步打算。",
    Visit.Kind.TECH_CLINIC: "陪同专家开展“点对点”技术巡诊，围绕{topic}面对面对接。",
}

VISIT_KINDS = {Visit.Kind.ONSITE: 60, Visit.Kind.PHONE: 22, Visit.Kind.MEETING: 10, Visit.Kind.TECH_CLINIC: 8}
NEED_WEIGHTS = {
    Visit.Need.TECHNOLOGY: 5,
    Visit.Need.POLICY: 5,
    Visit.Need.FUNDING: 4,
    Visit.Need.TALENT: 4,
    Visit.Need.SPACE: 2,
    Visit.Need.OTHER: 1,
}


def visit_fields(rng, *, day: dt.date, as_of: dt.date, sector: Sector, pool: str, contact: str, kind=None) -> dict:
    """Kind, content, needs, problem and follow-up of one visit on `day`, seen from `as_of`.

    Older needs are mostly resolved; the last two months' are still open or being followed up.
    """
    kind = kind or weighted(rng, VISIT_KINDS)
    topic = rng.choice(sector.topics)
    content = _KIND_CONTENT[kind].format(focus=_FOCUS.get(pool, _FOCUS[""]), contact=contact or "负责人", topic=topic)
    needs = []
    if rng.random() < 0.55:
        needs = sorted({weighted(rng, NEED_WEIGHTS) for _ in range(rng.randint(1, 2))})
    if kind == Visit.Kind.TECH_CLINIC and Visit.Need.TECHNOLOGY not in needs:
        needs = sorted([*needs, Visit.Need.TECHNOLOGY])
    fill = {
        "topic": topic,
        "amount": rng.choice([200, 300, 500, 800, 1000, 1500]),
        "area": rng.choice([500, 800, 1200]),
    }
    problem = "".join(_NEED_TEXT[n][0].format(**fill) for n in needs)
    follow_up, resolution = Visit.FollowUp.NONE, ""
    if needs:
        age = (as_of - day).days
        if age > 120:
            chances = {Visit.FollowUp.RESOLVED: 85, Visit.FollowUp.IN_PROGRESS: 8, Visit.FollowUp.OPEN: 7}
        else:
            chances = {Visit.FollowUp.RESOLVED: 20, Visit.FollowUp.IN_PROGRESS: 35, Visit.FollowUp.OPEN: 45}
        follow_up = weighted(rng, chances)
        if follow_up == Visit.FollowUp.RESOLVED:
            resolution = "".join(_NEED_TEXT[n][1].format(**fill) for n in needs)
        elif follow_up == Visit.FollowUp.IN_PROGRESS:
            resolution = "已交办相关科室，正在对接中。"
    return {
        "kind": kind,
        "content": content,
        "needs": needs,
        "problem": problem,
        "follow_up": follow_up,
        "resolution": resolution,
    }
