"""高新技术企业认定 and 科技型中小企业评价 diagnosis (docs/domain.md §4; the `diagnose` command of §5).

Pure Python on purpose: the Django side builds `EnterpriseProfile` and `YearFigures` from
Enterprise / EnterpriseYear rows and calls `diagnose()`, so the rules can be tested and
reasoned about without a database. Every condition comes out pass / fail / unknown. A
missing figure is never guessed: the condition is unknown and `collect` tells the officer
which figure of which year to collect. Judged score parts are shown as ranges.

Decisions where docs/domain.md §4 is silent (following 工作指引 国科发火〔2016〕195号 and
国科火字〔2022〕67号 where they speak):

- Years: the latest year is `as_of.year - 1` (the last finished fiscal year); the R&D and
  conversion figures use latest-2..latest, but only years from the founding year on, since
  "实际经营期不满三年的按实际经营时间计算" (the founding year counts as a year of business).
  With no founding date all three years are used. An enterprise founded after the latest
  year has no finished year: its year-based conditions are unknown.
- A figure that divides (employees, sales, R&D total, net assets) and is 0 or below is
  never divided by: the condition is unknown and `collect` asks to verify the figure.
- `value` ratios are truncated, not rounded, to 4 decimals, so a shown value never reaches
  a threshold that the exact figure misses (9.999% shows as 0.0999, not 0.1).
- `gap` is the shortfall (excess, for the 科小 size limits) in `gap_unit` (万元 / 人 / 天 /
  项 / 分; a key added to docs/domain.md §5's shape so a page can print "126 万元" and rank by it);
  0 when the condition passes; None when unknown or not measurable. Money gaps
  are rounded up to 0.01万元, so closing the gap shown is always enough.
- rd_ratio and hitech_revenue_ratio gaps hold sales fixed (more R&D 归集, or more revenue
  classified as high-tech). The rd_domestic gap is extra domestic R&D, which also raises
  the R&D total: (0.6 × total − domestic) ÷ 0.4.
- tech_field: a code or a Chinese label of TECH_FIELDS passes; any other text fails.
- core_ip passes as soon as one known class has ≥1 item, even if the other is missing.
- 科技成果转化: an average between 0 and 1 a year falls between the "0" and "≥1" bands and
  is shown as 0–6 (left to the experts). Growth with fewer than 3 years, a missing figure
  or a denominator ≤ 0 is shown as 0–10 (工作指引's special cases for a zero first or
  second year are not applied; the range covers them).
- 科小 R&D part: the better of the ratios that can be computed. 成本费用总额 is optional
  (EnterpriseYear may not collect it): when it is missing and could still lift the score
  to 60, the score condition is unknown and asks for it. Direct qualification makes the
  score condition pass; the size limits still apply. The 科小 conditions not in docs/domain.md §4
  (no 失信 listing etc.) are not checked here.
- Judged parts alone (22 + 20 points) keep the proven minimum of the 创新能力评价 at most
  50, so without expert points innovation_score could never pass. `expert_scores` (from
  省专家预审 or a pre-review) pins a part to the points given, even outside the band the
  figures suggest: the experts' score is the one that counts in 认定.
"""

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal

TECH_FIELDS = {
    "electronics": "电子信息",
    "biomedicine": "生物与新医药",
    "aerospace": "航空航天",
    "new_materials": "新材料",
    "hitech_services": "高技术服务",
    "new_energy": "新能源与节能",
    "environment": "资源与环境",
    "advanced_manufacturing": "先进制造与自动化",
}


@dataclass(frozen=True)
class YearFigures:
    """One EnterpriseYear row; money in 万元, None = not collected."""

    year: int
    revenue: Decimal | None = None  # 销售收入/营业收入
    rd_expense: Decimal | None = None  # 研发费用
    rd_expense_domestic: Decimal | None = None  # 境内研发费用
    hitech_revenue: Decimal | None = None  # 高新技术产品(服务)收入
    total_costs: Decimal | None = None  # 成本费用总额 (科小: R&D ÷ total costs)
    total_assets: Decimal | None = None
    net_assets: Decimal | None = None
    employees: int | None = None  # 职工总数
    rd_staff: int | None = None  # 科技人员数
    ip_class1: int | None = None  # Ⅰ类知识产权 owned
    ip_class2: int | None = None  # Ⅱ类知识产权 owned
    conversions: int | None = None  # 科技成果转化数 in that year


