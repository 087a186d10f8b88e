"""seed_demo's cooperation data: what the bureau's H1 2023 summary says of 创新生态.

Industry–academia half (seed_industry_academia) — from the summary:
- 上半年新增产学研合作项目109项 → 109 projects signed 1 Jan – 30 Jun 2023 (coop.ia_projects);
- 技术合同输出成交额达28.02亿 → 输出 contracts registered in H1 whose 合同成交额 add up to exactly
  280,200 万元 (coop.tech_contract_output), with the named enterprises 招商局重工、海新船务、澳斯康、
  益诺思 among them; the 整改 work at 南通科技大市场 as contracts sent back (需整改) in April/May and
  registered after it, two still waiting;
- the activities it names (东部中心-南通对接大会, 常乐镇建筑业产学研活动, 临江新区与同济大学,
  三星镇上海地区高校) and the 技术巡诊 at 慧起点智能科技、维柏思特衬布、森达装饰材料.

What the summary does not give (how 109 projects and 28.02亿 split over enterprises and
institutions, the other activities that make two a month, amounts, experts' names) is a demo
assumption, said in each row's note (ASSUMED) and in docs/decisions.md. The enterprises are the
enterprises demo's (looked up by name; the named ones must exist). Matched on natural keys, so a
second run writes nothing.
"""

import datetime as dt
from decimal import Decimal

from enterprises.models import Enterprise

from . import services
from .models import (
    Bank,
    ContractKind,
    Direction,
    EventKind,
    Financing,
    IACooperation,
    IAEvent,
    IAKind,
    IAStatus,
    Institution,
    InstitutionKind,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    Region,
    TechContract,
)
from .reference import load_banks

D = dt.date

# ============================================================================================
# Industry–academia cooperation
# ============================================================================================

ASSUMED = "演示：总结只给出合计，此项明细为演示假设"

INSTITUTIONS = [
    ("同济大学", Region.SHANGHAI, InstitutionKind.UNIVERSITY),
    ("上海交通大学", Region.SHANGHAI, InstitutionKind.UNIVERSITY),
    ("华东理工大学", Region.SHANGHAI, InstitutionKind.UNIVERSITY),
    ("上海大学", Region.SHANGHAI, InstitutionKind.UNIVERSITY),
    ("东华大学", Region.SHANGHAI, InstitutionKind.UNIVERSITY),
    ("上海船舶研究设计院", Region.SHANGHAI, InstitutionKind.INSTITUTE),
    ("南京大学", Region.JIANGSU, InstitutionKind.UNIVERSITY),
    ("东南大学", Region.JIANGSU, InstitutionKind.UNIVERSITY),
    ("江苏科技大学", Region.JIANGSU, InstitutionKind.UNIVERSITY),
    ("南通大学", Region.JIANGSU, InstitutionKind.UNIVERSITY),
    ("中国药科大学", Region.JIANGSU, InstitutionKind.UNIVERSITY),
    ("江南大学", Region.JIANGSU, InstitutionKind.UNIVERSITY),
    ("西南交通大学", Region.SOUTHWEST, InstitutionKind.UNIVERSITY),
    ("重庆大学", Region.SOUTHWEST, InstitutionKind.UNIVERSITY),
    ("电子科技大学", Region.SOUTHWEST, InstitutionKind.UNIVERSITY),
    ("西安交通大学", Region.XIAN, InstitutionKind.UNIVERSITY),
    ("西北工业大学", Region.XIAN, InstitutionKind.UNIVERSITY),
    ("武汉大学", Region.OTHER, InstitutionKind.UNIVERSITY),
]
SHANGHAI = ["上海交通大学", "华东理工大学", "上海大学", "东华大学"]

# The enterprises the summary names (full names as the enterprises demo writes them).
ZHAOSHANG = "招商局重工（江苏）有限公司"
HAIXIN = "南通海新船务工程有限公司"
AOSIKANG = "江苏澳斯康生物医药股份有限公司"
YINUOSI = "益诺思生物技术南通有限公司"
HUIQIDIAN = "南通慧起点智能科技有限公司"
WEIBOSITE = "南通维柏思特衬布有限公司"
SENDA = "南通森达装饰材料有限公司"
NAMED = [ZHAOSHANG, HAIXIN, AOSIKANG, YINUOSI, HUIQIDIAN, WEIBOSITE, SENDA]

