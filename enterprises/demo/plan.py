"""The demo's data: Haimen's enterprises, their pools, R&D filings, events and visits, as plain
Python objects (no database). `write.py` puts them into the database.

The figures of the 2023 half-year summary come out exactly by the KPI definitions of
docs/domain.md §3 (the seed's 406 参评 / 363 入库, 199 拟申报, 777 预申报信息, 5 辅导会, 4 家推荐省
独角兽). Around them is what a bureau user expects to find in the portal: 高企 recognized in
2020–2022 (so 到期老高企 shows), the 2023 H2 and later years' moves, years of figures with the
gaps real submissions have, and grid officers' visits up to the demo's "today".

The whole demo is planned from one fixed random seed (`build_plan`), so every run plans the
same companies with the same codes, dates and figures.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from core.demo_codes import credit_code

from .. import synthetic
from ..models import CultivationEvent, PangaoLevel, Pool, Stage
from ..synthetic import SECTORS, Profile

D = dt.date

# Credit-code serials 30,000,000+ (core.demo_codes): clear of the test factories (10M, 20M)
# and of generate_load (70M+), so demo, tests and load data never share a code.
SERIAL_BASE = 30_000_000
# The demo's "today": visits run up to here, and certificates issued from 2023-11 to 2024-11
# fall due within the following twelve months, so the 到期老高企 warning has rows.
AS_OF = D(2026, 11, 27)
H1_START, H1_END = D(2023, 1, 1), D(2023, 6, 30)
RANDOM_SEED = 2023

# Certificate dates of the Jiangsu 高企 lists and the 科技型中小企业 入库 batches.
HTE_BATCHES = {
    2020: [D(2020, 12, 2)],
    2021: [D(2021, 11, 30), D(2021, 12, 15)],
    2022: [D(2022, 12, 12)],
    2023: [D(2023, 11, 6), D(2023, 12, 8)],
    2024: [D(2024, 11, 19), D(2024, 12, 16)],
    2025: [D(2025, 12, 5)],
}
FANXING_BATCHES = {
    2022: [D(2022, 3, 25), D(2022, 4, 22), D(2022, 5, 20), D(2022, 6, 17), D(2022, 7, 22), D(2022, 9, 23)],
    2023: [D(2023, 3, 24), D(2023, 4, 21), D(2023, 5, 19), D(2023, 6, 16)],
}
PROVINCIAL_UNICORN_RECOMMENDED_ON = D(2023, 4, 18)

IMPORTED_NOTE = "名单导入"


@dataclass
class Membership:
    """One planned pool membership: its stage path [(stage, date, note)] and certificate."""

    pool: str
    year: int
    path: list
    certificate_no: str = ""
    certified_on: dt.date | None = None
    level: str = ""
    recommended_on: dt.date | None = None
    national_list: bool = False
    note: str = ""

    def reached(self, stage, on):
        return any(s == stage and d <= on for s, d, _ in self.path)


@dataclass
class Company:
    """One planned enterprise with everything hanging off it."""

    serial: int
    name: str
    town: str | None
    sector: synthetic.Sector
    founded_on: dt.date
    profile: Profile
    is_key: bool = False
    listing_plan: bool = False
    has_grid_officer: bool = True
    division: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    registered_capital: float = 0
    no_major_incident: bool | None = None
    years: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    rd: list = field(default_factory=list)  # (year, title, budget, filed_on, reviewed)
    visits: list = field(default_factory=list)  # dicts with visited_on and the visit fields

    @property
    def credit_code(self):
        if self.division.startswith("31"):  # moved in from Shanghai: the code keeps its old division
            return credit_code(self.serial, division=self.division)
        return credit_code(
            self.serial, division=self.division or ("320684" if self.founded_on.year < 2020 else "320614")
        )

    @property
    def industry(self):
        return self.sector.industries[self.serial % len(self.sector.industries)]

    def pools(self):
        return {m.pool for m in self.memberships}


# ---- the enterprises the seed names -------------------------------------------------------------

NAMED = [
    # name, town, sector, founded, key, listing, profile (revenue 万元, growth, rd ratio, employees, rd share,
    # Ⅰ类, Ⅱ类, conversions)
    (
        "江苏澳斯康生物医药股份有限公司",
        "临江新区",
        "biomed",
        D(2016, 6, 8),
        True,
        True,
        ("large", 98000, 0.45, 0.12, 1150, 0.32, 24, 40, 8),
    ),
    (
        "南通嘉兆电子有限公司",
        "海门经济技术开发区",
        "electronics",
        D(2017, 3, 21),
        True,
        True,
        ("large", 36000, 0.3, 0.07, 520, 0.28, 9, 35, 6),
    ),
    (
        "南通复亚智能科技有限公司",
        "滨江街道",
        "machinery",
        D(2015, 9, 2),
        True,
        True,
        ("medium", 15000, 0.5, 0.11, 260, 0.42, 12, 46, 7),
    ),
    (
        "南通海赛未来数字科技有限公司",
        "临江新区",
        "software",
        D(2021, 4, 16),
        True,
        False,
        ("small", 2600, 0.8, 0.22, 85, 0.62, 3, 14, 4),
    ),
    (
        "沈化测试技术（南通）有限公司",
        "临江新区",
        "services",
        D(2020, 10, 12),
        True,
        False,
        ("small", 1800, 0.6, 0.09, 68, 0.45, 1, 9, 3),
    ),
    (
        "南通慧起点智能科技有限公司",
        "三星镇",
        "machinery",
        D(2019, 5, 28),
        False,
        False,
        ("small", 2200, 0.25, 0.06, 45, 0.31, 1, 8, 2),
    ),
    (
        "南通维柏思特衬布有限公司",
        "常乐镇",
        "textile",
        D(2008, 7, 15),
        False,
        False,
        ("medium", 9500, 0.08, 0.045, 210, 0.16, 2, 18, 4),
    ),
    (
        "南通森达装饰材料有限公司",
        "悦来镇",
        "materials",
        D(2010, 11, 3),
        False,
        False,
        ("medium", 7800, 0.1, 0.035, 160, 0.14, 0, 11, 2),
    ),
    (
        "招商局重工（江苏）有限公司",
        "海门港新区",
        "marine",
        D(2008, 4, 30),
        True,
        False,
        ("large", 420000, 0.12, 0.035, 3100, 0.18, 30, 120, 8),
    ),
    (
        "南通海新船务工程有限公司",
        "海门港新区",
        "marine",
        D(2012, 8, 9),
        True,
        False,
        ("medium", 12000, 0.15, 0.04, 300, 0.15, 1, 16, 3),
    ),
    (
        "益诺思生物技术南通有限公司",
        "临江新区",
        "services",
        D(2019, 1, 22),
        True,
        False,
        ("large", 31000, 0.35, 0.08, 680, 0.55, 6, 22, 6),
    ),
    # 皇虎检测 only lands in 2023 H2 (the seed's "推进皇虎检测签约落地"): no figures, no 2023 pool.
    (
        "皇虎检测技术（南通）有限公司",
        "临江新区",
        "services",
        D(2023, 9, 15),
        True,
        False,
        ("small", 0, 0, 0, 20, 0.5, 0, 0, 0),
    ),
    (
        "金轮针布（江苏）有限公司",
        "海门经济技术开发区",
        "materials",
        D(2009, 6, 18),
        True,
        False,
        ("large", 68000, 0.1, 0.042, 1600, 0.16, 18, 90, 7),
    ),
    (
        "江苏艾郎风电科技发展有限公司",
        "海门港新区",
        "energy",
        D(2013, 2, 26),
        True,
        False,
        ("large", 150000, 0.18, 0.036, 1900, 0.17, 15, 60, 6),
    ),
]

# Named enterprises' memberships, built by the Plan below: who is in which pool and how far.
NAMED_ROLES = {
    "江苏澳斯康生物医药股份有限公司": {"hte": [2021, 2024], "pangao": PangaoLevel.UNICORN},
    "南通嘉兆电子有限公司": {"hte": [2022, 2025], "pangao": PangaoLevel.POTENTIAL_UNICORN},
    "南通复亚智能科技有限公司": {"hte": [2020], "qiangji": "applied", "pangao": PangaoLevel.POTENTIAL_UNICORN},
    "南通海赛未来数字科技有限公司": {
        "fanxing": "registered",
        "qiangji": "candidate",
        "pangao": PangaoLevel.POTENTIAL_UNICORN,
    },
    "沈化测试技术（南通）有限公司": {"fanxing": "registered", "qiangji": "rd_filed"},
    "南通慧起点智能科技有限公司": {"fanxing": "registered", "qiangji": "pre_applied"},
    "南通维柏思特衬布有限公司": {"hte": [2020], "qiangji": "candidate"},
    "南通森达装饰材料有限公司": {"fanxing": "registered", "qiangji": "pool"},
    "招商局重工（江苏）有限公司": {"hte": [2021, 2024], "pangao": PangaoLevel.LEADING},
    "南通海新船务工程有限公司": {"hte": [2022, 2025]},
    "益诺思生物技术南通有限公司": {"hte": [2022, 2025]},
    "皇虎检测技术（南通）有限公司": {},
    "金轮针布（江苏）有限公司": {"hte": [2022, 2025], "pangao": PangaoLevel.LEADING},
    "江苏艾郎风电科技发展有限公司": {"hte": [2021, 2024], "pangao": PangaoLevel.LEADING},
}
PROVINCIAL_UNICORNS = [
    "江苏澳斯康生物医药股份有限公司",
    "南通嘉兆电子有限公司",
    "南通复亚智能科技有限公司",
    "南通海赛未来数字科技有限公司",
]
# The seed's "点对点技术巡诊" of H1 2023.
TECH_CLINICS = {
    "南通慧起点智能科技有限公司": D(2023, 4, 12),
    "南通维柏思特衬布有限公司": D(2023, 5, 10),
    "南通森达装饰材料有限公司": D(2023, 5, 24),
}

# Generic enterprises by role (counts are what make the seed's figures come out; see Plan).
FANXING_2023 = {"registered": 363, "direct": 25, "rejected": 28, "evaluated": 15, "target": 60}
QIANGJI_2023 = {"candidate": 160, "applied": 39, "withdrawn": 6, "pool": 40, "rd_filed": 45, "pre_applied": 30}
HTE_HISTORY = {2020: 70, 2021: 85, 2022: 95}
QIANGJI_H2_ENTRANTS = 185
RD_FILINGS_H1 = 777
PANGAO_2023 = {"gazelle": 12, "leading": 27, "leading_h2": 8}
PLAIN = 200

CULTIVATION_EVENTS = [
    (CultivationEvent.Kind.BRIEFING, D(2023, 2, 22), "科技型中小企业评价政策宣讲会", None, 126),
    (CultivationEvent.Kind.COACHING, D(2023, 3, 23), "2023年高新技术企业申报材料撰写辅导会（第一场）", None, 88),
    (CultivationEvent.Kind.COACHING, D(2023, 4, 13), "高企申报材料撰写辅导会（生物医药专场）", "临江新区", 41),
    (CultivationEvent.Kind.SALON, D(2023, 4, 27), "高企沙龙：倾听企业成长中的烦恼", "海门经济技术开发区", 36),
    (
        CultivationEvent.Kind.COACHING,
        D(2023, 5, 11),
        "高企申报材料撰写辅导会（先进制造专场）",
        "海门经济技术开发区",
        57,
    ),
    (CultivationEvent.Kind.COACHING, D(2023, 5, 25), "高企申报材料撰写辅导会（研发费用归集）", None, 73),
    (CultivationEvent.Kind.COACHING, D(2023, 6, 15), "高企申报材料撰写辅导会（答疑交流）", "三星镇", 49),
    (CultivationEvent.Kind.SALON, D(2023, 9, 14), "高企沙龙：省专家预审反馈意见整改", None, 52),
]


# ---- the plan -------------------------------------------------------------------------------------


class Plan:
    """Builds every Company deterministically from RANDOM_SEED."""

    def __init__(self):
        self.rng = random.Random(RANDOM_SEED)
        self.companies: list[Company] = []
        self.by_name: dict[str, Company] = {}
        self._fanxing_no = defaultdict(int)
        self._hte_no = dict.fromkeys(range(2019, 2027), 1000)

    # -- numbers --
    def fanxing_no(self, year):
        self._fanxing_no[year] += 1
        return f"{year}320614{self._fanxing_no[year]:05d}"

    def hte_no(self, year, province="32"):
        self._hte_no[year] += self.rng.randint(1, 40)
        return f"GR{year}{province}{self._hte_no[year]:06d}"

    def day(self, lo, hi):
        return synthetic.workday(self.rng, lo, hi)

    # -- companies --
    def add(self, company: Company):
        rng = self.rng
        company.contact_name = synthetic.person_name(rng)
        company.contact_phone = synthetic.mobile(rng)
        company.address = synthetic.address(rng, company.town)
        scale = {"small": (100, 1000), "medium": (500, 5000), "large": (5000, 50000)}[company.profile.size]
        company.registered_capital = round(rng.uniform(*scale) / 50) * 50
        self.companies.append(company)
        self.by_name[company.name] = company
        return company

    def generic(self, size, *, founded=(2008, 2021), revenue_cap=None, innovative=True, sector=None, town=""):
        rng = self.rng
        if town == "":
            town = synthetic.weighted(rng, {t: w for t, (w, _) in synthetic.TOWN_PROFILES.items()})
        sector_code = sector or synthetic.weighted(rng, synthetic.TOWN_PROFILES[town or "海门街道"][1])
        if innovative and sector_code == "construction":
            sector_code = "machinery"
        sec = SECTORS[sector_code]
        founded_on = D(rng.randint(*founded), rng.randint(1, 12), rng.randint(1, 28))
        p = synthetic.profile(rng, size, sec, innovative=innovative)
        if revenue_cap:
            p.revenue = min(p.revenue, revenue_cap)
        for _ in range(20):
            name = synthetic.company_name(rng, sec, founded_on)
            if name not in self.by_name:
                break
        else:
            name = synthetic.company_name(rng, sec, founded_on, brand_length=3)
        return self.add(
            Company(
                serial=SERIAL_BASE + 100 + len(self.companies),
                name=name,
                town=town,
                sector=sec,
                founded_on=founded_on,
                profile=p,
            )
        )

    # -- pool paths (dates only ever move forward) --
    def fanxing(self, company, outcome):
        """A 2023 繁星 membership ending H1 at `outcome` (and, for some, moving on in H2)."""
        d = self.day
        if outcome == "direct":
            on = self.rng.choice(FANXING_BATCHES[2023])
            path = [(Stage.REGISTERED, on, "省科技型中小企业评价服务平台入库" + IMPORTED_NOTE)]
        else:
            t0 = d(D(2023, 1, 4), D(2023, 3, 10) if outcome != "target" else D(2023, 6, 28))
            path = [(Stage.TARGET, t0, "拉网式调研筛选")]
            if outcome in {"registered", "rejected", "evaluated"}:
                lo = max(t0 + dt.timedelta(days=7), D(2023, 2, 1))
                hi = {"registered": D(2023, 6, 1), "rejected": D(2023, 6, 9), "evaluated": D(2023, 6, 28)}[outcome]
                if outcome == "evaluated":
                    lo = max(lo, D(2023, 5, 15))
                t1 = d(lo, hi)
                path.append((Stage.EVALUATED, t1, "已在评价系统填报"))
                if outcome == "registered":
                    batch = next(b for b in FANXING_BATCHES[2023] if b >= t1 + dt.timedelta(days=14))
                    path.append((Stage.REGISTERED, batch, ""))
                elif outcome == "rejected":
                    reason = self.rng.choice(["评价得分未达60分", "科技人员指标得分为0", "研发投入核实不足"])
                    path.append((Stage.REJECTED, d(t1 + dt.timedelta(days=10), H1_END), reason))
        m = Membership(Pool.FANXING, 2023, path)
        company.memberships.append(m)
        return m

    def register_h2(self, membership, on):
        if membership.path[-1][0] == Stage.TARGET:
            t1 = self.day(D(2023, 8, 1), D(2023, 8, 31))
            membership.path.append((Stage.EVALUATED, t1, "已在评价系统填报"))
            if on is None:
                return
        membership.path.append((Stage.REGISTERED, on, ""))

    def qiangji_h1(self, company, outcome):
        """A 2023 强基 membership ending H1 at `outcome`: how far it got by 30 June."""
        d = self.day
        order = ["pool", "rd_filed", "pre_applied", "candidate", "applied"]
        last = {"withdrawn": "candidate"}.get(outcome, outcome)
        steps = order[: order.index(last) + 1]
        windows = {
            "pool": (D(2023, 1, 9), D(2023, 3, 17) if len(steps) > 1 else D(2023, 6, 28)),
            "rd_filed": (D(2023, 3, 1), D(2023, 4, 28) if len(steps) > 2 else D(2023, 6, 28)),
            "pre_applied": (D(2023, 4, 3), D(2023, 5, 26) if len(steps) > 3 else D(2023, 6, 28)),
            "candidate": (D(2023, 5, 8), D(2023, 6, 9) if outcome == "withdrawn" else D(2023, 6, 20)),
            "applied": (D(2023, 6, 5), H1_END),
        }
        path, prev = [], None
        for step in steps:
            lo, hi = windows[step]
            if prev:
                lo = max(lo, prev + dt.timedelta(days=5))
            prev = d(lo, max(lo, hi))
            path.append((Stage(step), prev, ""))
        if outcome == "withdrawn":
            path.append((Stage.REJECTED, d(prev + dt.timedelta(days=5), H1_END), "自评研发费用占比未达标，暂缓申报"))
        m = Membership(Pool.QIANGJI, 2023, path)
        company.memberships.append(m)
        return m

    def advance_h2(self, membership, to, on, note=""):
        membership.path.append((Stage(to), max(on, membership.path[-1][1]), note))

    def recognize(self, company, year, membership=None, on=None, province="32"):
        """A 高企 certificate of `year`: the end of a planned path, or a one-step imported list entry."""
        on = on or self.rng.choice(HTE_BATCHES[year])
        number = self.hte_no(year, province)
        if membership is None:
            membership = Membership(
                Pool.QIANGJI, year, [(Stage.RECOGNIZED, on, "高新技术企业认定名单" + IMPORTED_NOTE)]
            )
            company.memberships.append(membership)
        else:
            membership.path.append((Stage.RECOGNIZED, on, ""))
        membership.certificate_no, membership.certified_on = number, on
        return membership

    def pangao(self, company, level, on, recommended=False, national=False):
        m = Membership(
            Pool.PANGAO,
            2023,
            [(Stage.POOL, on, "")],
            level=level,
            recommended_on=PROVINCIAL_UNICORN_RECOMMENDED_ON if recommended else None,
            national_list=national,
            note="上榜中国独角兽企业榜单" if national else "",
        )
        company.memberships.append(m)
        company.is_key = True
        return m

    def rd_filings(self, company, year, count, lo, hi, first=None):
        titles = synthetic.rd_titles(self.rng, company.sector, count, year)
        for i, title in enumerate(titles):
            filed_on = first if (i == 0 and first) else self.day(lo, hi)
            reviewed = filed_on < min(hi, AS_OF) - dt.timedelta(days=30) or self.rng.random() < 0.3
            budget = round(self.rng.uniform(30, 600 if company.profile.size == "small" else 2500), 1)
            company.rd.append((year, title, budget, filed_on, reviewed))


def build_plan() -> list[Company]:
    plan = Plan()
    rng = plan.rng

    # The seed's enterprises first, so their serials never move.
    for index, (name, town, sector, founded, key, listing, prof) in enumerate(NAMED):
        size, revenue, growth, rd_ratio, employees, rd_share, ip1, ip2, conversions = prof
        plan.add(
            Company(
                serial=SERIAL_BASE + index,
                name=name,
                town=town,
                sector=SECTORS[sector],
                founded_on=founded,
                profile=Profile(size, revenue, growth, rd_ratio, employees, rd_share, ip1, ip2, conversions),
                is_key=key,
                listing_plan=listing,
            )
        )
    for name, roles in NAMED_ROLES.items():
        company = plan.by_name[name]
        if "fanxing" in roles:
            plan.fanxing(company, roles["fanxing"])
        if "qiangji" in roles:
            m = plan.qiangji_h1(company, roles["qiangji"])
            if roles["qiangji"] in {"candidate", "applied"}:
                if m.path[-1][0] == Stage.CANDIDATE:
                    plan.advance_h2(m, Stage.APPLIED, D(2023, 7, 12))
                plan.advance_h2(m, Stage.EXPERT_REVIEW, D(2023, 9, 6))
                plan.recognize(company, 2023, m, on=D(2023, 12, 8))
        for year in roles.get("hte", []):
            plan.recognize(company, year)
        if "pangao" in roles:
            level = roles["pangao"]
            plan.pangao(
                company,
                level,
                D(2023, 3, 15),
                recommended=name in PROVINCIAL_UNICORNS,
                national=level == PangaoLevel.UNICORN,
            )
        if name in TECH_CLINICS:
            company.visits.append({"visited_on": TECH_CLINICS[name], "kind": "tech_clinic"})

    # 高企 recognized 2020–2022 (the 2020 ones fall due in 2023 and reapply in the 2023 强基).
    hte = {year: [] for year in HTE_HISTORY}
    for year, count in HTE_HISTORY.items():
        for _ in range(count):
            company = plan.generic(rng.choice(["medium", "medium", "large"]), founded=(2000, year - 2))
            plan.recognize(company, year)
            hte[year].append(company)

    # 繁星 2023: small and medium firms (sales and assets under 2亿, ≤500 staff).
    fanxing = defaultdict(list)
    for outcome, count in FANXING_2023.items():
        named = sum(1 for r in NAMED_ROLES.values() if r.get("fanxing") == outcome)
        if outcome == "registered":
            count -= FANXING_2023["direct"] + named
        for _ in range(count):
            company = plan.generic(
                rng.choice(["small", "small", "small", "medium"]), founded=(2015, 2021), revenue_cap=12000
            )
            fanxing[outcome].append((company, plan.fanxing(company, outcome)))
    for _company, m in fanxing["evaluated"][:10]:
        plan.register_h2(m, rng.choice([D(2023, 7, 21), D(2023, 8, 18)]))
    for i, (_company, m) in enumerate(fanxing["target"][:20]):
        plan.register_h2(m, D(2023, 9, 22) if i < 15 else None)

    # 强基 2023 in H1: the 2020 高企 that fall due plus the strongest newly registered 科技型中小企业.
    registered = [c for c, _ in fanxing["registered"] + fanxing["direct"]]
    rng.shuffle(registered)
    renewals = hte[2020][:55]
    named_q = defaultdict(int)
    for roles in NAMED_ROLES.values():
        if "qiangji" in roles:
            named_q[roles["qiangji"]] += 1
    qiangji = defaultdict(list)
    pick = iter(renewals + registered)
    for outcome, count in QIANGJI_2023.items():
        for _ in range(count - named_q[outcome]):
            company = next(pick)
            qiangji[outcome].append((company, plan.qiangji_h1(company, outcome)))
    in_qiangji = {id(c) for ms in qiangji.values() for c, _ in ms}

    # H2 2023: most candidates apply in July, the 省专家预审 in September, the lists in Nov/Dec.
    candidates = qiangji["candidate"]
    for _company, m in candidates[:120]:
        plan.advance_h2(m, Stage.APPLIED, plan.day(D(2023, 7, 3), D(2023, 7, 28)))
    applied = qiangji["applied"] + candidates[:120]
    rng.shuffle(applied)
    recognized_2023 = []
    for i, (company, m) in enumerate(applied):
        if i < 9:
            plan.advance_h2(m, Stage.REJECTED, plan.day(D(2023, 8, 1), D(2023, 8, 18)), "形式审查未通过")
            continue
        plan.advance_h2(m, Stage.EXPERT_REVIEW, plan.day(D(2023, 8, 21), D(2023, 9, 15)))
        if i < 21:
            plan.advance_h2(m, Stage.REJECTED, HTE_BATCHES[2023][0], "认定未通过：创新能力评价未达71分")
        else:
            plan.recognize(company, 2023, m, on=HTE_BATCHES[2023][0] if i < 81 else HTE_BATCHES[2023][1])
            company.no_major_incident = True
            recognized_2023.append(company)
    for company, _ in candidates + qiangji["applied"]:
        company.no_major_incident = True

    # 强基 grows to its 500 in H2: more registered firms and other medium firms enter the 培育库.
    others = [c for c, _ in sum(fanxing.values(), []) if id(c) not in in_qiangji]
    rng.shuffle(others)
    entrants = others[:120] + [plan.generic("medium", founded=(2012, 2021)) for _ in range(QIANGJI_H2_ENTRANTS - 120)]
    for i, company in enumerate(entrants):
        t0 = plan.day(D(2023, 7, 3), D(2023, 11, 30))
        m = Membership(Pool.QIANGJI, 2023, [(Stage.POOL, t0, "")])
        company.memberships.append(m)
        if i < 90:
            t1 = plan.day(t0 + dt.timedelta(days=10), max(t0 + dt.timedelta(days=10), D(2023, 12, 15)))
            m.path.append((Stage.RD_FILED, t1, ""))
            plan.rd_filings(company, 2023, rng.randint(1, 3), t1, D(2023, 12, 20), first=t1)
    # 整体迁入: 高企 that moved their registration from Shanghai in 2023 H2 keep their code.
    for _ in range(3):
        company = plan.generic("medium", founded=(2010, 2018), town="海门经济技术开发区")
        company.division = rng.choice(["310115", "310112", "310114"])
        on = plan.day(D(2023, 9, 4), D(2023, 10, 27))
        number = plan.hte_no(2022, province="31")
        company.memberships.append(
            Membership(
                Pool.QIANGJI,
                2023,
                [(Stage.RELOCATED_IN, on, "高企整体迁入（一企一专班）")],
                certificate_no=number,
                certified_on=D(2022, 12, 14),
            )
        )

    # 预申报信息收集 since March: every firm that reached 研发项目备案 by 30 June files 1–5 projects.
    filers = [
        c for c in plan.companies if any(m.year == 2023 and m.reached(Stage.RD_FILED, H1_END) for m in c.memberships)
    ]
    counts = [2] * len(filers)
    spare = RD_FILINGS_H1 - sum(counts)
    while spare:
        i = rng.randrange(len(filers))
        if counts[i] < 5:
            counts[i] += 1
            spare -= 1
    for company, count in zip(filers, counts, strict=True):
        first = next(d for m in company.memberships if m.year == 2023 for s, d, _ in m.path if s == Stage.RD_FILED)
        plan.rd_filings(company, 2023, count, D(2023, 3, 1), H1_END, first=first)
    for company in hte[2022]:
        plan.rd_filings(company, 2022, rng.randint(1, 3), D(2022, 3, 1), D(2022, 9, 30))

    # Later years: renewals of the 2021 and 2022 certificates, firms from the 2023 培育库 recognized
    # in 2024/2025, and the 2023 certificates' holders preparing their 2026 renewal.
    earlier = [c for c, _ in qiangji["pool"] + qiangji["rd_filed"] + qiangji["pre_applied"]]
    for company in hte[2021][:60] + earlier[:40]:
        plan.recognize(company, 2024)
    for company in hte[2022][:70] + entrants[:20]:
        plan.recognize(company, 2025)
    for i, company in enumerate(recognized_2023[:70]):
        path, prev = [], D(2026, 1, 5)
        stages = [Stage.POOL, Stage.RD_FILED, Stage.PRE_APPLIED, Stage.CANDIDATE, Stage.APPLIED, Stage.EXPERT_REVIEW]
        months = [2, 3, 4, 5, 6, 9]
        for stage, month in list(zip(stages, months, strict=True))[: 6 if i % 3 else 5]:
            prev = plan.day(max(prev, D(2026, month, 1)), D(2026, month, 26))
            path.append((stage, prev, ""))
        company.memberships.append(Membership(Pool.QIANGJI, 2026, path))
        plan.rd_filings(company, 2026, rng.randint(1, 3), D(2026, 3, 2), D(2026, 4, 30), first=path[1][1])

    # 攀高 2023: established 高企 as 领军型 and 瞪羚 (the four recommended to the province are named).
    established = [c for c in hte[2021] + hte[2022] if c.profile.size == "large"] + [
        c for c in hte[2021] + hte[2022] if c.profile.size == "medium"
    ]
    pangao_pick = iter(established)
    for _ in range(PANGAO_2023["gazelle"]):
        company = next(pangao_pick)
        plan.pangao(company, PangaoLevel.GAZELLE, plan.day(D(2023, 3, 1), D(2023, 6, 20)))
        company.listing_plan = rng.random() < 0.6
    for _ in range(PANGAO_2023["leading"]):
        plan.pangao(next(pangao_pick), PangaoLevel.LEADING, plan.day(D(2023, 3, 1), D(2023, 6, 20)))
    for _ in range(PANGAO_2023["leading_h2"]):
        plan.pangao(next(pangao_pick), PangaoLevel.LEADING, plan.day(D(2023, 9, 1), D(2023, 9, 29)))

    # 繁星 2022: last year's 入库 list, imported.
    for company in (registered + [c for c, _ in fanxing["rejected"]])[:300]:
        if company.founded_on.year < 2022:
            on = rng.choice(FANXING_BATCHES[2022])
            number = plan.fanxing_no(2022)
            company.memberships.append(
                Membership(Pool.FANXING, 2022, [(Stage.REGISTERED, on, "入库" + IMPORTED_NOTE)], number, on)
            )

    # Firms in no pool: visited, some awaiting a town (未分配区镇) or a grid officer.
    for i in range(PLAIN):
        company = plan.generic(
            rng.choice(["small", "small", "medium", "large"]), founded=(2005, 2022), innovative=False
        )
        if i < 5:
            company.town, company.address = None, ""
        elif i < 17:
            company.has_grid_officer = False

    _number_fanxing_2023(plan)
    for company in plan.companies:
        _plan_figures(plan, company)
        _plan_visits(plan, company)
    return plan.companies


def _number_fanxing_2023(plan):
    """入库登记编号 in the order the firms were registered, as the evaluation system issues them."""
    registered = [
        m
        for c in plan.companies
        for m in c.memberships
        if m.pool == Pool.FANXING and m.year == 2023 and m.path[-1][0] == Stage.REGISTERED
    ]
    registered.sort(key=lambda m: m.path[-1][1])
    for m in registered:
        m.certificate_no, m.certified_on = plan.fanxing_no(2023), m.path[-1][1]


def _plan_figures(plan, company):
    rng = plan.rng
    p = company.profile
    innovative = bool(company.memberships)
    # Through 2025, the last finished year on the demo's date, so today's diagnosis has figures.
    years = [y for y in range(2020, 2026) if y > company.founded_on.year]
    if p.revenue and years and (innovative or rng.random() < 0.4):
        named = company.serial < SERIAL_BASE + 100
        gaps = company.name == "南通森达装饰材料有限公司" or (not named and rng.random() < 0.3)
        company.years = synthetic.year_figures(rng, p, tuple(years), gaps=gaps)
    if company.years:
        latest = company.years[-1]
        company.employees, company.rd_staff = latest["employees"], latest["rd_staff"]
    else:
        company.employees = p.employees
        company.rd_staff = min(p.employees, round(p.employees * p.rd_share))
    if company.is_key is False and p.size == "large" and innovative:
        company.is_key = rng.random() < 0.5


def _plan_visits(plan, company):
    """Grid officers' visits from 2023 to AS_OF: key firms every one to three months, pool members
    a few times a year, the rest now and then; a few key firms fall behind (coverage gaps show)."""
    if company.town is None or not company.has_grid_officer:
        company.visits = []
        return
    rng = plan.rng
    fixed = {v["visited_on"]: v for v in company.visits}
    start = max(D(2023, 1, 3), company.founded_on + dt.timedelta(days=30))
    if company.is_key:
        named = company.serial < SERIAL_BASE + 100
        cadence = (40, 110)
        stop = AS_OF if named or rng.random() > 0.08 else D(2025, 6, 30)
    elif company.memberships:
        cadence, stop = (120, 330), AS_OF
    else:
        cadence, stop = (200, 600), AS_OF if rng.random() > 0.1 else start
    days = []
    day = plan.day(start, start + dt.timedelta(days=cadence[0]))
    while day <= stop:
        days.append(day)
        nxt = day + dt.timedelta(days=rng.randint(*cadence))
        day = plan.day(nxt, nxt + dt.timedelta(days=6))
    pools = sorted(company.pools())
    visits = []
    for day in sorted(set(days) | set(fixed)):
        pool = rng.choice(pools) if pools else ""
        kind = fixed.get(day, {}).get("kind")
        fields = synthetic.visit_fields(
            rng, day=day, as_of=AS_OF, sector=company.sector, pool=pool, contact=company.contact_name, kind=kind
        )
        if day in fixed:
            fields["content"] = "技术专家巡诊：" + fields["content"]
        visits.append({"visited_on": day, **fields})
    company.visits = visits
