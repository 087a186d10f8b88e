"""高新技术企业认定: the eight conditions of 国科发火〔2016〕32号《高新技术企业认定管理办法》第十一条,
read as its 工作指引 (国科发火〔2016〕195号) reads them, and the 企业创新能力评价 score parts.

Every threshold and score band is named once below with the article it comes from; conditions,
messages, gaps and the pages (through the result) read these names.
"""

import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import ROUND_DOWN, Decimal

from ..rules import EXPERT_SCORE_PARTS
from .common import (
    CENT,
    FIGURE_LABELS,
    TECH_FIELDS,
    Conditions,
    EnterpriseProfile,
    Needs,
    day_text,
    ip_text,
    money_gap,
    pct,
    people_short,
    plain,
    ratio_value,
    span,
    wan,
    yi,
)
from .results import HteResult, ScorePart, Status, overall

D = Decimal

# ---- the thresholds ---------------------------------------------------------------------------

# 第十一条(五)/(七): R&D, conversions and growth are read over 近三个会计年度 (fewer when the
# enterprise is younger: 实际经营期不满三年的按实际经营时间计算).
YEARS_ASSESSED = 3
# 第十一条(一) 注册成立一年以上; 工作指引: 一年以上 = 365个日历天数以上.
REGISTERED_DAYS = 365
# 第十一条(二): owns at least one item of IP giving core support to its main products.
CORE_IP_MIN = 1
# 第十一条(四): 科技人员占企业当年职工总数的比例不低于10%.
RD_STAFF_SHARE = D("0.10")
# 第十一条(五): R&D of the last three years ÷ sales of the same years, by the latest year's sales
# (万元): ≤5000万 → ≥5%; 5000万–2亿 (含) → ≥4%; above 2亿 → ≥3%.
SALES_SMALL = D(5000)
SALES_LARGE = D(20000)
RD_RATIO_SMALL = D("0.05")
RD_RATIO_MEDIUM = D("0.04")
RD_RATIO_LARGE = D("0.03")
# 第十一条(五): R&D spent in China ≥60% of all R&D.
RD_DOMESTIC_SHARE = D("0.60")
# 第十一条(六): 近一年高新技术产品（服务）收入占同期总收入的比例不低于60%.
HITECH_REVENUE_SHARE = D("0.60")
# 第十一条(七), 工作指引 企业创新能力评价: 综合得分达到70分以上（不含70分）, so 71 is the least that passes.
INNOVATION_PASS_ABOVE = 70
INNOVATION_PASS_SCORE = INNOVATION_PASS_ABOVE + 1

# ---- the score parts (工作指引 企业创新能力评价, 100 points) -----------------------------------

# 知识产权 (30): 数量 (8) from the figures; 先进程度 (8), 核心支持作用 (8), 获得方式 (6) judged.
IP_QUANTITY_FULL = 8
IP_CLASS1_RANGE = (7, 8)  # ≥1 Ⅰ类
IP_CLASS2_BANDS = ((5, 5, 6), (3, 3, 4), (1, 1, 2))  # (≥ Ⅱ类 items, low, high); none → 0
IP_JUDGED = ("ip_advanced", "ip_core_support", "ip_acquisition")  # keys of rules.EXPERT_SCORE_PARTS
# 科技成果转化能力 (30): average conversions a year over the three years; 0 → 0.
CONVERSION_FULL = 30
CONVERSION_BANDS = ((5, 25, 30), (4, 19, 24), (3, 13, 18), (2, 7, 12), (1, 1, 6))  # (≥ a year, low, high)
# 研究开发组织管理水平 (20): judged.
RD_MANAGEMENT = "rd_management"
# 企业成长性 (20): 净资产增长率 and 销售收入增长率, 10 each, rate = ½(Y2/Y1 + Y3/Y2) − 1.
GROWTH_FULL = 10
GROWTH_BANDS = ((D("0.35"), 9, 10), (D("0.25"), 7, 8), (D("0.15"), 5, 6), (D("0.05"), 3, 4))  # (≥ rate, low, high)
GROWTH_ABOVE_ZERO = (1, 2)  # 0 < rate < 5%; ≤ 0 → 0