# 产学研 projects the summary's named partners make (enterprise, institution, title, kind, 万元, signed).
NAMED_PROJECTS = [
    (ZHAOSHANG, "江苏科技大学", "海工平台分段智能焊接工艺联合开发", IAKind.DEVELOPMENT, 320, D(2023, 2, 16)),
    (ZHAOSHANG, "上海船舶研究设计院", "LNG运输船液货围护系统设计咨询", IAKind.CONSULTING, 180, D(2023, 4, 11)),
    (HAIXIN, "江苏科技大学", "船舶修造涂装废气治理技术服务", IAKind.SERVICE, 60, D(2023, 3, 8)),
    (AOSIKANG, "华东理工大学", "无血清细胞培养基配方优化", IAKind.DEVELOPMENT, 450, D(2023, 1, 12)),
    (AOSIKANG, "中国药科大学", "生物制品质量研究联合实验室", IAKind.PLATFORM, 600, D(2023, 5, 19)),
    (YINUOSI, "中国药科大学", "新药非临床安全性评价方法开发", IAKind.DEVELOPMENT, 280, D(2023, 3, 27)),
    (HUIQIDIAN, "上海大学", "智能巡检机器人视觉定位技术开发", IAKind.DEVELOPMENT, 85, D(2023, 4, 20)),
    (WEIBOSITE, "东华大学", "环保型粘合衬布涂层技术转让", IAKind.TRANSFER, 120, D(2023, 6, 9)),
    (SENDA, "江南大学", "低甲醛装饰板材工艺技术服务", IAKind.SERVICE, 40, D(2023, 5, 30)),
]
IA_H1 = 109  # 上半年新增产学研合作项目109项

TOPICS = [
    ("高效节能电机控制系统", IAKind.DEVELOPMENT),
    ("工业物联网数据采集平台", IAKind.DEVELOPMENT),
    ("新型功能纺织材料", IAKind.DEVELOPMENT),
    ("船舶配套件轻量化设计", IAKind.CONSULTING),
    ("生物医药中试工艺", IAKind.SERVICE),
    ("智能仓储调度算法", IAKind.DEVELOPMENT),
    ("高性能复合材料成型", IAKind.TRANSFER),
    ("精密零部件检测方法", IAKind.SERVICE),
    ("光伏组件封装工艺", IAKind.DEVELOPMENT),
    ("建筑节能墙体材料", IAKind.TRANSFER),
    ("污水深度处理工艺", IAKind.SERVICE),
    ("数控装备故障诊断", IAKind.CONSULTING),
    ("锂电池热管理系统", IAKind.DEVELOPMENT),
    ("食品保鲜包装材料", IAKind.DEVELOPMENT),
    ("机器视觉质检系统", IAKind.DEVELOPMENT),
    ("绿色涂料配方", IAKind.TRANSFER),
    ("企业研发中心共建", IAKind.PLATFORM),
    ("产品可靠性试验", IAKind.SERVICE),
]

