"""The typed API of enterprises.diagnosis: results, statuses, the named thresholds and their
sources, and what the pages read from a result (no database)."""

import json
import pickle
from decimal import Decimal as D

from enterprises.diagnosis import Condition, Diagnosis, HteResult, ScorePart, SmePart, Status, TechSmeResult, hte
from enterprises.diagnosis import tech_sme as sme_rules
from enterprises.rules import EXPERT_SCORE_PARTS
from enterprises.templatetags.enterprise_tags import condition_gap, condition_required, condition_value, status_badge
from enterprises.tests.test_diagnosis import cond, flat_years, latest, profile, run, years


def test_diagnose_returns_typed_results():
    result = run()
    assert isinstance(result, Diagnosis)
    assert isinstance(result.hte, HteResult) and isinstance(result.tech_sme, TechSmeResult)
    assert all(isinstance(c, Condition) and isinstance(c.status, Status) for c in result.hte.conditions)
    assert all(isinstance(p, ScorePart) for p in result.hte.parts.values())
    assert all(isinstance(p, SmePart) for p in result.tech_sme.parts.values())


def test_status_is_str_valued_so_json_and_templates_keep_the_strings():
    assert [s.value for s in Status] == ["pass", "fail", "unknown"]
    assert Status.FAIL == "fail" and f"condition-{Status.UNKNOWN}" == "condition-unknown"
    assert json.dumps([Status.PASS]) == '["pass"]'


def test_as_json_is_exactly_the_spec_shape_and_a_subset_of_as_dict():
    messy = run(profile(founded_on=None, expert_scores={}), years({2022: {"revenue": None}}))
    for result in (run(), messy):
        out = result.as_json()
        assert set(out) == {"credit_code", "hte", "tech_sme"}
        assert set(out["hte"]) == {"eligible", "score_min", "score_max", "conditions"}
        assert set(out["tech_sme"]) == {"eligible", "score", "direct"}
        for c in out["hte"]["conditions"]:
            assert set(c) == {"code", "status", "value", "required", "gap"}
            assert type(c["status"]) is str
        full = result.as_dict()
        assert [
            {k: c[k] for k in ("code", "status", "value", "required", "gap")} for c in full["hte"]["conditions"]
        ] == (out["hte"]["conditions"])
        assert json.loads(json.dumps(out)) == out


def test_results_pickle_for_the_cache():
    result = run(profile(expert_scores={}), years({2022: {"revenue": None}}))
    assert pickle.loads(pickle.dumps(result)) == result


# --- the thresholds, each named once (an independent list of docs/domain.md §4's numbers) ----------


def test_hte_thresholds_are_the_2016_rules():
    assert (hte.REGISTERED_DAYS, hte.YEARS_ASSESSED) == (365, 3)
    assert (D(5000), D(20000)) == (hte.SALES_SMALL, hte.SALES_LARGE)  # 万元: 5000万, 2亿
    assert (D("0.05"), D("0.04"), D("0.03")) == (hte.RD_RATIO_SMALL, hte.RD_RATIO_MEDIUM, hte.RD_RATIO_LARGE)
    assert D("0.1") == hte.RD_STAFF_SHARE
    assert hte.RD_DOMESTIC_SHARE == hte.HITECH_REVENUE_SHARE == D("0.6")
    assert (hte.INNOVATION_PASS_ABOVE, hte.INNOVATION_PASS_SCORE) == (70, 71)


def test_score_parts_add_up_and_the_judged_ones_come_from_rules():
    parts = run(profile(expert_scores={})).hte.parts
    assert sum(p.full for p in parts.values()) == run().hte.score_full == 100
    ip = ("ip_quantity", "ip_advanced", "ip_core_support", "ip_acquisition")
    assert sum(parts[k].full for k in ip) == 30
    assert parts["conversion"].full == 30 and parts["rd_management"].full == 20
    assert parts["net_asset_growth"].full + parts["revenue_growth"].full == 20
    judged = {k: (p.name, p.full) for k, p in parts.items() if p.judged}
    assert judged == {k: (str(p.label), p.full) for k, p in EXPERT_SCORE_PARTS.items()}


def test_tech_sme_limits_and_bands():
    assert (sme_rules.EMPLOYEES_LIMIT, sme_rules.REVENUE_LIMIT, sme_rules.TOTAL_ASSETS_LIMIT) == (500, 20000, 20000)
    assert sme_rules.PASS_SCORE == 60
    assert (sme_rules.STAFF_FULL, sme_rules.RD_FULL, sme_rules.IP_FULL) == (20, 50, 30)
    assert D("0.10") == sme_rules.STAFF_SCORING_SHARE
    result = run().tech_sme
    assert result.pass_score == 60 and sum(p.full for p in result.parts.values()) == 100


def test_messages_and_names_print_the_named_thresholds():
    names = {c.code: c.name for c in run().hte.conditions}
    assert names["rd_staff_ratio"] == "科技人员占职工总数比例不低于10%"
    assert names["innovation_score"] == "创新能力评价高于70分"
    assert {c.code: c.name for c in run().tech_sme.conditions}["revenue"] == "销售收入不超过2亿元"
    basis = {
        D(5000): "需≥5%（最近一年销售收入不超过5,000万元）",
        D(5001): "需≥4%（最近一年销售收入5,000万元至2亿元）",
        D(20001): "需≥3%（最近一年销售收入2亿元以上）",
    }
    for sales, text in basis.items():
        assert text in cond(run(rows=years(latest(revenue=sales))), "rd_ratio").message


# --- what a page reads of a condition ----------------------------------------------------


def test_shortfall_and_short_text_for_the_ranking():
    c = cond(run(rows=flat_years(4000, 474, employees=100, rd_staff=20)), "rd_ratio")
    assert (c.shortfall, c.short) == ("还差126万元", "研究开发费用占销售收入比例：还差126万元")
    assert c.message.endswith("：还差126万元")
    c = cond(run(profile(tech_field="纺织")), "tech_field")
    assert c.status == Status.FAIL and c.shortfall == "" and c.short == c.message
    assert cond(run(), "rd_ratio").shortfall == ""


def test_template_filters_format_by_the_conditions_units():
    c = cond(run(rows=flat_years(4000, 474, employees=100, rd_staff=20)), "rd_ratio")
    assert (condition_value(c), condition_required(c), condition_gap(c)) == ("3.95%", "≥5%", "126万元")
    passing = run()
    c = cond(passing, "registered_1y")
    assert (condition_required(c), condition_gap(c)) == ("≥365天", "—")
    assert condition_value(cond(passing, "tech_field")) == "电子信息"
    assert condition_value(cond(passing, "no_violation")) == "是"
    score = cond(run(profile(expert_scores={})), "innovation_score")
    assert (condition_value(score), condition_required(score)) == ("50–100分", "≥71分")
    revenue = cond(run(rows=years(latest(revenue=D(20001)))), "revenue", "tech_sme")
    assert (condition_value(revenue), condition_required(revenue), condition_gap(revenue)) == (
        "2.0001亿元",  # core.formatting: 亿元 from 1亿 up, exact to the 万元
        "≤2亿元",
        "1万元",
    )
    assert "不符合" in status_badge(Status.FAIL) and "待核实" in status_badge("unknown")