CONDITIONS = Conditions(
    names={
        "registered_1y": "注册成立满一年",
        "core_ip": "拥有核心自主知识产权",
        "tech_field": "技术属于国家重点支持的高新技术领域",
        "rd_staff_ratio": f"科技人员占职工总数比例不低于{pct(RD_STAFF_SHARE)}",
        "rd_ratio": "研究开发费用占销售收入比例",
        "rd_domestic": f"境内研究开发费用占比不低于{pct(RD_DOMESTIC_SHARE)}",
        "hitech_revenue_ratio": f"高新技术产品（服务）收入占比不低于{pct(HITECH_REVENUE_SHARE)}",
        "innovation_score": f"创新能力评价高于{INNOVATION_PASS_ABOVE}分",
        "no_violation": "上一年度无重大安全、质量事故或严重环境违法行为",
    },
    value_units={
        "registered_1y": "天",
        "core_ip": "项",
        "rd_staff_ratio": "%",
        "rd_ratio": "%",
        "rd_domestic": "%",
        "hitech_revenue_ratio": "%",
        "innovation_score": "分",
    },
)
YEAR_BASED = ("core_ip", "rd_staff_ratio", "rd_ratio", "rd_domestic", "hitech_revenue_ratio", "innovation_score")


def registered(profile: EnterpriseProfile, as_of: date):
    code = "registered_1y"
    if profile.founded_on is None:
        return CONDITIONS.make(
            code,
            Status.UNKNOWN,
            "缺少成立日期，暂无法判断是否注册成立满一年",
            required=REGISTERED_DAYS,
            collect="请采集企业成立日期",
        )
    days = (as_of - profile.founded_on).days
    text = f"企业{day_text(profile.founded_on)}成立，至{day_text(as_of)}已注册{days}天"
    figures = {"value": days, "required": REGISTERED_DAYS, "unit": "天"}
    if days >= REGISTERED_DAYS:
        return CONDITIONS.passed(code, f"{text}，满{REGISTERED_DAYS}天", gap=0, **figures)
    gap = REGISTERED_DAYS - days
    return CONDITIONS.failed(code, f"{text}，需满{REGISTERED_DAYS}天", gap=gap, shortfall=f"还差{gap}天", **figures)


def core_ip(years, latest: int):
    code, needs = "core_ip", Needs(years)
    ip1, ip2 = needs.ip_counts(latest)
    owned = (ip1 or 0) + (ip2 or 0)
    figures = {"required": CORE_IP_MIN, "unit": "项"}
    if owned >= CORE_IP_MIN:
        return CONDITIONS.passed(code, ip_text(latest, ip1, ip2), value=owned, gap=0, **figures)
    if needs:
        return CONDITIONS.unknown(code, needs, required=CORE_IP_MIN)
    gap = CORE_IP_MIN - owned
    return CONDITIONS.failed(
        code,
        f"{latest}年无Ⅰ类、Ⅱ类知识产权，需至少{CORE_IP_MIN}项",
        value=owned,
        gap=gap,
        shortfall=f"还差{gap}项",
        **figures,
    )


def tech_field(profile: EnterpriseProfile):
    code, field = "tech_field", profile.tech_field.strip()
    if not field:
        return CONDITIONS.make(
            code,
            Status.UNKNOWN,
            "未填写技术领域，暂无法判断是否属于国家重点支持的高新技术领域",
            collect="请采集企业主要产品（服务）所属的高新技术领域",
        )
    label = TECH_FIELDS.get(field) or (field if field in map(str, TECH_FIELDS.values()) else None)
    if label:
        return CONDITIONS.passed(code, f"技术领域为{label}，属于国家重点支持的高新技术领域", value=field)
    return CONDITIONS.failed(code, f"技术领域“{field}”不属于国家重点支持的八大高新技术领域", value=field)


def share(code, part: str, whole: str, ratio, required, *, gap, gap_text: str, unit="万元", note=""):
    """A "part is at least `required` of whole" condition: it passes, or fails `gap` (in `unit`) short."""
    text = f"{part}，占{whole}的{pct(ratio)}，需≥{pct(required)}{note}"
    figures = {"value": ratio_value(ratio), "required": float(required), "unit": unit}
    if ratio >= required:
        return CONDITIONS.passed(code, text, gap=0, **figures)
    return CONDITIONS.failed(code, text, gap=gap, shortfall=gap_text, **figures)