# Activities (title, date, town or None = 区级, organizer, institutions, named enterprises). The
# first four are the summary's; the others make the rule's two a month (demo assumption).
ACTIVITIES = [
    (
        "2023年国家技术转移东部中心-南通市科技成果项目对接大会",
        D(2023, 4, 18),
        None,
        "区科技局",
        ["上海交通大学", "南通大学"],
        [ZHAOSHANG, HAIXIN, AOSIKANG],
        False,
    ),
    (
        "常乐镇建筑业产学研活动",
        D(2023, 5, 23),
        "常乐镇",
        "常乐镇（区科技局协助）",
        ["东南大学", "同济大学"],
        [WEIBOSITE],
        False,
    ),
    (
        "临江新区与同济大学科技成果转化暨产学研对接活动",
        D(2023, 6, 13),
        "临江新区",
        "临江新区",
        ["同济大学"],
        [AOSIKANG, YINUOSI],
        False,
    ),
    ("三星镇上海地区高校产学研活动", D(2023, 6, 27), "三星镇", "三星镇", SHANGHAI, [HUIQIDIAN], False),
    ("新春科技企业产学研需求对接会", D(2023, 1, 10), None, "区科技局", ["南通大学"], [], True),
    (
        "船舶海工产业技术需求发布会",
        D(2023, 1, 17),
        "海门港新区",
        "海门港新区",
        ["江苏科技大学"],
        [ZHAOSHANG, HAIXIN],
        True,
    ),
    ("生物医药产学研沙龙", D(2023, 2, 14), "临江新区", "临江新区", ["中国药科大学"], [AOSIKANG, YINUOSI], True),
    (
        "西南地区高校科技成果路演（海门专场）",
        D(2023, 2, 23),
        None,
        "区科技局",
        ["西南交通大学", "重庆大学", "电子科技大学"],
        [],
        True,
    ),
    ("智能制造产学研对接会", D(2023, 3, 9), "海门经济技术开发区", "海门经济技术开发区", ["东南大学"], [], True),
    ("西安高校科技成果对接活动", D(2023, 3, 22), None, "区科技局", ["西安交通大学", "西北工业大学"], [], True),
    ("新材料产业产学研对接会", D(2023, 4, 6), "悦来镇", "悦来镇", ["南京大学"], [SENDA], True),
    ("纺织产业科技成果对接会", D(2023, 5, 11), "三星镇", "三星镇", ["东华大学", "江南大学"], [], True),
    ("集成电路产业产学研交流会", D(2023, 6, 6), "海门经济技术开发区", "海门经济技术开发区", ["武汉大学"], [], True),
]

CLINICS = [
    (HUIQIDIAN, D(2023, 5, 16), "王建国教授（上海大学机电工程与自动化学院）",
     "巡检机器人在强光环境下视觉定位漂移，误差超出客户要求",
     "专家现场诊断为光照补偿算法缺陷，提出多传感器融合方案；双方商定以技术开发合同形式联合攻关"),
    (WEIBOSITE, D(2023, 6, 1), "李敏教授（东华大学纺织学院）",
     "环保型粘合衬布剥离强度不稳定，批次间差异大",
     "建议调整热熔胶粉配比和焙烘温度曲线，提供检测方法；企业试产三批，剥离强度达标"),
    (SENDA, D(2023, 6, 20), "周海涛研究员（江南大学化学与材料工程学院）",
     "装饰板材甲醛释放量接近国标限值，需降低以进入高端市场",
     "推荐无醛胶黏剂体系并对接高校中试线；企业已列入下半年研发项目备案"),
]  # fmt: skip

# Technology contracts of the named enterprises (number suffix, enterprise, counterpart, kind, 万元, registered).
NAMED_CONTRACTS = [
    (1, ZHAOSHANG, "中海油能源发展股份有限公司", ContractKind.DEVELOPMENT, Decimal("52000"), D(2023, 3, 15)),
    (2, ZHAOSHANG, "上海外高桥造船有限公司", ContractKind.SERVICE, Decimal("38600"), D(2023, 5, 26)),
    (3, ZHAOSHANG, "招商局海洋装备研究院有限公司", ContractKind.DEVELOPMENT, Decimal("21500"), D(2023, 6, 19)),
    (4, HAIXIN, "中远海运重工有限公司", ContractKind.SERVICE, Decimal("8800"), D(2023, 4, 25)),
    (5, HAIXIN, "南通中远海运船务工程有限公司", ContractKind.CONSULTING, Decimal("4200"), D(2023, 6, 8)),
    (6, AOSIKANG, "苏州瑞博生物制药有限公司", ContractKind.SERVICE, Decimal("31000"), D(2023, 2, 28)),
    (7, AOSIKANG, "上海启明医药科技有限公司", ContractKind.DEVELOPMENT, Decimal("18500"), D(2023, 5, 12)),
    (8, YINUOSI, "北京博远新药研发有限公司", ContractKind.SERVICE, Decimal("15800"), D(2023, 3, 30)),
    (9, YINUOSI, "杭州恒越生物医药有限公司", ContractKind.SERVICE, Decimal("12400"), D(2023, 6, 15)),
]
# Sent back by the registry and registered after the on-site work at 南通科技大市场 (suffix, sent back, registered).
RECTIFIED = {
    4: (D(2023, 4, 10), D(2023, 4, 25)),
    7: (D(2023, 4, 20), D(2023, 5, 12)),
    9: (D(2023, 5, 22), D(2023, 6, 15)),
}
RECTIFY_REASONS = [
    "技术交易额核定依据不足，需补充技术服务内容说明",
    "合同主体名称与营业执照不一致",
    "缺少技术成果权属证明材料",
]
OUTPUT_H1_WAN = Decimal("280200")  # 技术合同输出成交额 28.02亿元
GENERIC_CONTRACTS = 48


