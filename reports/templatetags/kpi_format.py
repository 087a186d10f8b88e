"""How KPI figures are written on the pages: 1,118 / 98.8 / 62.8%."""

from django import template

from reports.selectors import number

register = template.Library()


@register.filter
def pct(fraction, places=1):
    """0.628 → 62.8%; None → —."""
    if fraction is None or fraction == "":
        return "—"
    return f"{float(fraction) * 100:.{int(places)}f}%"


@register.filter
def figure(value):
    """A KPI value or target: thousands separators, no trailing zeros; None → —."""
    value = number(value)
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


@register.filter
def bar_width(fraction):
    """A completion as a progress-bar width in percent, capped at 100."""
    if fraction is None:
        return 0
    return round(min(max(float(fraction), 0.0), 1.0) * 100, 1)
