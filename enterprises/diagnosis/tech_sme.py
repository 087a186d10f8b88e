"""科技型中小企业评价: 国科发政〔2017〕115号《科技型中小企业评价办法》第六条 and 第七条 and its
附件 评价指标, as 工作指引 (国科火字〔2022〕67号) reads them.

Every limit and score band is named once below with its source; conditions, messages and the
pages (through the result) read these names. The conditions not in docs/domain.md §4 (resident
enterprise, no 失信 listing …) are not checked here.
"""

from decimal import Decimal

from .common import (
    FIGURE_LABELS,
    MONEY_FIELDS,
    Conditions,
    EnterpriseProfile,
    Needs,
    band_points,
    figure,
    ip_text,
    money_gap,
    money_value,
    pct,
    people_short,
    wan,
    yi,
)
from .results import SmePart, Status, TechSmeResult, overall

D = Decimal

# ---- the limits (第六条(二)): 职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元 ----------
EMPLOYEES_LIMIT = 500
REVENUE_LIMIT = D(20000)  # 万元
TOTAL_ASSETS_LIMIT = D(20000)  # 万元

# ---- the score (第六条(五)): 综合评价得分不低于60分，且科技人员指标得分不得为0分 ----------------------
PASS_SCORE = 60
# 附件 评价指标, each as (lower bound, points), best first; below the last → 0.
# 科技人员指标 (20): 科技人员占职工总数的比例.
STAFF_FULL = 20
STAFF_BANDS = ((D("0.30"), 20), (D("0.25"), 16), (D("0.20"), 12), (D("0.15"), 8), (D("0.10"), 4))
STAFF_SCORING_SHARE = STAFF_BANDS[-1][0]  # below it the part is 0, which fails the score
# 研发投入指标 (50): the better of R&D ÷ sales and R&D ÷ 成本费用总额.
RD_FULL = 50
RD_SALES_BANDS = ((D("0.06"), 50), (D("0.05"), 40), (D("0.04"), 30), (D("0.03"), 20), (D("0.02"), 10))
RD_COSTS_BANDS = ((D("0.30"), 50), (D("0.25"), 40), (D("0.20"), 30), (D("0.15"), 20), (D("0.10"), 10))
# 科技成果指标 (30): ≥1 Ⅰ类 → 30, else by Ⅱ类 items.
IP_FULL = 30
IP_CLASS1_POINTS = 30
IP_CLASS2_BANDS = ((4, 24), (3, 18), (2, 12), (1, 6))

# 第七条: qualifies directly, without the score, with a valid 高企 certificate (or another
# listed qualification the profile names).
DIRECT_BY_CERTIFICATE = "有效期内高新技术企业"

CONDITIONS = Conditions(
    names={
        "employees": f"职工总数不超过{EMPLOYEES_LIMIT}人",
        "revenue": f"销售收入不超过{yi(REVENUE_LIMIT)}",
        "total_assets": f"资产总额不超过{yi(TOTAL_ASSETS_LIMIT)}",
        "score": f"评价得分不低于{PASS_SCORE}分且科技人员指标得分不为0",
    },
    value_units={"employees": "人", "revenue": "万元", "total_assets": "万元", "score": "分"},
    at_most=frozenset({"employees", "revenue", "total_assets"}),
)
LIMITS = (("employees", EMPLOYEES_LIMIT), ("revenue", REVENUE_LIMIT), ("total_assets", TOTAL_ASSETS_LIMIT))


def limit(code, years, year: int, cap, fallback=None):
    """A size limit: the figure `code` of `year` may not exceed `cap`."""
    needs = Needs(years)
    value = needs.get(year, code, fallback)
    money = code in MONEY_FIELDS
    if value is None:
        return CONDITIONS.unknown(code, needs, required=float(cap) if money else cap)
    if money:
        shown, cap_text, unit = wan(value), yi(cap), "万元"
        excess, json_value, required = money_gap(value - cap), money_value(value), float(cap)
        excess_text = wan(excess)
    else:
        shown, cap_text, unit = f"{value}人", f"{cap}人", "人"
        excess, json_value, required = max(value - cap, 0), value, cap
        excess_text = f"{excess}人"
    when = f"{year}年" if money else ""  # employees may be the profile's current count
    text = f"{when}{FIGURE_LABELS[code]}{shown}，需不超过{cap_text}"
    figures = {"value": json_value, "required": required, "unit": unit}
    if value <= cap:
        return CONDITIONS.passed(code, text, gap=0, **figures)
    return CONDITIONS.failed(code, text, gap=excess, shortfall=f"超出{excess_text}", **figures)