def _enterprise(name):
    enterprise = Enterprise.objects.filter(name=name).select_related("town").first()
    if enterprise is None:
        raise LookupError(f"演示企业“{name}”不存在：请先运行企业的演示数据（seed_demo 按顺序运行）")
    return enterprise


H1_FIRST_DAY = D(2023, 1, 3)


def _day(i, span=178):
    """A day of H1 2023 spread by i (never a day after 30 June)."""
    return H1_FIRST_DAY + dt.timedelta(days=(i * 37) % span)


def seed_industry_academia(*, users, towns, year=2023) -> dict:
    staff = users.get("staff") or users.get("admin")
    counts = {"institutions": 0, "ia_projects": 0, "tech_contracts": 0, "ia_events": 0}

    institutions = {}
    for name, region, kind in INSTITUTIONS:
        found = Institution.objects.filter(name=name).first()
        if found is None:
            found = services.record_save(instance=Institution(name=name, region=region, kind=kind), user=staff)
            counts["institutions"] += 1
        institutions[name] = found
    named = {name: _enterprise(name) for name in NAMED}
    # The other enterprises, in a fixed order: registered before 2023, not the named ones.
    others = list(
        Enterprise.objects.filter(founded_on__lt=D(2023, 1, 1))
        .exclude(name__in=NAMED)
        .order_by("credit_code")
        .only("pk", "name", "town_id")[:400]
    )

    def project(enterprise, institution, title, kind, amount, signed_on, note=""):
        if IACooperation.objects.filter(enterprise=enterprise, institution=institution, title=title).exists():
            return
        services.record_save(
            instance=IACooperation(
                enterprise=enterprise, institution=institution, title=title, kind=kind,
                amount=Decimal(amount) if amount is not None else None, signed_on=signed_on,
                status=IAStatus.ONGOING if signed_on < D(2023, 6, 1) else IAStatus.SIGNED, note=note,
            ),
            user=staff,
        )  # fmt: skip
        counts["ia_projects"] += 1

    for name, institution, title, kind, amount, signed_on in NAMED_PROJECTS:
        project(named[name], institutions[institution], title, kind, amount, signed_on)
    names = [n for n, *_ in INSTITUTIONS]
    for i in range(IA_H1 - len(NAMED_PROJECTS)):
        topic, kind = TOPICS[i % len(TOPICS)]
        enterprise = others[(i * 7) % len(others)]
        institution = institutions[names[(i * 5) % len(names)]]
        project(enterprise, institution, f"{topic}合作项目", kind, 20 + (i * 13) % 180, _day(i), ASSUMED)
    # Projects of 2022 (not new in 2023: the KPI counts by signing date).
    for i in range(6):
        topic, kind = TOPICS[(i + 5) % len(TOPICS)]
        enterprise = others[(i * 11 + 3) % len(others)]
        project(
            enterprise, institutions[names[i]], f"{topic}合作项目（2022）", kind, 50, D(2022, 9 + i % 3, 10), ASSUMED
        )

    counts["tech_contracts"] = _seed_contracts(named, others, staff, year)
    counts["ia_events"] = _seed_events(named, institutions, towns, staff)
    return counts


CITIES = ["上海", "苏州", "南京", "杭州", "无锡", "常州", "宁波"]
WORDS = ["华锐", "瀚海", "精创", "启明", "科睿", "恒越", "博远", "中科融", "天衡", "远景"]
TRADES = ["科技", "智能装备", "新材料", "环保科技", "电子", "船舶设计"]


def _buyer(i):
    """A plausible (invented) buyer's name for the contracts the summary does not list."""
    return f"{CITIES[i % 7]}{WORDS[(i * 3) % 10]}{TRADES[(i * 5) % 6]}有限公司"


