"""`{{ value|day }}` and `{{ value|money }}`: the portal's one date and one money format (core.formatting)."""

from django import template

from core.formatting import format_day, format_money

register = template.Library()


@register.filter
def day(value):
    """A date as 2023-03-01 (an empty value shows nothing)."""
    return format_day(value)


@register.filter
def money(value, unit=True):
    """万元 money as 1,234.5万元, from 1亿 up as 1.25亿元; `|money:False` drops 万元 in a 万元 column."""
    return format_money(value, unit=unit not in (False, "False", "0", ""))


@register.filter
def days_since(value, today=None):
    """Whole days from a date to today (0 for today or a later date; "" for None): 已等待N天."""
    import datetime as dt

    from django.utils import timezone

    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    today = today or timezone.localdate()
    return max((today - value).days, 0)
