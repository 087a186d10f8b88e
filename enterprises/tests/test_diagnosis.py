"""The 高企 / 科小 diagnosis rules of docs/domain.md §4, boundary by boundary (no Django, no database)."""

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from enterprises.diagnosis import (
    Condition,
    Diagnosis,
    EnterpriseProfile,
    TechSmeResult,
    YearFigures,
    diagnose,
    gap_rank_key,
)

AS_OF = date(2024, 6, 1)  # latest finished year 2023; the three years are 2021–2023
ALL_EXPERT = {"ip_advanced": 8, "ip_core_support": 8, "ip_acquisition": 6, "rd_management": 20}


def profile(**changes) -> EnterpriseProfile:
    base = EnterpriseProfile(
        credit_code="91320614MA1TEST01X",
        founded_on=date(2015, 3, 1),
        tech_field="electronics",
        no_major_incident=True,
        expert_scores=ALL_EXPERT,
    )
    return replace(base, **changes)


# Sales and net assets grow 40% a year, R&D is 6% of sales: an enterprise that qualifies.
GOOD = {
    2021: {"revenue": D(2000), "rd_expense": D(120), "net_assets": D(1000)},
    2022: {"revenue": D(2800), "rd_expense": D(168), "net_assets": D(1400)},
    2023: {"revenue": D(3920), "rd_expense": D("235.2"), "net_assets": D(1960)},
}


def years(changes: dict | None = None, **every_year) -> list[YearFigures]:
    """Three good years; `every_year` overrides all of them, `changes` {year: {...}} one."""
    rows = []
    for year, figures in GOOD.items():
        values = {
            "rd_expense_domestic": figures["rd_expense"] * D("0.9"),
            "hitech_revenue": figures["revenue"] * D("0.7"),
            "total_costs": figures["revenue"] * D("0.8"),
            "total_assets": D(8000),
            "employees": 100,
            "rd_staff": 20,
            "ip_class1": 2,
            "ip_class2": 6,
            "conversions": 5,
            **figures,
            **every_year,
            **(changes or {}).get(year, {}),
        }
        rows.append(YearFigures(year=year, **values))
    return rows


def run(prof=None, rows=None, as_of=AS_OF) -> Diagnosis:
    return diagnose(prof or profile(), years() if rows is None else rows, as_of=as_of)


def cond(result, code, kind="hte") -> Condition:
    return next(c for c in getattr(result, kind).conditions if c.code == code)


def cond_of(result, code) -> Condition:
    """A condition of one verdict (HteResult or TechSmeResult)."""
    return next(c for c in result.conditions if c.code == code)


def latest(**figures) -> dict:
    return {2023: figures}


# --- the whole result -------------------------------------------------------------------


def test_qualifying_enterprise_passes_everything():
    result = run()
    hte = result.hte
    assert [c.code for c in hte.conditions] == [
        "registered_1y",
        "core_ip",
        "tech_field",
        "rd_staff_ratio",
        "rd_ratio",
        "rd_domestic",
        "hitech_revenue_ratio",
        "innovation_score",
        "no_violation",
    ]
    assert {c.status for c in hte.conditions} == {"pass"}
    assert hte.eligible is True
    assert (hte.score_min, hte.score_max) == (92, 100)
    assert result.tech_sme.eligible is True
    assert result.tech_sme.score == 12 + 50 + 30
    assert result.credit_code == "91320614MA1TEST01X"
    assert result.as_of == AS_OF


def test_result_is_plain_json():
    messy = run(profile(founded_on=None, tech_field="", expert_scores={}), years({2022: {"revenue": None}}))
    for result in (run(), messy):
        plain = result.as_dict()
        assert json.loads(json.dumps(plain, ensure_ascii=False)) == plain
        assert plain["as_of"] == "2024-06-01"


def test_every_condition_carries_a_chinese_name_and_message():
    for kind in ("hte", "tech_sme"):
        for c in getattr(run(), kind).conditions:
            keys = {"code", "name", "status", "value", "required", "gap", "gap_unit", "message", "collect"}
            assert set(c.as_dict()) == keys
            assert c.name and c.message and c.collect == ""