def _contract(number, enterprise, counterpart, kind, amount, *, direction=Direction.OUTPUT, note=""):
    return TechContract(
        reg_number=number, title=f"{counterpart.replace('有限公司', '')}{ContractKind(kind).label}合同",
        enterprise=enterprise, counterpart=counterpart, direction=direction, kind=kind,
        contract_amount=amount, tech_amount=(amount * Decimal("0.85")).quantize(Decimal("0.01")), note=note,
    )  # fmt: skip


def _seed_contracts(named, others, staff, year) -> int:
    created = 0

    def new(contract, *, registered_on=None, sent_back=None, reason="", signed_on=None):
        nonlocal created
        if TechContract.objects.filter(reg_number=contract.reg_number).exists():
            return
        contract.signed_on = signed_on or (registered_on or sent_back or D(2023, 6, 20)) - dt.timedelta(days=20)
        contract = services.contract_save(instance=contract, user=staff)
        if sent_back:
            services.contract_require_rectification(contract=contract, reason=reason, on=sent_back, user=staff)
        if registered_on:
            services.contract_register(contract=contract, on=registered_on, user=staff)
        created += 1

    total = Decimal(0)
    for suffix, name, counterpart, kind, amount, registered_on in NAMED_CONTRACTS:
        sent_back, _registered = RECTIFIED.get(suffix, (None, None))
        reason = RECTIFY_REASONS[suffix % len(RECTIFY_REASONS)] if sent_back else ""
        new(
            _contract(f"2332061400{suffix:04d}", named[name], counterpart, kind, amount),
            registered_on=registered_on, sent_back=sent_back, reason=reason,
        )  # fmt: skip
        total += amount
    # The rest of 28.02亿 over other enterprises: amounts of a fixed pattern, the last one the remainder.
    rest = OUTPUT_H1_WAN - total
    amounts = [Decimal(400 + (i * 397) % 2000) for i in range(GENERIC_CONTRACTS - 1)]
    amounts.append(rest - sum(amounts))
    assert amounts[-1] > 0, "demo contract amounts exceed the seed's total"
    kinds = list(ContractKind)
    for i, amount in enumerate(amounts):
        enterprise = others[(i * 3 + 1) % len(others)]
        new(
            _contract(
                f"2332061400{100 + i:04d}",
                enterprise,
                _buyer(i),
                kinds[i % 5],
                amount,
                note=ASSUMED,
            ),
            registered_on=_day(i),
        )
    # Not in the KPI: 吸纳 contracts, two still 需整改, one 待登记, and one of 2022.
    for i in range(6):
        enterprise = others[(i * 5 + 2) % len(others)]
        contract = _contract(
            f"2332061400{300 + i:04d}", enterprise, f"{['同济大学', '东南大学', '南通大学'][i % 3]}",
            ContractKind.TRANSFER, Decimal(300 + 50 * i), direction=Direction.ABSORB, note=ASSUMED,
        )  # fmt: skip
        new(contract, registered_on=_day(i + 3))
    for i, reason in enumerate(RECTIFY_REASONS[:2]):
        number, amount = f"2332061400{400 + i:04d}", Decimal(1500 + i * 500)
        contract = _contract(
            number, others[i + 20], "苏州精创智能装备有限公司", ContractKind.DEVELOPMENT, amount, note=ASSUMED
        )
        new(contract, sent_back=D(2023, 6, 12 + i * 5), reason=reason)
    new(
        _contract(
            "23320614000500", others[30], "南京科睿软件有限公司", ContractKind.SERVICE, Decimal(260), note=ASSUMED
        )
    )
    new(
        _contract("22320614000900", named[ZHAOSHANG], "中国船舶集团有限公司", ContractKind.DEVELOPMENT, Decimal(26000)),
        registered_on=D(2022, 11, 18),
    )
    return created


