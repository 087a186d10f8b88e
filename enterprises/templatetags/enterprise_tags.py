"""Display of diagnosis figures and pool stages in templates (units the bureau reads)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money

from ..diagnosis import TECH_FIELDS, Status
from ..tables import stage_badge

register = template.Library()

STATUS = {
    Status.PASS: ("text-bg-success", _("符合"), "check-circle"),
    Status.FAIL: ("text-bg-danger", _("不符合"), "x-circle"),
    Status.UNKNOWN: ("text-bg-warning", _("待核实"), "question-circle"),
}


def _number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _figure(value, unit):
    """A condition's figure in the unit it is measured in (a ratio as a percentage)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        low, high = value
        return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"
    if unit == "%":
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if unit == "万元":
        return format_money(value)
    if not unit:  # a 技术领域 code, shown by its label
        return str(TECH_FIELDS.get(value, value))
    return f"{value}{unit}"


@register.filter
def condition_value(condition):
    return _figure(condition.value, condition.value_unit)


@register.filter
def condition_required(condition):
    if condition.required is None:
        return "—"
    return ("≤" if condition.at_most else "≥") + _figure(condition.required, condition.value_unit)


@register.filter
def condition_gap(condition):
    if not condition.gap:  # None, or 0 when passing
        return "—"
    return f"{_number(condition.gap)}{condition.gap_unit}"


@register.filter
def status_badge(status):
    css, label, icon = STATUS.get(status, ("text-bg-secondary", status, "dot"))
    return format_html('<span class="badge {}"><i class="bi bi-{}"></i> {}</span>', css, icon, label)


@register.filter
def eligible_badge(eligible):
    return status_badge({True: Status.PASS, False: Status.FAIL, None: Status.UNKNOWN}[eligible])


@register.filter
def stage(value):
    return stage_badge(value)


@register.filter
def money(value):
    """万元 figures in a 万元 column: the portal's one money format (core.formatting), — when not collected."""
    if value is None or value == "":
        return "—"
    return format_money(value, unit=False)


@register.filter
def days_after(day, today):
    """Days from `today` to `day` (negative when it is past)."""
    return (day - today).days