# --- registered_1y ----------------------------------------------------------------------


def test_registered_364_days_fails_by_one_day():
    c = cond(run(profile(founded_on=AS_OF - timedelta(days=364))), "registered_1y")
    assert (c.status, c.value, c.gap, c.gap_unit) == ("fail", 364, 1, "天")
    assert "还差1天" in c.message


def test_registered_365_days_passes():
    c = cond(run(profile(founded_on=AS_OF - timedelta(days=365))), "registered_1y")
    assert (c.status, c.value, c.gap) == ("pass", 365, 0)


def test_registered_without_founding_date_is_unknown():
    c = cond(run(profile(founded_on=None)), "registered_1y")
    assert c.status == "unknown"
    assert c.collect == "请采集企业成立日期"


# --- core_ip and tech_field -------------------------------------------------------------


def test_no_ip_fails_core_ip():
    c = cond(run(rows=years(ip_class1=0, ip_class2=0)), "core_ip")
    assert (c.status, c.gap, c.gap_unit) == ("fail", 1, "项")
    assert "还差1项" in c.message


def test_one_class2_ip_is_enough():
    assert cond(run(rows=years(ip_class1=0, ip_class2=1)), "core_ip").status == "pass"


def test_missing_ip_is_unknown_but_a_known_class1_decides_alone():
    c = cond(run(rows=years(latest(ip_class1=None, ip_class2=None))), "core_ip")
    assert c.status == "unknown"
    assert c.collect == "请采集2023年Ⅰ类知识产权数量、Ⅱ类知识产权数量"
    assert cond(run(rows=years(latest(ip_class2=None))), "core_ip").status == "pass"


def test_a_missing_class2_count_is_not_asked_for_once_class1_decides():
    result = run(profile(expert_scores={}), years(latest(ip_class2=None)))
    assert "Ⅱ类" not in cond(result, "innovation_score").collect
    assert result.hte.parts["ip_quantity"].low == 7
    assert result.tech_sme.parts["ip"].points == 30


@pytest.mark.parametrize(
    ("field", "status"),
    [("new_materials", "pass"), ("先进制造与自动化", "pass"), ("", "unknown"), ("房地产", "fail")],
)
def test_tech_field(field, status):
    c = cond(run(profile(tech_field=field)), "tech_field")
    assert c.status == status
    assert bool(c.collect) == (status == "unknown")


# --- rd_staff_ratio ---------------------------------------------------------------------


def test_rd_staff_exactly_10_percent_passes():
    c = cond(run(rows=years(employees=100, rd_staff=10)), "rd_staff_ratio")
    assert (c.status, c.value, c.required, c.gap) == ("pass", 0.1, 0.1, 0)


def test_rd_staff_just_below_10_percent_fails_by_people():
    c = cond(run(rows=years(employees=100, rd_staff=9)), "rd_staff_ratio")
    assert (c.status, c.value, c.gap, c.gap_unit) == ("fail", 0.09, 1, "人")
    assert "还差1人" in c.message
    # 101 employees need ceil(10.1) = 11 科技人员; 10 shows as 9.9%, never rounded up to 10%.
    c = cond(run(rows=years(employees=101, rd_staff=10)), "rd_staff_ratio")
    assert (c.status, c.value, c.gap) == ("fail", 0.099, 1)


def test_rd_staff_falls_back_to_profile_and_otherwise_asks():
    rows = years(employees=None, rd_staff=None)
    c = cond(run(profile(employees=50, rd_staff=5), rows), "rd_staff_ratio")
    assert (c.status, c.value) == ("pass", 0.1)
    c = cond(run(rows=rows), "rd_staff_ratio")
    assert c.status == "unknown"
    assert c.collect == "请采集2023年职工总数、科技人员数"


def test_zero_employees_is_never_divided_by():
    c = cond(run(rows=years(employees=0, rd_staff=0)), "rd_staff_ratio")
    assert c.status == "unknown"
    assert c.collect == "请核实职工总数（为0）"