def rd_staff_ratio(years, latest: int, profile: EnterpriseProfile):
    code, needs, required = "rd_staff_ratio", Needs(years), RD_STAFF_SHARE
    employees = needs.get(latest, "employees", profile.employees)
    staff = needs.get(latest, "rd_staff", profile.rd_staff)
    if employees is not None:
        needs.positive("职工总数", employees)
    if needs:
        return CONDITIONS.unknown(code, needs, required=float(required))
    ratio = D(staff) / D(employees)
    gap = people_short(employees, staff, required)
    part, whole = f"科技人员{staff}人", f"职工总数{employees}人"
    return share(code, part, whole, ratio, required, gap=gap, gap_text=f"还差{gap}人", unit="人")


def rd_required(latest_sales: Decimal) -> tuple[Decimal, str]:
    """The R&D ratio the latest year's sales call for, and why."""
    if latest_sales <= SALES_SMALL:
        return RD_RATIO_SMALL, f"最近一年销售收入不超过{wan(SALES_SMALL)}"
    if latest_sales <= SALES_LARGE:
        return RD_RATIO_MEDIUM, f"最近一年销售收入{wan(SALES_SMALL)}至{yi(SALES_LARGE)}"
    return RD_RATIO_LARGE, f"最近一年销售收入{yi(SALES_LARGE)}以上"


def rd_ratio(years, used: list[int]):
    code, needs = "rd_ratio", Needs(years)
    rd = [needs.get(y, "rd_expense") for y in used]
    sales = [needs.get(y, "revenue") for y in used]
    required, basis = rd_required(sales[-1]) if sales[-1] is not None else (None, "")
    if not needs:
        rd_sum, sales_sum = sum(rd, D(0)), sum(sales, D(0))
        needs.positive(f"{span(used)}销售收入合计", sales_sum)
    if needs:
        return CONDITIONS.unknown(code, needs, required=float(required) if required else None)
    ratio = rd_sum / sales_sum
    gap = money_gap(required * sales_sum - rd_sum)
    part, whole = f"{span(used)}研发费用合计{wan(rd_sum)}", f"销售收入合计{wan(sales_sum)}"
    return share(code, part, whole, ratio, required, gap=gap, gap_text=f"还差{wan(gap)}", note=f"（{basis}）")


def rd_domestic(years, used: list[int]):
    code, needs, required = "rd_domestic", Needs(years), RD_DOMESTIC_SHARE
    domestic = [needs.get(y, "rd_expense_domestic") for y in used]
    rd = [needs.get(y, "rd_expense") for y in used]
    if needs:
        return CONDITIONS.unknown(code, needs, required=float(required))
    domestic_sum, rd_sum = sum(domestic, D(0)), sum(rd, D(0))
    if not needs.positive(f"{span(used)}研发费用合计", rd_sum):
        return CONDITIONS.unknown(code, needs, required=float(required))
    ratio = domestic_sum / rd_sum
    # Extra domestic R&D raises the total too: (d + x) / (t + x) = share.
    gap = money_gap((required * rd_sum - domestic_sum) / (1 - required))
    part, whole = f"{span(used)}境内研发费用合计{wan(domestic_sum)}", f"研发费用合计{wan(rd_sum)}"
    return share(code, part, whole, ratio, required, gap=gap, gap_text=f"境内研发费用还差{wan(gap)}")


def hitech_revenue_ratio(years, latest: int):
    code, needs, required = "hitech_revenue_ratio", Needs(years), HITECH_REVENUE_SHARE
    hitech = needs.get(latest, "hitech_revenue")
    revenue = needs.get(latest, "revenue")
    if revenue is not None:
        needs.positive(f"{latest}年销售收入", revenue)
    if needs:
        return CONDITIONS.unknown(code, needs, required=float(required))
    ratio = hitech / revenue
    gap = money_gap(required * revenue - hitech)
    part, whole = f"{latest}年高新技术产品（服务）收入{wan(hitech)}", f"销售收入{wan(revenue)}"
    return share(code, part, whole, ratio, required, gap=gap, gap_text=f"还差{wan(gap)}")