@dataclass(frozen=True)
class EnterpriseProfile:
    """What the diagnosis needs of an Enterprise besides its yearly figures."""

    credit_code: str
    founded_on: date | None
    tech_field: str = ""  # a TECH_FIELDS code, or "" when unknown
    employees: int | None = None  # current; used when the year figures lack them
    rd_staff: int | None = None
    hte_certificate_valid: bool = False  # valid 高企 certificate on as_of
    no_major_incident: bool | None = None  # None = not confirmed with the enterprise
    other_direct_qualification: str = ""  # e.g. "省级以上研发机构"
    # Points experts gave (省专家预审, or the bureau's own pre-review), keyed like
    # `score_parts`: without them the judged parts can only be shown as 0–full.
    expert_scores: Mapping[str, int] = dataclasses.field(default_factory=dict)


CONDITION_NAMES = {
    "registered_1y": "注册成立满一年",
    "core_ip": "拥有核心自主知识产权",
    "tech_field": "技术属于国家重点支持的高新技术领域",
    "rd_staff_ratio": "科技人员占职工总数比例不低于10%",
    "rd_ratio": "研究开发费用占销售收入比例",
    "rd_domestic": "境内研究开发费用占比不低于60%",
    "hitech_revenue_ratio": "高新技术产品（服务）收入占比不低于60%",
    "innovation_score": "创新能力评价高于70分",
    "no_violation": "上一年度无重大安全、质量事故或严重环境违法行为",
    "employees": "职工总数不超过500人",
    "revenue": "销售收入不超过2亿元",
    "total_assets": "资产总额不超过2亿元",
    "score": "评价得分不低于60分且科技人员指标得分不为0",
}

FIGURE_LABELS = {
    "revenue": "销售收入",
    "rd_expense": "研发费用",
    "rd_expense_domestic": "境内研发费用",
    "hitech_revenue": "高新技术产品（服务）收入",
    "total_costs": "成本费用总额",
    "total_assets": "资产总额",
    "net_assets": "净资产",
    "employees": "职工总数",
    "rd_staff": "科技人员数",
    "ip_class1": "Ⅰ类知识产权数量",
    "ip_class2": "Ⅱ类知识产权数量",
    "conversions": "科技成果转化数",
}
MONEY_FIELDS = {
    "revenue",
    "rd_expense",
    "rd_expense_domestic",
    "hitech_revenue",
    "total_costs",
    "total_assets",
    "net_assets",
}

D = Decimal
CENT = D("0.01")
HTE_PASS_SCORE = 71  # "高于70分": 70 fails
SME_PASS_SCORE = 60
SME_LIMIT_EMPLOYEES = 500
SME_LIMIT_MONEY = D(20000)  # 2亿元 in 万元

# (lower bound, points): the first bound the value reaches scores.
GROWTH_BANDS = [(D("0.35"), 9, 10), (D("0.25"), 7, 8), (D("0.15"), 5, 6), (D("0.05"), 3, 4)]
CONVERSION_BANDS = [(5, 25, 30), (4, 19, 24), (3, 13, 18), (2, 7, 12), (1, 1, 6)]
SME_STAFF_BANDS = [(D("0.30"), 20), (D("0.25"), 16), (D("0.20"), 12), (D("0.15"), 8), (D("0.10"), 4)]
SME_RD_SALES_BANDS = [(D("0.06"), 50), (D("0.05"), 40), (D("0.04"), 30), (D("0.03"), 20), (D("0.02"), 10)]
SME_RD_COSTS_BANDS = [(D("0.30"), 50), (D("0.25"), 40), (D("0.20"), 30), (D("0.15"), 20), (D("0.10"), 10)]


# --- formatting -------------------------------------------------------------------------


def _plain(d: Decimal) -> str:
    """126.50 → "126.5", 126.00 → "126"."""
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _wan(d: Decimal) -> str:
    return _plain(D(d).quantize(CENT, ROUND_HALF_UP)) + "万元"


def _pct(ratio: Decimal) -> str:
    return _plain((ratio * 100).quantize(CENT, ROUND_DOWN)) + "%"