# --- rd_ratio ---------------------------------------------------------------------------


def flat_years(sales, rd_total, **more):
    """Three years of equal sales; R&D all in the latest year (the ratio uses sums)."""
    per_year = {"revenue": D(sales), "rd_expense": D(0), "rd_expense_domestic": D(0)}
    rd = {"rd_expense": D(rd_total), "rd_expense_domestic": D(rd_total)}
    return years({2023: rd}, **per_year, **more)


@pytest.mark.parametrize(
    ("latest_sales", "required"),
    [("5000", 0.05), ("5001", 0.04), ("20000", 0.04), ("20001", 0.03), ("5000.01", 0.04)],
)
def test_rd_ratio_threshold_follows_latest_sales(latest_sales, required):
    rows = years({2023: {"revenue": D(latest_sales)}})
    assert cond(run(rows=rows), "rd_ratio").required == required


def test_rd_ratio_exactly_at_threshold_passes():
    c = cond(run(rows=flat_years(5000, 750)), "rd_ratio")  # 750 / 15000 = 5%
    assert (c.status, c.value, c.required, c.gap) == ("pass", 0.05, 0.05, 0)


def test_rd_ratio_gap_in_wan_yuan():
    # 474 / 12000 = 3.95% of the 5% needed: 600 − 474 = 126万元 short.
    c = cond(run(rows=flat_years(4000, 474)), "rd_ratio")
    assert (c.status, c.value, c.gap, c.gap_unit) == ("fail", 0.0395, 126.0, "万元")
    assert c.message == (
        "2021–2023年研发费用合计474万元，占销售收入合计1.2亿元的3.95%，"
        "需≥5%（最近一年销售收入不超过5,000万元）：还差126万元"
    )


def test_rd_ratio_gap_in_the_4_percent_band():
    # Sales 3 × 8000 = 24000, 4% = 960; R&D 768 (3.2%) is 192万元 short.
    c = cond(run(rows=flat_years(8000, 768)), "rd_ratio")
    assert (c.required, c.value, c.gap) == (0.04, 0.032, 192.0)
    assert "3.2%，需≥4%" in c.message and "还差192万元" in c.message


def test_money_gap_rounds_up_to_the_cent():
    # Sales sum 10000.01, 5% of it 500.0005: R&D of 500 is short by 0.0005, shown as 0.01.
    rows = years(
        {
            2021: {"revenue": D("3333.33"), "rd_expense": D(0)},
            2022: {"revenue": D("3333.34"), "rd_expense": D(0)},
            2023: {"revenue": D("3333.34"), "rd_expense": D(500)},
        }
    )
    c = cond(run(rows=rows), "rd_ratio")
    assert (c.status, c.gap) == ("fail", 0.01)


def test_missing_sales_of_one_year_is_unknown_with_collect_text():
    c = cond(run(rows=years({2022: {"revenue": None}})), "rd_ratio")
    assert (c.status, c.value, c.gap) == ("unknown", None, None)
    assert c.collect == "请采集2022年销售收入"
    assert c.message == "缺少2022年销售收入，暂无法判断"


def test_a_missing_year_asks_for_each_figure():
    rows = [row for row in years() if row.year != 2022]
    result = run(rows=rows)
    assert cond(result, "rd_ratio").collect == "请采集2022年研发费用、销售收入"
    assert cond(result, "rd_domestic").collect == "请采集2022年境内研发费用、研发费用"
    innovation = cond(result, "innovation_score")
    assert innovation.status == "unknown"
    assert innovation.collect == "请采集2022年科技成果转化数、净资产、销售收入"
    assert result.hte.eligible is None


# --- rd_domestic and hitech_revenue_ratio -----------------------------------------------


def test_domestic_rd_exactly_60_percent_passes():
    rows = years(rd_expense=D(100), rd_expense_domestic=D(60))
    c = cond(run(rows=rows), "rd_domestic")
    assert (c.status, c.value, c.required) == ("pass", 0.6, 0.6)