def _seed_events(named, institutions, towns, staff) -> int:
    created = 0

    def event(
        kind, title, held_on, town, *, enterprises, insts=(), organizer="", expert="", problem="", outcome="", note=""
    ):
        nonlocal created
        if IAEvent.objects.filter(kind=kind, title=title, held_on=held_on).exists():
            return
        instance = IAEvent(
            kind=kind, title=title, held_on=held_on, town=towns[town] if town else None, organizer=organizer,
            expert=expert, problem=problem, outcome=outcome, note=note,
        )  # fmt: skip
        services.event_save(
            instance=instance, user=staff, enterprises=enterprises, institutions=[institutions[n] for n in insts]
        )
        created += 1

    for title, held_on, town, organizer, insts, ents, assumed in ACTIVITIES:
        event(
            EventKind.ACTIVITY, title, held_on, town, enterprises=[named[n] for n in ents], insts=insts,
            organizer=organizer, note=ASSUMED if assumed else "",
        )  # fmt: skip
    for name, held_on, expert, problem, outcome in CLINICS:
        enterprise = named[name]
        event(
            EventKind.CLINIC, f"技术专家巡诊：{name.removeprefix('南通').removesuffix('有限公司')}", held_on,
            enterprise.town.name, enterprises=[enterprise], organizer="区科技局", expert=expert, problem=problem,
            outcome=outcome,
        )  # fmt: skip
    return created


def seed(*, users, towns, year=2023) -> dict:
    counts = {}
    counts.update(seed_industry_academia(users=users, towns=towns, year=year))
    # ---- science finance and intermediaries ----
    counts.update(seed_finance(users=users, towns=towns, year=year))
    return counts


# ============================================================================================
# Science finance and intermediaries
#
# From the summary: "对接省农业科技型企业、涉农高企等18家，发放贷款7家，额度超1.5亿元，授信企业11家，
# 授信额度3.9535亿元", with 海门农商行 (人才贷、园区贷 developed with it; its 科技支行 still 筹建 in H1,
# so it lends nothing yet) and 苏科贷/通科贷. Which enterprises, banks, dates and how the totals
# split are demo assumptions (FINANCE_NOTE): 18 enterprises with a 对接; 11 of them with 12 credit
# lines adding up to exactly 39,535万元 (海赛未来 has two, at 海门农商行); 7 of those with 8 loans
# adding up to 15,800万元 (复亚智能 has two), each within its credit line. One loan in August shows
# that H1 stops on 30 June. Intermediaries: five agencies, their 2023 services and the yearly
# evaluation of 2023 (done in January 2024, the summary's 中介机构绩效评价 plan).
# ============================================================================================

FINANCE_NOTE = "演示：总结只给出企业数和合计，企业、银行和金额分布为演示假设"
THROUGH_TRAIN = "省农业科技型企业金融服务直通车活动"
AGENCY_NOTE = "演示：总结未列出中介机构，机构、服务和评分为演示假设"

JIAZHAO = "南通嘉兆电子有限公司"
FUYA = "南通复亚智能科技有限公司"
HAISAI = "南通海赛未来数字科技有限公司"
SHENHUA = "沈化测试技术（南通）有限公司"
FINANCE_NAMED = [JIAZHAO, FUYA, HAISAI, SHENHUA, HAIXIN, WEIBOSITE, HUIQIDIAN, SENDA]
FINANCE_OTHERS = 10  # G1 … G10: enterprises of the demo in a fixed order (see _finance_enterprises)