def _ratio(ratio: Decimal) -> float:
    return float(ratio.quantize(D("0.0001"), ROUND_DOWN))


def _money(d: Decimal) -> float:
    return float(D(d).quantize(CENT, ROUND_HALF_UP))


def _money_gap(d: Decimal) -> Decimal:
    return max(d, D(0)).quantize(CENT, ROUND_CEILING)


def _span(years: list[int]) -> str:
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _staff_gap(employees: int, staff: int) -> int:
    """科技人员 still needed for 10%: ceil(10% of employees) − staff, in whole people."""
    return -(-employees // 10) - staff


def _points(value, bands) -> int:
    return next((points for bound, points in bands if value >= bound), 0)


# --- reading figures --------------------------------------------------------------------


def _figure(years: dict[int, YearFigures], year: int, field: str, fallback=None):
    """A figure of a year (or the fallback), money as Decimal; None when not collected."""
    row = years.get(year)
    value = getattr(row, field) if row else None
    if value is None:
        value = fallback
    # Money may arrive as int or float from callers; do the arithmetic in Decimal.
    return D(str(value)) if value is not None and field in MONEY_FIELDS else value


class _Needs:
    """Reads figures for one condition and remembers which are missing or unusable."""

    def __init__(self, years: dict[int, YearFigures]):
        self.years = years
        self.missing: dict[int, list[str]] = {}
        self.bad: list[str] = []  # present but unusable as a denominator

    def get(self, year: int, field: str, fallback=None):
        value = _figure(self.years, year, field, fallback)
        if value is None:
            self.missing.setdefault(year, []).append(FIGURE_LABELS[field])
        return value

    def ip_counts(self, year: int):
        """Ⅰ类 and Ⅱ类 counts; Ⅱ类 is only asked for when Ⅰ类 doesn't decide alone."""
        ip1 = self.get(year, "ip_class1")
        decided = ip1 is not None and ip1 >= 1
        return ip1, _figure(self.years, year, "ip_class2") if decided else self.get(year, "ip_class2")

    def positive(self, what: str, value) -> bool:
        if value > 0:
            return True
        self.bad.append(f"{what}（为{_plain(D(value))}）")
        return False

    def __bool__(self):
        return bool(self.missing or self.bad)

    def _missing_text(self) -> str:
        return "，".join(f"{y}年" + "、".join(labels) for y, labels in sorted(self.missing.items()))

    def collect(self) -> str:
        parts = []
        if self.missing:
            parts.append("请采集" + self._missing_text())
        if self.bad:
            parts.append("请核实" + "、".join(self.bad))
        return "；".join(parts)

    def problem(self) -> str:
        parts = []
        if self.missing:
            parts.append("缺少" + self._missing_text())
        if self.bad:
            parts.append("、".join(self.bad) + "无法计算比例")
        return "，".join(parts)


def _cond(code, status, message, *, value=None, required=None, gap=None, unit="", collect=""):
    if isinstance(gap, Decimal):
        gap = float(gap)
    return {
        "code": code,
        "name": CONDITION_NAMES[code],
        "status": status,
        "value": value,
        "required": required,
        "gap": gap,
        "gap_unit": unit if gap is not None else "",
        "message": message,
        "collect": collect if status == "unknown" else "",
    }


def _unknown(code, needs: _Needs, required=None):
    return _cond(
        code,
        "unknown",
        f"{needs.problem()}，暂无法判断",
        required=required,
        collect=needs.collect(),
    )


def _no_finished_year(code, founded_on: date):
    return _cond(
        code,
        "unknown",
        f"企业{_day(founded_on)}成立，尚无已结束的会计年度数据，暂无法判断",
        collect=f"待{founded_on.year}年度结束后采集该年度经营数据",
    )


def _overall(conditions: list[dict]) -> bool | None:
    statuses = {c["status"] for c in conditions}
    if "fail" in statuses:
        return False
    return None if "unknown" in statuses else True


# --- 高新技术企业认定 -------------------------------------------------------------------


def _registered(profile: EnterpriseProfile, as_of: date):
    code = "registered_1y"
    if profile.founded_on is None:
        return _cond(
            code,
            "unknown",
            "缺少成立日期，暂无法判断是否注册成立满一年",
            required=365,
            collect="请采集企业成立日期",
        )
    days = (as_of - profile.founded_on).days
    text = f"企业{_day(profile.founded_on)}成立，至{_day(as_of)}已注册{days}天"
    if days >= 365:
        return _cond(code, "pass", f"{text}，满365天", value=days, required=365, gap=0, unit="天")
    gap = 365 - days
    return _cond(
        code,
        "fail",
        f"{text}，需满365天：还差{gap}天",
        value=days,
        required=365,
        gap=gap,
        unit="天",
    )


def _ip_text(year: int, ip1, ip2) -> str:
    def count(label, n):
        return f"{label}{n}项" if n is not None else f"{label}未采集"

    return f"{year}年拥有" + count("Ⅰ类知识产权", ip1) + "、" + count("Ⅱ类知识产权", ip2)


def _core_ip(years, latest: int):
    code, needs = "core_ip", _Needs(years)
    ip1, ip2 = needs.ip_counts(latest)
    owned = (ip1 or 0) + (ip2 or 0)
    if owned >= 1:
        return _cond(code, "pass", _ip_text(latest, ip1, ip2), value=owned, required=1, gap=0, unit="项")
    if needs:
        return _unknown(code, needs, required=1)
    return _cond(
        code,
        "fail",
        f"{latest}年无Ⅰ类、Ⅱ类知识产权，需至少1项：还差1项",
        value=0,
        required=1,
        gap=1,
        unit="项",
    )


def _tech_field(profile: EnterpriseProfile):
    code, field = "tech_field", profile.tech_field.strip()
    if not field:
        return _cond(
            code,
            "unknown",
            "未填写技术领域，暂无法判断是否属于国家重点支持的高新技术领域",
            collect="请采集企业主要产品（服务）所属的高新技术领域",
        )
    label = TECH_FIELDS.get(field) or (field if field in TECH_FIELDS.values() else None)
    if label:
        return _cond(code, "pass", f"技术领域为{label}，属于国家重点支持的高新技术领域", value=field)
    return _cond(
        code,
        "fail",
        f"技术领域“{field}”不属于国家重点支持的八大高新技术领域",
        value=field,
    )


def _rd_staff_ratio(years, latest: int, profile: EnterpriseProfile):
    code, needs = "rd_staff_ratio", _Needs(years)
    employees = needs.get(latest, "employees", profile.employees)
    staff = needs.get(latest, "rd_staff", profile.rd_staff)
    if employees is not None:
        needs.positive("职工总数", employees)
    if needs:
        return _unknown(code, needs, required=0.1)
    ratio = D(staff) / D(employees)
    text = f"科技人员{staff}人，占职工总数{employees}人的{_pct(ratio)}，需≥10%"
    if ratio >= D("0.1"):
        return _cond(code, "pass", text, value=_ratio(ratio), required=0.1, gap=0, unit="人")
    gap = _staff_gap(employees, staff)
    return _cond(
        code,
        "fail",
        f"{text}：还差{gap}人",
        value=_ratio(ratio),
        required=0.1,
        gap=gap,
        unit="人",
    )


def _rd_required(latest_sales: Decimal) -> tuple[Decimal, str]:
    if latest_sales <= 5000:
        return D("0.05"), "最近一年销售收入不超过5000万元"
    if latest_sales <= 20000:
        return D("0.04"), "最近一年销售收入5000万元至2亿元"
    return D("0.03"), "最近一年销售收入2亿元以上"


def _rd_ratio(years, used: list[int]):
    code, needs = "rd_ratio", _Needs(years)
    rd = [needs.get(y, "rd_expense") for y in used]
    sales = [needs.get(y, "revenue") for y in used]
    required, basis = _rd_required(sales[-1]) if sales[-1] is not None else (None, "")
    if not needs:
        rd_sum, sales_sum = sum(rd, D(0)), sum(sales, D(0))
        needs.positive(f"{_span(used)}销售收入合计", sales_sum)
    if needs:
        return _unknown(code, needs, required=float(required) if required else None)
    ratio = rd_sum / sales_sum
    text = (
        f"{_span(used)}研发费用合计{_wan(rd_sum)}，占销售收入合计{_wan(sales_sum)}的"
        f"{_pct(ratio)}，需≥{_pct(required)}（{basis}）"
    )
    if ratio >= required:
        return _cond(code, "pass", text, value=_ratio(ratio), required=float(required), gap=0, unit="万元")
    gap = _money_gap(required * sales_sum - rd_sum)
    return _cond(
        code,
        "fail",
        f"{text}：还差{_wan(gap)}",
        value=_ratio(ratio),
        required=float(required),
        gap=gap,
        unit="万元",
    )


def _rd_domestic(years, used: list[int]):
    code, needs, required = "rd_domestic", _Needs(years), D("0.6")
    domestic = [needs.get(y, "rd_expense_domestic") for y in used]
    rd = [needs.get(y, "rd_expense") for y in used]
    if needs:
        return _unknown(code, needs, required=0.6)
    domestic_sum, rd_sum = sum(domestic, D(0)), sum(rd, D(0))
    if not needs.positive(f"{_span(used)}研发费用合计", rd_sum):
        return _unknown(code, needs, required=0.6)
    ratio = domestic_sum / rd_sum
    text = f"{_span(used)}境内研发费用合计{_wan(domestic_sum)}，占研发费用合计{_wan(rd_sum)}的{_pct(ratio)}，需≥60%"
    if ratio >= required:
        return _cond(code, "pass", text, value=_ratio(ratio), required=0.6, gap=0, unit="万元")
    # Extra domestic R&D raises the total too: (d + x) / (t + x) = 0.6.
    gap = _money_gap((required * rd_sum - domestic_sum) / (1 - required))
    return _cond(
        code,
        "fail",
        f"{text}：境内研发费用还差{_wan(gap)}",
        value=_ratio(ratio),
        required=0.6,
        gap=gap,
        unit="万元",
    )


def _hitech_revenue_ratio(years, latest: int):
    code, needs, required = "hitech_revenue_ratio", _Needs(years), D("0.6")
    hitech = needs.get(latest, "hitech_revenue")
    revenue = needs.get(latest, "revenue")
    if revenue is not None:
        needs.positive(f"{latest}年销售收入", revenue)
    if needs:
        return _unknown(code, needs, required=0.6)
    ratio = hitech / revenue
    text = f"{latest}年高新技术产品（服务）收入{_wan(hitech)}，占销售收入{_wan(revenue)}的{_pct(ratio)}，需≥60%"
    if ratio >= required:
        return _cond(code, "pass", text, value=_ratio(ratio), required=0.6, gap=0, unit="万元")
    gap = _money_gap(required * revenue - hitech)
    return _cond(
        code,
        "fail",
        f"{text}：还差{_wan(gap)}",
        value=_ratio(ratio),
        required=0.6,
        gap=gap,
        unit="万元",
    )


def _part(name, low, high, full, basis, judged=False):
    return {"name": name, "min": low, "max": high, "full": full, "judged": judged, "basis": basis}


def _ip_quantity(ip1, ip2) -> tuple[int, int]:
    """Band of 知识产权数量 (8); an unknown count widens the band to what it could be."""
    if ip1 is not None and ip1 >= 1:
        return 7, 8
    if ip2 is None:
        return 0, 6 if ip1 == 0 else 8
    if ip2 >= 5:
        low, high = 5, 6
    elif ip2 >= 3:
        low, high = 3, 4
    elif ip2 >= 1:
        low, high = 1, 2
    else:
        low, high = 0, 0
    return low, high if ip1 == 0 else 8


def _growth(needs: _Needs, used: list[int], field: str) -> tuple[int, int, str]:
    label = FIGURE_LABELS[field]
    if len(used) < 3:
        return 0, 10, "经营不足三个会计年度，无法按三年计算增长率"
    y1, y2, y3 = (needs.get(y, field) for y in used)
    if None in (y1, y2, y3):
        return 0, 10, f"缺少{label}，无法计算增长率"
    usable = [needs.positive(f"{y}年{label}", v) for y, v in zip(used[:2], (y1, y2), strict=True)]
    if not all(usable):
        return 0, 10, f"{label}不为正，无法计算增长率"
    rate = (y2 / y1 + y3 / y2) / 2 - 1
    low, high = (0, 0) if rate <= 0 else next(((lo, hi) for b, lo, hi in GROWTH_BANDS if rate >= b), (1, 2))
    return low, high, f"{_span(used)}{label}增长率{_pct(rate)}"


def _innovation(years, used: list[int], latest: int, expert_scores: Mapping[str, int]) -> tuple[dict, _Needs]:
    """Score parts of 企业创新能力评价 as proven ranges, and the figures still missing."""
    needs = _Needs(years)
    parts = {}

    ip1, ip2 = needs.ip_counts(latest) if used else (None, None)
    low, high = _ip_quantity(ip1, ip2)
    parts["ip_quantity"] = _part("知识产权数量", low, high, 8, _ip_text(latest, ip1, ip2) if used else "")
    judged_max = 0 if (ip1, ip2) == (0, 0) else None  # no IP: nothing for experts to judge
    for key, name, full in (
        ("ip_advanced", "知识产权技术的先进程度", 8),
        ("ip_core_support", "对主要产品（服务）的核心支持作用", 8),
        ("ip_acquisition", "知识产权获得方式", 6),
    ):
        high = full if judged_max is None else judged_max
        parts[key] = _part(name, 0, high, full, "由专家评判" if high else "无知识产权，不得分", judged=True)

    conversions = [needs.get(y, "conversions") for y in used]
    if not used or None in conversions:
        low, high, basis = 0, 30, "缺少科技成果转化数"
    else:
        average = D(sum(conversions)) / len(used)
        if average == 0:
            low, high = 0, 0
        else:  # 0 < average < 1 lies between the "0" and "≥1" bands: experts decide
            low, high = next(((lo, hi) for b, lo, hi in CONVERSION_BANDS if average >= b), (0, 6))
        basis = f"{_span(used)}年均科技成果转化{_plain(average.quantize(CENT, ROUND_DOWN))}项"
    parts["conversion"] = _part("科技成果转化能力", low, high, 30, basis)

    parts["rd_management"] = _part("研究开发组织管理水平", 0, 20, 20, "由专家评判", judged=True)

    for key, field, name in (
        ("net_asset_growth", "net_assets", "净资产增长率"),
        ("revenue_growth", "revenue", "销售收入增长率"),
    ):
        low, high, basis = _growth(needs, used, field)
        parts[key] = _part(name, low, high, 10, basis)

    for key, points in expert_scores.items():
        part = parts.get(key)
        if part is None or not 0 <= points <= part["full"]:
            raise ValueError(f"expert score {key}={points}: no such part or out of range")
        part.update(min=points, max=points, basis=f"专家评分{points}分")
    return parts, needs


def _innovation_score(score_min: int, score_max: int, needs: _Needs):
    code, required = "innovation_score", HTE_PASS_SCORE
    value = [score_min, score_max]
    span = f"{score_min}分" if score_min == score_max else f"{score_min}–{score_max}分"
    proven = f"创新能力评价可证明得分{span}"
    if score_min >= required:
        return _cond(code, "pass", f"{proven}，已高于70分", value=value, required=required, gap=0, unit="分")
    if score_max < required:
        gap = required - score_max
        return _cond(
            code,
            "fail",
            f"创新能力评价最高只能得{score_max}分，需高于70分：还差{gap}分",
            value=value,
            required=required,
            gap=gap,
            unit="分",
        )
    hint = "，补齐数据可缩小得分范围" if needs else ""
    return _cond(
        code,
        "unknown",
        f"{proven}，需高于70分：专家评判等部分还需多得{required - score_min}分{hint}",
        value=value,
        required=required,
        collect=needs.collect() or "请录入专家预审评分（知识产权先进程度、研发组织管理等专家评判部分）",
    )


def _no_violation(profile: EnterpriseProfile):
    code = "no_violation"
    if profile.no_major_incident is None:
        return _cond(
            code,
            "unknown",
            "尚未确认上一年度是否发生重大安全、质量事故或严重环境违法行为",
            collect="请向企业确认上一年度无重大安全、质量事故或严重环境违法行为",
        )
    if profile.no_major_incident:
        return _cond(code, "pass", "已确认上一年度无重大安全、质量事故或严重环境违法行为", value=True)
    return _cond(code, "fail", "上一年度发生重大安全、质量事故或严重环境违法行为，不符合认定条件", value=False)


def _hte(profile, years, used, latest, as_of):
    parts, score_needs = _innovation(years, used, latest, profile.expert_scores)
    score_min = sum(p["min"] for p in parts.values())
    score_max = sum(p["max"] for p in parts.values())
    if used:
        year_based = [
            _core_ip(years, latest),
            _rd_staff_ratio(years, latest, profile),
            _rd_ratio(years, used),
            _rd_domestic(years, used),
            _hitech_revenue_ratio(years, latest),
            _innovation_score(score_min, score_max, score_needs),
        ]
    else:
        codes = ("core_ip", "rd_staff_ratio", "rd_ratio", "rd_domestic", "hitech_revenue_ratio", "innovation_score")
        year_based = [_no_finished_year(c, profile.founded_on) for c in codes]
    core_ip, *ratios, innovation = year_based
    conditions = [
        _registered(profile, as_of),
        core_ip,
        _tech_field(profile),
        *ratios,
        innovation,
        _no_violation(profile),
    ]
    return {
        "eligible": _overall(conditions),
        "score_min": score_min,
        "score_max": score_max,
        "score_parts": parts,
        "conditions": conditions,
    }


# --- 科技型中小企业评价 -----------------------------------------------------------------


def _limit(code, years, year: int, field: str, limit, fallback=None):
    needs = _Needs(years)
    value = needs.get(year, field, fallback)
    if value is None:
        return _unknown(code, needs, required=float(limit) if field in MONEY_FIELDS else limit)
    if field in MONEY_FIELDS:
        shown, limit_text, unit = _wan(value), "2亿元", "万元"
        excess, json_value, required = _money_gap(value - limit), _money(value), float(limit)
    else:
        shown, limit_text, unit = f"{value}人", f"{limit}人", "人"
        excess, json_value, required = max(value - limit, 0), value, limit
    when = f"{year}年" if field in MONEY_FIELDS else ""  # employees may be the profile's current count
    text = f"{when}{FIGURE_LABELS[field]}{shown}，需不超过{limit_text}"
    if value <= limit:
        return _cond(code, "pass", text, value=json_value, required=required, gap=0, unit=unit)
    shown_excess = _wan(excess) if unit == "万元" else f"{excess}人"
    return _cond(
        code,
        "fail",
        f"{text}：超出{shown_excess}",
        value=json_value,
        required=required,
        gap=excess,
        unit=unit,
    )


def _sme_parts(needs: _Needs, latest: int, employees, staff) -> tuple[dict, list[str]]:
    """科小 score parts (points None = a figure is missing, recorded in needs), and the
    figures whose R&D ratio could not be computed."""
    points = basis = None
    if employees is not None and staff is not None and needs.positive("职工总数", employees):
        share = D(staff) / D(employees)
        points, basis = _points(share, SME_STAFF_BANDS), f"科技人员占职工总数{_pct(share)}"
    parts = {"rd_staff": {"name": "科技人员", "points": points, "full": 20, "basis": basis or ""}}

    # R&D: the better of R&D ÷ sales and R&D ÷ total costs, of those that can be computed.
    rd = needs.get(latest, "rd_expense")
    options, uncomputed = [], []
    for field, bands in (("revenue", SME_RD_SALES_BANDS), ("total_costs", SME_RD_COSTS_BANDS)):
        base = _figure(needs.years, latest, field)  # either one will do: not asked for here
        if rd is not None and base is not None and base > 0:
            ratio = rd / base
            options.append((_points(ratio, bands), f"研发费用占{FIGURE_LABELS[field]}{_pct(ratio)}"))
        else:
            uncomputed.append(FIGURE_LABELS[field])
    if rd is not None and not options:
        needs.missing.setdefault(latest, []).append("销售收入或成本费用总额")
    points, basis = max(options) if options else (None, "")
    parts["rd"] = {"name": "研发投入", "points": points, "full": 50, "basis": basis}

    ip1, ip2 = needs.ip_counts(latest)
    points = None
    if ip1 is not None and ip1 >= 1:
        points = 30
    elif ip1 == 0 and ip2 is not None:
        points = 24 if ip2 >= 4 else 6 * ip2  # 3 → 18, 2 → 12, 1 → 6, 0 → 0
    parts["ip"] = {"name": "科技成果", "points": points, "full": 30, "basis": _ip_text(latest, ip1, ip2)}
    return parts, uncomputed


def _sme_score(score, parts: dict, uncomputed: list[str], needs: _Needs, latest: int, direct, employees, staff):
    code, required = "score", SME_PASS_SCORE
    if direct:
        return _cond(code, "pass", f"{direct}，可直接确认符合条件，无需评价得分", value=score, required=required)
    if parts["rd_staff"]["points"] == 0:
        gap = _staff_gap(employees, staff)  # 10% is where the part starts scoring
        return _cond(
            code,
            "fail",
            f"{parts['rd_staff']['basis']}，不足10%，科技人员指标得0分：还差{gap}人",
            value=score,
            required=required,
            gap=gap,
            unit="人",
        )
    if score is None:
        return _unknown(code, needs, required=required)
    breakdown = "、".join(f"{p['name']}{p['points']}分" for p in parts.values())
    text = f"评价得分{score}分（{breakdown}），需不低于60分"
    if score >= required:
        return _cond(code, "pass", text, value=score, required=required, gap=0, unit="分")
    if uncomputed and score - parts["rd"]["points"] + 50 >= required:
        # Only one R&D ratio could be computed; the other might still score higher.
        return _cond(
            code,
            "unknown",
            f"{text}；研发投入按另一口径计算可能得分更高",
            value=score,
            required=required,
            collect=f"请采集{latest}年" + "、".join(uncomputed),
        )
    gap = required - score
    return _cond(code, "fail", f"{text}：还差{gap}分", value=score, required=required, gap=gap, unit="分")


def _tech_sme(profile: EnterpriseProfile, years, used: list[int], latest: int) -> dict:
    reason = "有效期内高新技术企业" if profile.hte_certificate_valid else profile.other_direct_qualification.strip()
    direct = reason or None
    if not used:  # founded after the latest finished year: no figures to test yet
        conditions = [
            _no_finished_year(c, profile.founded_on) for c in ("employees", "revenue", "total_assets", "score")
        ]
        return {"eligible": None, "score": None, "direct": direct, "parts": {}, "conditions": conditions}
    score_needs = _Needs(years)
    employees = score_needs.get(latest, "employees", profile.employees)
    staff = score_needs.get(latest, "rd_staff", profile.rd_staff)
    parts, uncomputed = _sme_parts(score_needs, latest, employees, staff)
    points = [p["points"] for p in parts.values()]
    score = None if None in points else sum(points)
    conditions = [
        _limit("employees", years, latest, "employees", SME_LIMIT_EMPLOYEES, profile.employees),
        _limit("revenue", years, latest, "revenue", SME_LIMIT_MONEY),
        _limit("total_assets", years, latest, "total_assets", SME_LIMIT_MONEY),
        _sme_score(score, parts, uncomputed, score_needs, latest, direct, employees, staff),
    ]
    return {
        "eligible": _overall(conditions),
        "score": score,
        "direct": direct,
        "parts": parts,
        "conditions": conditions,
    }


# --- entry points ---------------------------------------------------------------------


def diagnose(profile: EnterpriseProfile, years: Iterable[YearFigures], *, as_of: date) -> dict:
    """Both diagnoses for one enterprise on `as_of`, as plain JSON-ready data (docs/domain.md §5)."""
    by_year = {row.year: row for row in years}  # a repeated year: the last row wins
    latest = as_of.year - 1
    founded_year = profile.founded_on.year if profile.founded_on else None
    used = [y for y in range(latest - 2, latest + 1) if founded_year is None or y >= founded_year]
    return {
        "credit_code": profile.credit_code,
        "as_of": as_of.isoformat(),
        "hte": _hte(profile, by_year, used, latest, as_of),
        "tech_sme": _tech_sme(profile, by_year, used, latest),
    }


def gap_rank_key(result: dict) -> tuple:
    """Sort key for "pool enterprises closest to 高企": smaller is closer.

    (failing conditions, unknown conditions, money short in 万元, people short).
    """
    conditions = result["hte"]["conditions"]
    failing = [c for c in conditions if c["status"] == "fail"]

    def short(unit):
        return sum(c["gap"] or 0 for c in failing if c["gap_unit"] == unit)

    unknown = sum(c["status"] == "unknown" for c in conditions)
    return (len(failing), unknown, round(short("万元"), 2), short("人"))