def test_domestic_rd_gap_counts_the_added_spending_in_the_total():
    # 150 of 300 is 50%; 75万 more domestic R&D gives 225 / 375 = 60%.
    rows = years(rd_expense=D(100), rd_expense_domestic=D(50))
    c = cond(run(rows=rows), "rd_domestic")
    assert (c.status, c.value, c.gap, c.gap_unit) == ("fail", 0.5, 75.0, "万元")
    assert "境内研发费用还差75万元" in c.message


def test_hitech_revenue_exactly_60_percent_passes():
    c = cond(run(rows=years(latest(revenue=D(5000), hitech_revenue=D(3000)))), "hitech_revenue_ratio")
    assert (c.status, c.value, c.gap) == ("pass", 0.6, 0)


def test_hitech_revenue_just_below_60_percent_fails():
    # 59.9998% is truncated to 0.5999, never shown as the 0.6 it misses.
    c = cond(run(rows=years(latest(revenue=D(5000), hitech_revenue=D("2999.99")))), "hitech_revenue_ratio")
    assert (c.status, c.value, c.gap) == ("fail", 0.5999, 0.01)
    assert "59.99%，需≥60%：还差0.01万元" in c.message


# --- innovation_score -------------------------------------------------------------------


def parts_of(result) -> dict:
    return {k: (p.low, p.high) for k, p in result.hte.parts.items()}


def test_without_expert_points_the_score_is_a_range():
    result = run(profile(expert_scores={}))
    assert parts_of(result) == {
        "ip_quantity": (7, 8),
        "ip_advanced": (0, 8),
        "ip_core_support": (0, 8),
        "ip_acquisition": (0, 6),
        "conversion": (25, 30),
        "rd_management": (0, 20),
        "net_asset_growth": (9, 10),
        "revenue_growth": (9, 10),
    }
    assert result.hte.parts["rd_management"].judged is True
    assert result.hte.parts["conversion"].judged is False
    c = cond(result, "innovation_score")
    assert (c.status, c.value) == ("unknown", [50, 100])
    assert "还需多得21分" in c.message
    assert "专家" in c.collect
    assert result.hte.eligible is None


def test_proven_minimum_71_passes():
    experts = {"ip_advanced": 8, "ip_core_support": 8, "ip_acquisition": 5}  # 7+21+25+9+9 = 71
    result = run(profile(expert_scores=experts))
    assert result.hte.score_min == 71
    assert cond(result, "innovation_score").status == "pass"


def test_proven_minimum_70_is_still_unknown():
    experts = {"ip_advanced": 8, "ip_core_support": 8, "ip_acquisition": 4}
    c = cond(run(profile(expert_scores=experts)), "innovation_score")
    assert (c.status, c.value) == ("unknown", [70, 98])
    assert "还需多得1分" in c.message


def test_without_ip_the_best_possible_score_is_70_and_fails():
    result = run(profile(expert_scores={}), years(ip_class1=0, ip_class2=0))
    assert parts_of(result)["ip_advanced"] == (0, 0)  # no IP: nothing for experts to judge
    c = cond(result, "innovation_score")
    assert (c.status, c.value, c.gap, c.gap_unit) == ("fail", [43, 70], 1, "分")
    assert "最高只能得70分" in c.message and "还差1分" in c.message
    assert result.hte.eligible is False


@pytest.mark.parametrize(("total", "status"), [(70, "fail"), (71, "pass")])
def test_pinned_score_70_fails_71_passes(total, status):
    experts = {
        "ip_quantity": 7,
        "ip_advanced": 8,
        "ip_core_support": 8,
        "ip_acquisition": 6,
        "conversion": 25,
        "rd_management": total - 54,
        "net_asset_growth": 0,
        "revenue_growth": 0,
    }
    result = run(profile(expert_scores=experts))
    assert (result.hte.score_min, result.hte.score_max) == (total, total)
    assert cond(result, "innovation_score").status == status


def test_expert_score_out_of_range_is_rejected():
    with pytest.raises(ValueError):
        run(profile(expert_scores={"ip_acquisition": 7}))
    with pytest.raises(ValueError):
        run(profile(expert_scores={"charm": 1}))


