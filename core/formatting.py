"""The one date format and the one money format of the portal (docs/decisions.md, "One format").

Pages (through the `portal_format` template filters `day` and `money`), the diagnosis texts,
the KPI pages and the services' messages all read these two functions, so a date or a sum
reads the same wherever it is shown:

- a date is ISO, as the tables, the date pickers and the exports already show it: 2023-03-01;
- money is kept in 万元 and shown with thousands separators and at most two decimals
  (1,234.5万元); from 1亿 up (10,000万元) it is shown in 亿元, exact to the 万元
  (2亿元, 1.25亿元, 2.0001亿元).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WAN_PER_YI = Decimal(10000)  # 1亿元 = 10000万元; the portal keeps money in 万元
CENT = Decimal("0.01")
YI_PLACES = Decimal("0.0001")  # 亿元 to the 万元
DATE_FORMAT = "%Y-%m-%d"


def format_day(value) -> str:
    """A date (or datetime, shown as its local date) as 2023-03-01; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def _strip(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number(d: Decimal) -> str:
    """1234.50 → "1,234.5"; 1234.00 → "1,234"."""
    return _strip(f"{d:,.2f}")


def format_money(value, *, unit: bool = True) -> str:
    """万元 money as the portal shows it: "1,234.5万元", from 1亿 up "1.25亿元"; "" for None.

    `unit=False` leaves the unit off below 1亿 (a table column headed 万元); 亿元 always says so.
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    amount = amount.quantize(CENT, ROUND_HALF_UP)  # what would be shown decides 万元 or 亿元
    if abs(amount) >= WAN_PER_YI:
        # Exact to the 万元 (up to four decimals of 亿): 20,001万元 is 2.0001亿元, never "2亿元",
        # which a 不超过2亿元 condition would show as equal to its limit.
        yi = (amount / WAN_PER_YI).quantize(YI_PLACES, ROUND_HALF_UP)
        return _strip(f"{yi:,.4f}") + "亿元"
    return _number(amount) + ("万元" if unit else "")
