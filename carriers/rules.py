"""The carrier rules used by more than one layer (model clean, importers, selectors, KPIs): one home each."""

from decimal import Decimal

from django.utils.translation import gettext as _

# 实际进度落后计划超过此百分点即为滞后, until an admin sets another (carriers.ScheduleSetting).
DEFAULT_THRESHOLD = Decimal("10")


def tenancy_errors(opened_on, moved_in_on, moved_out_on) -> dict:
    """{field: message} for a tenancy's dates: not before the carrier opened, out after in."""
    errors = {}
    if opened_on and moved_in_on and moved_in_on < opened_on:
        errors["moved_in_on"] = _("入驻日期 %(d)s 早于载体启用日期 %(o)s") % {"d": moved_in_on, "o": opened_on}
    if moved_in_on and moved_out_on and moved_out_on < moved_in_on:
        errors["moved_out_on"] = _("迁出日期 %(d)s 早于入驻日期 %(i)s") % {"d": moved_out_on, "i": moved_in_on}
    return errors


def contract_errors(signed: bool, signed_on) -> dict:
    if signed and not signed_on:
        return {"signed_on": _("已签约的运营机构须填写签约日期")}
    if not signed and signed_on:
        return {"signed_on": _("洽谈中的运营机构不填签约日期；已签约请把阶段改为“签约”")}
    return {}


def is_behind(planned, actual, threshold) -> bool:
    """Behind schedule: actual trails planned by MORE than the threshold (exactly at it is on time)."""
    return planned - actual > threshold


def quarter_of(day) -> int:
    """The last whole quarter ending on or before `day`'s month end (0 before 31 March)."""
    return day.month // 3


GRADE_FLOORS = (("excellent", 90), ("good", 75), ("pass", 60))


def rubric_score(values: dict, rubric) -> Decimal:
    """Σ weight × min(value ÷ full mark, 1) × 100 ÷ Σ weight, one decimal; a missing value scores 0.

    `rubric` is [(code, weight, full_mark)]; weights need not add up to 100.
    """
    total_weight = sum(Decimal(w) for _c, w, _f in rubric)
    if not total_weight:
        return Decimal(0)
    earned = Decimal(0)
    for code, weight, full_mark in rubric:
        value = values.get(code)
        if value is None or not full_mark:
            continue
        earned += Decimal(weight) * min(Decimal(value) / Decimal(full_mark), Decimal(1))
    return (earned * 100 / total_weight).quantize(Decimal("0.1"))


def grade_of(score) -> str:
    for grade, floor in GRADE_FLOORS:
        if score >= floor:
            return grade
    return "fail"