# ---- 企业创新能力评价 ------------------------------------------------------------------------


def ip_quantity(ip1, ip2) -> tuple[int, int]:
    """Band of 知识产权数量; an unknown count widens the band to what it could be."""
    if ip1 is not None and ip1 >= 1:
        return IP_CLASS1_RANGE
    class2_best = IP_CLASS2_BANDS[0][2]
    if ip2 is None:
        return 0, class2_best if ip1 == 0 else IP_QUANTITY_FULL
    low, high = next(((lo, hi) for least, lo, hi in IP_CLASS2_BANDS if ip2 >= least), (0, 0))
    return low, high if ip1 == 0 else IP_QUANTITY_FULL


def conversion_band(average: Decimal) -> tuple[int, int]:
    if average == 0:
        return 0, 0
    # 0 < average < 1 lies between the "0" and "≥1" bands: experts decide.
    return next(((lo, hi) for least, lo, hi in CONVERSION_BANDS if average >= least), (0, CONVERSION_BANDS[-1][2]))


def growth(needs: Needs, used: list[int], field: str) -> tuple[int, int, str]:
    label = FIGURE_LABELS[field]
    if len(used) < YEARS_ASSESSED:
        return 0, GROWTH_FULL, "经营不足三个会计年度，无法按三年计算增长率"
    y1, y2, y3 = (needs.get(y, field) for y in used)
    if None in (y1, y2, y3):
        return 0, GROWTH_FULL, f"缺少{label}，无法计算增长率"
    usable = [needs.positive(f"{y}年{label}", v) for y, v in zip(used[:2], (y1, y2), strict=True)]
    if not all(usable):
        return 0, GROWTH_FULL, f"{label}不为正，无法计算增长率"
    rate = (y2 / y1 + y3 / y2) / 2 - 1
    if rate <= 0:
        low, high = 0, 0
    else:
        low, high = next(((lo, hi) for least, lo, hi in GROWTH_BANDS if rate >= least), GROWTH_ABOVE_ZERO)
    return low, high, f"{span(used)}{label}增长率{pct(rate)}"


# What the experts look at in each judged part (工作指引 企业创新能力评价), for a reader who has not
# seen the 工作指引: shown under the part on the diagnosis page.
JUDGED_EXPLAINED = {
    "ip_advanced": "专家看知识产权所涉技术的先进程度：高7–8分，较高5–6分，一般3–4分，较低1–2分，无0分",
    "ip_core_support": (
        "专家看知识产权对主要产品（服务）的核心支持作用：强7–8分，较强5–6分，一般3–4分，较弱1–2分，无0分"
    ),
    "ip_acquisition": "有自主研发的知识产权1–6分；只有受让、受赠、并购等取得的1–3分",
    "rd_management": (
        "专家看四方面：研发组织管理制度与研发费用辅助账（≤6分）；研发机构与产学研合作（≤6分）；"
        "成果转化的组织与激励制度、开放式创新平台（≤4分）；人才培养、引进与绩效奖励制度（≤4分）"
    ),
}


def judged(key: str, *, nothing_to_judge=False) -> ScorePart:
    """An expert-judged part (rules.EXPERT_SCORE_PARTS) as 0–full, or 0 when there is nothing to judge."""
    part = EXPERT_SCORE_PARTS[key]
    explain = JUDGED_EXPLAINED.get(key, "")
    if nothing_to_judge:
        return ScorePart(key, str(part.label), 0, 0, part.full, "无知识产权，不得分", judged=True, explain=explain)
    return ScorePart(key, str(part.label), 0, part.full, part.full, "由专家评判", judged=True, explain=explain)