# Who, with which bank (short name), and when each 对接 happened.
CONNECTS = [
    (JIAZHAO, "中国银行", "tongkedai", D(2023, 2, 16)),
    (FUYA, "江苏银行", "sukedai", D(2023, 3, 22)),
    (HAISAI, "海门农商行", "rencaidai", D(2023, 1, 12)),
    (SHENHUA, "海门农商行", "sukedai", D(2023, 3, 2)),
    (HAIXIN, "工商银行", "tongkedai", D(2023, 4, 20)),
    (WEIBOSITE, "农业银行", "sukedai", D(2023, 4, 20)),
    ("G1", "海门农商行", "yuanqudai", D(2023, 4, 20)),
    ("G2", "建设银行", "sukedai", D(2023, 5, 11)),
    (HUIQIDIAN, "海门农商行", "rencaidai", D(2023, 5, 25)),
    ("G3", "交通银行", "tongkedai", D(2023, 6, 1)),
    (SENDA, "海门农商行", "sukedai", D(2023, 6, 8)),
    ("G4", "海门农商行", "sukedai", D(2023, 1, 18)),
    ("G5", "中国银行", "tongkedai", D(2023, 2, 23)),
    ("G6", "江苏银行", "sukedai", D(2023, 3, 16)),
    ("G7", "海门农商行", "rencaidai", D(2023, 4, 20)),
    ("G8", "邮储银行", "sukedai", D(2023, 4, 20)),
    ("G9", "农业银行", "tongkedai", D(2023, 5, 31)),
    ("G10", "海门农商行", "yuanqudai", D(2023, 6, 21)),
]
# 授信: 12 lines, 11 enterprises, 39,535万元.
CREDITS = [
    (JIAZHAO, "中国银行", "tongkedai", 8000, D(2023, 3, 15)),
    (FUYA, "江苏银行", "sukedai", 6000, D(2023, 4, 10)),
    (HAISAI, "海门农商行", "rencaidai", 3000, D(2023, 2, 20)),
    (HAISAI, "海门农商行", "yuanqudai", 2000, D(2023, 5, 16)),
    (SHENHUA, "海门农商行", "sukedai", 4500, D(2023, 3, 28)),
    (HAIXIN, "工商银行", "tongkedai", 3500, D(2023, 4, 26)),
    (WEIBOSITE, "农业银行", "sukedai", 3000, D(2023, 5, 9)),
    ("G1", "海门农商行", "yuanqudai", 3035, D(2023, 5, 23)),
    ("G2", "建设银行", "sukedai", 2500, D(2023, 6, 6)),
    (HUIQIDIAN, "海门农商行", "rencaidai", 2000, D(2023, 6, 13)),
    ("G3", "交通银行", "tongkedai", 1000, D(2023, 6, 20)),
    (SENDA, "海门农商行", "sukedai", 1000, D(2023, 6, 27)),
]
# 放款: 8 loans, 7 enterprises, 15,800万元 in H1 — and one in August.
LOANS = [
    (JIAZHAO, "中国银行", "tongkedai", 4500, D(2023, 4, 6)),
    (FUYA, "江苏银行", "sukedai", 3000, D(2023, 4, 25)),
    (FUYA, "江苏银行", "sukedai", 1200, D(2023, 6, 8)),
    (SHENHUA, "海门农商行", "sukedai", 2000, D(2023, 4, 18)),
    (HAIXIN, "工商银行", "tongkedai", 1800, D(2023, 5, 19)),
    (HAISAI, "海门农商行", "rencaidai", 1500, D(2023, 3, 10)),
    (WEIBOSITE, "农业银行", "sukedai", 1000, D(2023, 5, 30)),
    ("G1", "海门农商行", "yuanqudai", 800, D(2023, 6, 15)),
    (HUIQIDIAN, "海门农商行", "rencaidai", 1000, D(2023, 8, 10)),
]

INTERMEDIARIES = [
    # name, main service, town (None: outside Haimen), contact, since
    ("南通海门知识产权代理事务所", "ip", "海门街道", "陈律", D(2019, 5, 1)),
    ("江苏科创高企申报服务有限公司", "hte", "海门经济技术开发区", "顾晓", D(2020, 3, 1)),
    ("海门区技术转移服务中心", "transfer", "临江新区", "施建", D(2021, 9, 1)),
    ("南通正衡检验检测有限公司", "testing", "临江新区", "黄敏", D(2022, 2, 1)),
    ("上海张江科技咨询有限公司", "consulting", None, "王毅", D(2022, 6, 1)),
]
# Each agency's 2023 evaluation (done in January 2024): score, opinion.
REVIEWS = {
    "江苏科创高企申报服务有限公司": ("93.5", "高企申报辅导覆盖面广，材料质量高，企业评价满意。"),
    "南通海门知识产权代理事务所": ("86.0", "专利代理及时，建议加强专利质量把关。"),
    "海门区技术转移服务中心": ("78.5", "技术合同登记辅导到位，成果转化对接数量仍需提高。"),
    "南通正衡检验检测有限公司": ("68.0", "检测周期偏长，企业反映需改进。"),
    "上海张江科技咨询有限公司": ("55.0", "全年服务企业少、未按约定提交服务报告，列入整改。"),
}
SERVICE_CONTENT = {
    "ip": "发明专利申请代理及布局指导",
    "hte": "高新技术企业申报材料辅导",
    "transfer": "技术合同认定登记辅导",
    "testing": "产品性能检测及报告",
    "consulting": "研发管理体系咨询",
}