@pytest.mark.parametrize(
    ("ip1", "ip2", "band"),
    [(1, 0, (7, 8)), (0, 5, (5, 6)), (0, 4, (3, 4)), (0, 3, (3, 4)), (0, 2, (1, 2)), (0, 1, (1, 2)), (0, 0, (0, 0))],
)
def test_ip_quantity_bands(ip1, ip2, band):
    assert parts_of(run(rows=years(ip_class1=ip1, ip_class2=ip2)))["ip_quantity"] == band


@pytest.mark.parametrize(
    ("per_year", "band"),
    [((5, 5, 5), (25, 30)), ((4, 4, 5), (19, 24)), ((3, 3, 3), (13, 18)), ((2, 2, 2), (7, 12))]
    + [((1, 1, 1), (1, 6)), ((0, 1, 1), (0, 6)), ((0, 0, 0), (0, 0))],
)
def test_conversion_bands_use_the_yearly_average(per_year, band):
    rows = years({y: {"conversions": n} for y, n in zip((2021, 2022, 2023), per_year, strict=True)})
    assert parts_of(run(rows=rows))["conversion"] == band


def growth_years(rate: str):
    """Net assets 100, 100, 100 × (1 + 2r): ½(1 + (1 + 2r)) − 1 = r exactly."""
    last = D(100) * (1 + 2 * D(rate))
    return years({2021: {"net_assets": D(100)}, 2022: {"net_assets": D(100)}, 2023: {"net_assets": last}})


@pytest.mark.parametrize(
    ("rate", "band"),
    [("0.35", (9, 10)), ("0.3499", (7, 8)), ("0.25", (7, 8)), ("0.2499", (5, 6)), ("0.15", (5, 6))]
    + [("0.1499", (3, 4)), ("0.05", (3, 4)), ("0.0499", (1, 2)), ("0.0001", (1, 2)), ("0", (0, 0))]
    + [("-0.2", (0, 0))],
)
def test_growth_rate_bands(rate, band):
    assert parts_of(run(rows=growth_years(rate)))["net_asset_growth"] == band


def test_growth_formula_averages_the_two_yearly_ratios():
    part = run().hte.parts["revenue_growth"]
    assert part.basis == "2021–2023年销售收入增长率40%"


def test_growth_with_zero_or_missing_figures_is_0_to_10():
    no_experts = profile(expert_scores={})  # keeps the score unknown, so `collect` shows
    zero = run(no_experts, years({2021: {"net_assets": D(0)}}))
    assert parts_of(zero)["net_asset_growth"] == (0, 10)
    assert "请核实2021年净资产（为0）" in cond(zero, "innovation_score").collect
    missing = run(no_experts, years({2023: {"net_assets": None}}))
    assert parts_of(missing)["net_asset_growth"] == (0, 10)
    assert cond(missing, "innovation_score").collect == "请采集2023年净资产"


# --- no_violation and eligible ----------------------------------------------------------


@pytest.mark.parametrize(("confirmed", "status"), [(True, "pass"), (False, "fail"), (None, "unknown")])
def test_no_violation(confirmed, status):
    c = cond(run(profile(no_major_incident=confirmed)), "no_violation")
    assert c.status == status
    if status == "unknown":
        assert c.collect == "请向企业确认上一年度无重大安全、质量事故或严重环境违法行为"


def test_eligible_true_none_false():
    assert run().hte.eligible is True
    assert run(profile(no_major_incident=None)).hte.eligible is None
    # One failure decides even while another condition is still unknown.
    unknown_and_failing = run(profile(no_major_incident=None, founded_on=AS_OF - timedelta(days=100)))
    assert unknown_and_failing.hte.eligible is False


# --- young enterprises ------------------------------------------------------------------