def innovation(years, used: list[int], latest: int, expert_scores: Mapping[str, int]):
    """Score parts of 企业创新能力评价 as proven ranges, and the figures still missing."""
    needs = Needs(years)
    parts = []

    ip1, ip2 = needs.ip_counts(latest) if used else (None, None)
    low, high = ip_quantity(ip1, ip2)
    basis = ip_text(latest, ip1, ip2) if used else ""
    parts.append(ScorePart("ip_quantity", "知识产权数量", low, high, IP_QUANTITY_FULL, basis))
    no_ip = (ip1, ip2) == (0, 0)  # nothing for experts to judge
    parts.extend(judged(key, nothing_to_judge=no_ip) for key in IP_JUDGED)

    conversions = [needs.get(y, "conversions") for y in used]
    if not used or None in conversions:
        low, high, basis = 0, CONVERSION_FULL, "缺少科技成果转化数"
    else:
        average = D(sum(conversions)) / len(used)
        low, high = conversion_band(average)
        basis = f"{span(used)}年均科技成果转化{plain(average.quantize(CENT, ROUND_DOWN))}项"
    parts.append(ScorePart("conversion", "科技成果转化能力", low, high, CONVERSION_FULL, basis))

    parts.append(judged(RD_MANAGEMENT))

    for key, field, name in (
        ("net_asset_growth", "net_assets", "净资产增长率"),
        ("revenue_growth", "revenue", "销售收入增长率"),
    ):
        low, high, basis = growth(needs, used, field)
        parts.append(ScorePart(key, name, low, high, GROWTH_FULL, basis))

    by_key = {part.key: part for part in parts}
    for key, points in expert_scores.items():
        part = by_key.get(key)
        if part is None or not 0 <= points <= part.full:
            raise ValueError(f"expert score {key}={points}: no such part or out of range")
        by_key[key] = replace(part, low=points, high=points, basis=f"专家评分{points}分")
    return by_key, needs


def innovation_score(score_min: int, score_max: int, needs: Needs):
    code, required = "innovation_score", INNOVATION_PASS_SCORE
    figures = {"value": [score_min, score_max], "required": required}
    range_text = f"{score_min}分" if score_min == score_max else f"{score_min}–{score_max}分"
    proven = f"创新能力评价可证明得分{range_text}"
    needed = f"需高于{INNOVATION_PASS_ABOVE}分"
    if score_min >= required:
        return CONDITIONS.passed(code, f"{proven}，已高于{INNOVATION_PASS_ABOVE}分", gap=0, unit="分", **figures)
    if score_max < required:
        gap = required - score_max
        return CONDITIONS.failed(
            code,
            f"创新能力评价最高只能得{score_max}分，{needed}",
            gap=gap,
            unit="分",
            shortfall=f"还差{gap}分",
            **figures,
        )
    hint = "，补齐数据可缩小得分范围" if needs else ""
    return CONDITIONS.make(
        code,
        Status.UNKNOWN,
        f"{proven}，{needed}：专家评判等部分还需多得{required - score_min}分{hint}",
        collect=needs.collect() or "请录入专家预审评分（知识产权先进程度、研发组织管理等专家评判部分）",
        **figures,
    )


def no_violation(profile: EnterpriseProfile):
    code = "no_violation"
    if profile.no_major_incident is None:
        return CONDITIONS.make(
            code,
            Status.UNKNOWN,
            "尚未确认上一年度是否发生重大安全、质量事故或严重环境违法行为",
            collect="请向企业确认上一年度无重大安全、质量事故或严重环境违法行为",
        )
    if profile.no_major_incident:
        return CONDITIONS.passed(code, "已确认上一年度无重大安全、质量事故或严重环境违法行为", value=True)
    return CONDITIONS.failed(code, "上一年度发生重大安全、质量事故或严重环境违法行为，不符合认定条件", value=False)