def _finance_enterprises():
    """The named enterprises and G1…G10: enterprises of the demo registered before 2022, not named
    anywhere in this demo, in credit-code order (the enterprises demo's codes are fixed)."""
    found = {name: _enterprise(name) for name in FINANCE_NAMED}
    others = (
        Enterprise.objects.filter(founded_on__lt=D(2022, 1, 1))
        .exclude(name__in=[*NAMED, *FINANCE_NAMED])
        .order_by("credit_code")[:FINANCE_OTHERS]
    )
    for i, enterprise in enumerate(others, 1):
        found[f"G{i}"] = enterprise
    if len(found) < len(FINANCE_NAMED) + FINANCE_OTHERS:
        raise LookupError("演示企业不足：请先运行企业的演示数据")
    return found


def seed_finance(*, users, towns, year=2023) -> dict:
    staff = users.get("staff") or users.get("admin")
    counts = {"banks": load_banks(), "financing": 0, "intermediaries": 0, "intermediary_services": 0,
              "intermediary_reviews": 0}  # fmt: skip
    banks = {b.short_name or b.name: b for b in Bank.objects.all()}
    enterprises = _finance_enterprises()

    def record(name, bank, product, kind, amount, on, note=FINANCE_NOTE):
        enterprise = enterprises[name]
        key = {"enterprise": enterprise, "bank": banks[bank], "product": product, "kind": kind, "on": on}
        if Financing.objects.filter(**key).exists():
            return
        amount = Decimal(amount) if amount is not None else None
        services.financing_save(instance=Financing(**key, amount=amount, note=note), user=staff)
        counts["financing"] += 1

    for name, bank, product, on in CONNECTS:
        record(name, bank, product, "connect", None, on, THROUGH_TRAIN if on == D(2023, 4, 20) else FINANCE_NOTE)
    for name, bank, product, amount, on in CREDITS:  # credit lines before the loans they cover
        record(name, bank, product, "credit", amount, on)
    for name, bank, product, amount, on in LOANS:
        record(name, bank, product, "loan", amount, on)

    agencies = {}
    for name, kind, town, contact, since in INTERMEDIARIES:
        agency = Intermediary.objects.filter(name=name).first()
        if agency is None:
            agency = services.intermediary_save(
                instance=Intermediary(name=name, kind=kind, town=towns.get(town) if town else None, contact=contact,
                                      since=since, note=AGENCY_NOTE),
                user=staff,
            )  # fmt: skip
            counts["intermediaries"] += 1
        agencies[name] = agency
    # Services through 2023: agency i serves enterprises in turn, one a month or so; the weakest few.
    served = list(enterprises.values())
    for i, (name, kind, _town, _contact, _since) in enumerate(INTERMEDIARIES):
        visits = 2 if kind == "consulting" else 6
        for j in range(visits):
            enterprise = served[(i * 5 + j * 3) % len(served)]
            on = D(2023, 1 + (i + j * 2) % 12, 5 + (i * 3 + j) % 20)
            key = {"intermediary": agencies[name], "enterprise": enterprise, "kind": kind, "served_on": on}
            if IntermediaryService.objects.filter(**key).exists():
                continue
            satisfaction = "unsatisfied" if kind == "consulting" else "fair" if kind == "testing" else "satisfied"
            services.service_save(
                instance=IntermediaryService(**key, content=SERVICE_CONTENT[kind], satisfaction=satisfaction),
                user=staff,
            )
            counts["intermediary_services"] += 1
    for name, (score, opinion) in REVIEWS.items():
        agency = agencies[name]
        if IntermediaryReview.objects.filter(intermediary=agency, year=year).exists():
            continue
        review = IntermediaryReview(
            intermediary=agency, year=year, score=Decimal(score), reviewed_on=D(year + 1, 1, 18), opinion=opinion
        )
        services.review_save(instance=review, user=staff)
        counts["intermediary_reviews"] += 1
    return counts