def test_enterprise_younger_than_three_years_uses_its_actual_years():
    # Founded in 2022: 2021 is ignored even though a row exists.
    rows = years({2021: {"revenue": D(99999), "rd_expense": D(0)}})
    result = run(profile(founded_on=date(2022, 3, 1)), rows)
    c = cond(result, "rd_ratio")
    assert c.status == "pass"
    assert c.message.startswith("2022–2023年研发费用合计403.2万元，占销售收入合计6,720万元的6%")
    parts = parts_of(result)
    assert parts["net_asset_growth"] == parts["revenue_growth"] == (0, 10)
    assert "不足三个会计年度" in result.hte.parts["revenue_growth"].basis
    assert parts["conversion"] == (25, 30)


def test_enterprise_founded_after_the_last_finished_year_has_no_figures_yet():
    result = run(profile(founded_on=date(2024, 1, 2)))
    assert cond(result, "registered_1y").status == "fail"
    assert cond(result, "rd_ratio").status == "unknown"
    assert result.hte.eligible is False
    assert result.tech_sme.eligible is None


# --- 科技型中小企业 ---------------------------------------------------------------------


def sme(prof=None, rows=None) -> TechSmeResult:
    return run(prof, rows).tech_sme


def test_size_limits_at_500_and_501_employees():
    assert cond(run(rows=years(employees=500, rd_staff=100)), "employees", "tech_sme").status == "pass"
    c = cond(run(rows=years(employees=501, rd_staff=100)), "employees", "tech_sme")
    assert (c.status, c.gap, c.gap_unit) == ("fail", 1, "人")
    assert "超出1人" in c.message
    assert sme(rows=years(employees=501, rd_staff=100)).eligible is False


@pytest.mark.parametrize("code", ["revenue", "total_assets"])
def test_size_limits_at_2_yi(code):
    assert cond(run(rows=years(latest(**{code: D(20000)}))), code, "tech_sme").status == "pass"
    c = cond(run(rows=years(latest(**{code: D(20001)}))), code, "tech_sme")
    assert (c.status, c.value, c.required, c.gap) == ("fail", 20001.0, 20000.0, 1.0)
    assert "超出1万元" in c.message


@pytest.mark.parametrize(
    ("staff", "points"),
    [(30, 20), (29, 16), (25, 16), (20, 12), (15, 8), (10, 4), (9, 0)],
)
def test_sme_staff_bands(staff, points):
    assert sme(rows=years(employees=100, rd_staff=staff)).parts["rd_staff"].points == points


@pytest.mark.parametrize(
    ("rd", "points"),
    [("6", 50), ("5.99", 40), ("5", 40), ("4", 30), ("3", 20), ("2", 10), ("1.99", 0)],
)
def test_sme_rd_to_sales_bands(rd, points):
    rows = years(latest(revenue=D(100), rd_expense=D(rd), total_costs=None))
    assert sme(rows=rows).parts["rd"].points == points


@pytest.mark.parametrize(
    ("costs", "points"),
    [("10", 50), ("12", 40), ("15", 30), ("20", 20), ("30", 10), ("40", 0)],
)
def test_sme_rd_to_total_costs_bands(costs, points):
    # R&D 3 of sales 1000 is 0.3% (0 points); of the total costs it scores by itself.
    rows = years(latest(revenue=D(1000), rd_expense=D(3), total_costs=D(costs)))
    assert sme(rows=rows).parts["rd"].points == points


def test_sme_rd_takes_the_better_ratio():
    rows = years(latest(revenue=D(100), rd_expense=D(4), total_costs=D(20)))  # 4% → 30, 20% → 30
    assert sme(rows=rows).parts["rd"].points == 30
    rows = years(latest(revenue=D(100), rd_expense=D(4), total_costs=D(10)))  # 40% of costs → 50
    part = sme(rows=rows).parts["rd"]
    assert (part.points, part.basis) == (50, "研发费用占成本费用总额40%")


@pytest.mark.parametrize(
    ("ip1", "ip2", "points"),
    [(1, 0, 30), (0, 4, 24), (0, 9, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6), (0, 0, 0)],
)
def test_sme_ip_bands(ip1, ip2, points):
    assert sme(rows=years(ip_class1=ip1, ip_class2=ip2)).parts["ip"].points == points