def diagnose_hte(profile: EnterpriseProfile, years, used: list[int], latest: int, as_of: date) -> HteResult:
    parts, score_needs = innovation(years, used, latest, profile.expert_scores)
    score_min = sum(p.low for p in parts.values())
    score_max = sum(p.high for p in parts.values())
    if used:
        year_based = [
            core_ip(years, latest),
            rd_staff_ratio(years, latest, profile),
            rd_ratio(years, used),
            rd_domestic(years, used),
            hitech_revenue_ratio(years, latest),
            innovation_score(score_min, score_max, score_needs),
        ]
        year_based = [replace(c, period=periods(used, latest)[c.code]) for c in year_based]
    else:
        year_based = [CONDITIONS.no_finished_year(code, profile.founded_on) for code in YEAR_BASED]
    ip, *ratios, score = year_based
    conditions = (registered(profile, as_of), ip, tech_field(profile), *ratios, score, no_violation(profile))
    return HteResult(
        eligible=overall(conditions),
        score_min=score_min,
        score_max=score_max,
        score_full=sum(p.full for p in parts.values()),
        pass_above=INNOVATION_PASS_ABOVE,
        parts=parts,
        conditions=conditions,
        suggestions=suggestions(conditions, parts, years, used, latest),
    )


def periods(used: list[int], latest: int) -> dict[str, str]:
    """The years each year-based condition reads, in words (第十一条: 近三个会计年度 vs 近一年)."""
    three = f"近{len(used)}年（{span(used)}）" if len(used) > 1 else f"近一年（{span(used)}）"
    last = f"最近一年（{latest}年）"
    return {
        "core_ip": last,
        "rd_staff_ratio": last,
        "rd_ratio": f"{three}合计",
        "rd_domestic": f"{three}合计",
        "hitech_revenue_ratio": last,
        "innovation_score": f"{three}（成果转化、成长性）",
    }


def suggestions(conditions, parts, years, used: list[int], latest: int) -> tuple[str, ...]:
    """提升建议: for each gap, what would close it, in the enterprise's own terms and money."""
    by_code = {c.code: c for c in conditions}
    lines = []

    def failing(code):
        c = by_code.get(code)
        return c if c is not None and c.status == Status.FAIL and c.gap else None

    if c := failing("registered_1y"):
        lines.append(f"注册成立满一年：还需{int(c.gap)}天，届时再申报")
    if failing("core_ip"):
        lines.append("知识产权：取得至少1项Ⅰ类（发明专利等）或Ⅱ类（实用新型、软件著作权等）知识产权")
    if c := failing("rd_staff_ratio"):
        lines.append(f"科技人员：再增加{int(c.gap)}名科技人员，或按实际从事研发和技术创新的人员如实统计")
    if c := failing("rd_ratio"):
        gap, n = D(str(c.gap)), len(used)
        per_year = D(math.ceil(gap * 100 / n)) / 100 if n else gap
        lines.append(
            f"研发投入：{span(used)}研发费用合计还差{wan(gap)}"
            + (f"，相当于每年多投入约{wan(per_year)}" if n > 1 else "")
            + "；研发费用要按辅助账归集完整"
        )
    if c := failing("rd_domestic"):
        lines.append(f"境内研发费用：还差{wan(D(str(c.gap)))}（委托境外的研发费用不计入境内部分）")
    if c := failing("hitech_revenue_ratio"):
        lines.append(
            f"高新技术产品（服务）收入：{latest}年还差{wan(D(str(c.gap)))}，"
            "请梳理主营产品与核心知识产权的对应关系，如实归集"
        )
    score = by_code.get("innovation_score")
    if score is not None and score.status != Status.PASS and used:
        conversion = parts.get("conversion")
        conversions = [Needs(years).get(y, "conversions") for y in used]
        if conversion is not None and conversion.high < conversion.full and None not in conversions:
            average = D(sum(conversions)) / len(used)
            better = [(least, lo, hi) for least, lo, hi in reversed(CONVERSION_BANDS) if least > average]
            if better:
                least, lo, hi = better[0]
                lines.append(
                    f"科技成果转化：{span(used)}年均{plain(average.quantize(CENT, ROUND_DOWN))}项，"
                    f"年均达到{least}项可得{lo}–{hi}分（现{conversion.low}–{conversion.high}分）"
                )
        open_parts = [p for p in parts.values() if p.judged and p.low != p.high]
        if open_parts:
            points = sum(p.full for p in open_parts)
            lines.append(
                f"专家评判部分（{'、'.join(p.name for p in open_parts)}，共{points}分）尚未评分："
                "省专家预审后请录入专家评分，得分范围会收窄"
            )
    return tuple(lines)
