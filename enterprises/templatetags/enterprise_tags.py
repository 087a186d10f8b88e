"""Display of diagnosis figures and pool stages in templates (units the bureau reads)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..diagnosis import TECH_FIELDS
from ..tables import stage_badge

register = template.Library()

RATIO_CODES = {"rd_staff_ratio", "rd_ratio", "rd_domestic", "hitech_revenue_ratio"}
STATUS = {
    "pass": ("text-bg-success", _("符合"), "check-circle"),
    "fail": ("text-bg-danger", _("不符合"), "x-circle"),
    "unknown": ("text-bg-warning", _("待核实"), "question-circle"),
}


def _number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _figure(code, value):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if code in RATIO_CODES:
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if code == "registered_1y":
        return f"{value}天"
    if code == "tech_field":
        return TECH_FIELDS.get(value, value)
    if code == "innovation_score" and isinstance(value, list | tuple):
        low, high = value
        return f"{low}分" if low == high else f"{low}–{high}分"
    if code in {"core_ip"}:
        return f"{value}项"
    if code in {"score"}:
        return f"{value}分"
    if code == "employees":
        return f"{value}人"
    if code in {"revenue", "total_assets"}:
        return f"{_number(value)}万元"
    return str(value)


@register.filter
def condition_value(condition):
    return _figure(condition["code"], condition.get("value"))


@register.filter
def condition_required(condition):
    code, required = condition["code"], condition.get("required")
    if required is None:
        return "—"
    if code in RATIO_CODES:
        return "≥" + _figure(code, required)
    if code == "innovation_score":
        return f"≥{required}分"
    if code in {"revenue", "total_assets", "employees"}:
        return "≤" + _figure(code, required)
    if code == "score":
        return f"≥{required}分"
    return "≥" + _figure(code, required)


@register.filter
def condition_gap(condition):
    gap, unit = condition.get("gap"), condition.get("gap_unit") or ""
    if gap is None:
        return "—"
    if not gap:
        return "—"
    return f"{_number(gap)}{unit}"


@register.filter
def status_badge(status):
    css, label, icon = STATUS.get(status, ("text-bg-secondary", status, "dot"))
    return format_html('<span class="badge {}"><i class="bi bi-{}"></i> {}</span>', css, icon, label)


@register.filter
def eligible_badge(eligible):
    return status_badge({True: "pass", False: "fail", None: "unknown"}[eligible])


@register.filter
def stage(value):
    return stage_badge(value)


@register.filter
def money(value):
    """万元 figures: thousands separators, no trailing zeros; — when not collected."""
    if value is None or value == "":
        return "—"
    return _number(float(value))


@register.filter
def days_after(day, today):
    """Days from `today` to `day` (negative when it is past)."""
    return (day - today).days