def test_sme_score_60_passes_and_56_fails():
    # staff 20% → 12, R&D 3% → 20, 3 Ⅱ类 → 18: 50; with 4 Ⅱ类 → 24: 56; with Ⅰ类: 62.
    base = {"revenue": D(1000), "rd_expense": D(30), "total_costs": D(1000), "ip_class1": 0}
    failing = sme(rows=years(latest(**base, ip_class2=4)))
    c = cond_of(failing, "score")
    assert (failing.score, c.status, c.gap, c.gap_unit) == (56, "fail", 4, "分")
    assert "还差4分" in c.message
    assert failing.eligible is False
    passing = sme(rows=years(latest(**base, rd_staff=25, ip_class2=4)))  # staff 25% → 16: 60
    assert (passing.score, passing.eligible) == (60, True)


def test_sme_staff_part_zero_fails_whatever_the_score():
    result = sme(rows=years(employees=100, rd_staff=9))
    assert result.score == 80
    c = cond_of(result, "score")
    assert (c.status, c.gap, c.gap_unit) == ("fail", 1, "人")
    assert result.eligible is False


def test_sme_direct_qualification():
    weak = years(employees=100, rd_staff=5, ip_class1=0, ip_class2=0)
    result = sme(profile(hte_certificate_valid=True), weak)
    assert (result.direct, result.eligible) == ("有效期内高新技术企业", True)
    result = sme(profile(other_direct_qualification="省级以上研发机构"), weak)
    assert (result.direct, result.eligible) == ("省级以上研发机构", True)
    assert sme(rows=weak).direct is None
    # Direct qualification doesn't lift the size limits.
    big = years(employees=600, rd_staff=60)
    assert sme(profile(hte_certificate_valid=True), big).eligible is False


def test_sme_missing_figure_gives_no_score():
    result = sme(rows=years(latest(ip_class1=None)))
    assert (result.score, result.eligible) == (None, None)
    c = cond_of(result, "score")
    assert c.collect == "请采集2023年Ⅰ类知识产权数量"
    # ... unless a size limit already fails.
    assert sme(rows=years(latest(ip_class1=None, total_assets=D(30000)))).eligible is False


def test_sme_asks_for_total_costs_when_they_could_lift_the_score():
    # R&D 2% of sales → 10; staff 12 + IP 18 = 40: R&D of total costs could add up to 40.
    rows = years(latest(revenue=D(1000), rd_expense=D(20), total_costs=None, ip_class1=0, ip_class2=3))
    result = sme(rows=rows)
    c = cond_of(result, "score")
    assert (result.score, c.status, result.eligible) == (40, "unknown", None)
    assert c.collect == "请采集2023年成本费用总额"
    # Staff 4 + IP 0: even 50 points of R&D cannot reach 60, a plain failure.
    rows = years(latest(revenue=D(1000), rd_expense=D(20), total_costs=None, ip_class1=0, ip_class2=0, rd_staff=10))
    assert sme(rows=rows).eligible is False


# --- ranking ----------------------------------------------------------------------------


def test_gap_rank_key_puts_the_closest_first():
    ready = run()
    unknown = run(profile(no_major_incident=None))
    short_money = run(rows=flat_years(4000, 474, employees=100, rd_staff=20))
    short_more_money = run(rows=flat_years(4000, 300, employees=100, rd_staff=20))
    two_failures = run(rows=flat_years(4000, 300, employees=100, rd_staff=5))
    assert gap_rank_key(short_money) == (1, 0, 126.0, 0)
    assert gap_rank_key(two_failures) == (2, 0, 300.0, 5)
    results = [two_failures, short_more_money, unknown, short_money, ready]
    assert sorted(results, key=gap_rank_key) == [ready, unknown, short_money, short_more_money, two_failures]


def test_money_given_as_int_or_float_still_works():
    rows = [replace(row, revenue=int(row.revenue), rd_expense=float(row.rd_expense)) for row in years()]
    assert run(rows=rows).hte.eligible is True