def score_parts(needs: Needs, latest: int, employees, staff) -> tuple[dict[str, SmePart], list[str]]:
    """科小 score parts (points None = a figure is missing, recorded in needs), and the
    figures whose R&D ratio could not be computed."""
    points = basis = None
    if employees is not None and staff is not None and needs.positive("职工总数", employees):
        share = D(staff) / D(employees)
        points, basis = band_points(share, STAFF_BANDS), f"科技人员占职工总数{pct(share)}"
    parts = [SmePart("rd_staff", "科技人员", points, STAFF_FULL, basis or "")]

    # R&D: the better of R&D ÷ sales and R&D ÷ total costs, of those that can be computed.
    rd = needs.get(latest, "rd_expense")
    options, uncomputed = [], []
    for field, bands in (("revenue", RD_SALES_BANDS), ("total_costs", RD_COSTS_BANDS)):
        base = figure(needs.years, latest, field)  # either one will do: not asked for here
        if rd is not None and base is not None and base > 0:
            ratio = rd / base
            options.append((band_points(ratio, bands), f"研发费用占{FIGURE_LABELS[field]}{pct(ratio)}"))
        else:
            uncomputed.append(FIGURE_LABELS[field])
    if rd is not None and not options:
        needs.missing.setdefault(latest, []).append("销售收入或成本费用总额")
    points, basis = max(options) if options else (None, "")
    parts.append(SmePart("rd", "研发投入", points, RD_FULL, basis))

    ip1, ip2 = needs.ip_counts(latest)
    points = None
    if ip1 is not None and ip1 >= 1:
        points = IP_CLASS1_POINTS
    elif ip1 == 0 and ip2 is not None:
        points = band_points(ip2, IP_CLASS2_BANDS)
    parts.append(SmePart("ip", "科技成果", points, IP_FULL, ip_text(latest, ip1, ip2)))
    return {part.key: part for part in parts}, uncomputed


def score_condition(score, parts, uncomputed: list[str], needs: Needs, latest: int, direct, employees, staff):
    code, required = "score", PASS_SCORE
    figures = {"value": score, "required": required}
    if direct:
        return CONDITIONS.passed(code, f"{direct}，可直接确认符合条件，无需评价得分", **figures)
    staff_part = parts["rd_staff"]
    if staff_part.points == 0:
        gap = people_short(employees, staff, STAFF_SCORING_SHARE)
        return CONDITIONS.failed(
            code,
            f"{staff_part.basis}，不足{pct(STAFF_SCORING_SHARE)}，科技人员指标得0分",
            gap=gap,
            unit="人",
            shortfall=f"还差{gap}人",
            **figures,
        )
    if score is None:
        return CONDITIONS.unknown(code, needs, required=required)
    breakdown = "、".join(f"{p.name}{p.points}分" for p in parts.values())
    text = f"评价得分{score}分（{breakdown}），需不低于{required}分"
    if score >= required:
        return CONDITIONS.passed(code, text, gap=0, unit="分", **figures)
    if uncomputed and score - parts["rd"].points + RD_FULL >= required:
        # Only one R&D ratio could be computed; the other might still score higher.
        return CONDITIONS.make(
            code,
            Status.UNKNOWN,
            f"{text}；研发投入按另一口径计算可能得分更高",
            collect=f"请采集{latest}年" + "、".join(uncomputed),
            **figures,
        )
    gap = required - score
    return CONDITIONS.failed(code, text, gap=gap, unit="分", shortfall=f"还差{gap}分", **figures)


def diagnose_tech_sme(profile: EnterpriseProfile, years, used: list[int], latest: int) -> TechSmeResult:
    reason = DIRECT_BY_CERTIFICATE if profile.hte_certificate_valid else profile.other_direct_qualification.strip()
    direct = reason or None
    if not used:  # founded after the latest finished year: no figures to test yet
        conditions = tuple(CONDITIONS.no_finished_year(code, profile.founded_on) for code in (*dict(LIMITS), "score"))
        return TechSmeResult(None, None, direct, PASS_SCORE, {}, conditions)
    score_needs = Needs(years)
    employees = score_needs.get(latest, "employees", profile.employees)
    staff = score_needs.get(latest, "rd_staff", profile.rd_staff)
    parts, uncomputed = score_parts(score_needs, latest, employees, staff)
    points = [p.points for p in parts.values()]
    score = None if None in points else sum(points)
    conditions = (
        *(limit(code, years, latest, cap, profile.employees if code == "employees" else None) for code, cap in LIMITS),
        score_condition(score, parts, uncomputed, score_needs, latest, direct, employees, staff),
    )
    return TechSmeResult(overall(conditions), score, direct, PASS_SCORE, parts, conditions)
