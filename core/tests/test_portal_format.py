"""The one date and money format (core.formatting) and its template filters (issue 9)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from core.formatting import format_day, format_money


@pytest.mark.parametrize(
    "value, text",
    [
        (Decimal("126.5"), "126.5万元"),
        (Decimal("126.50"), "126.5万元"),
        (5000, "5,000万元"),
        (Decimal("9999.99"), "9,999.99万元"),
        (Decimal("9999.995"), "1亿元"),  # rounds to 10,000万元, shown as 亿元
        (10000, "1亿元"),
        (Decimal("12345.67"), "1.2346亿元"),  # exact to the 万元
        (20001, "2.0001亿元"),  # never shown as its 2亿 limit
        (20000, "2亿元"),
        (Decimal("1234567"), "123.4567亿元"),
        (0, "0万元"),
        (Decimal("-1500"), "-1,500万元"),
        (None, ""),
        ("", ""),
    ],
)
def test_money(value, text):
    assert format_money(value) == text


def test_money_without_unit_in_a_wan_column():
    assert format_money(Decimal("1234.5"), unit=False) == "1,234.5"
    assert format_money(Decimal("20000"), unit=False) == "2亿元"  # 亿元 always says so


def test_day():
    assert format_day(dt.date(2023, 3, 1)) == "2023-03-01"
    assert format_day(dt.datetime(2023, 3, 1, 23, 30)) == "2023-03-01"
    assert format_day(None) == ""


def test_the_template_filters_read_the_same_functions():
    out = Template(
        "{% load portal_format %}{{ d|day }} {{ m|money }} {{ m|money:False }} {{ big|money }} {{ none|day }}"
    ).render(Context({"d": dt.date(2023, 6, 30), "m": Decimal("1234.5"), "big": 25000, "none": None}))
    assert out == "2023-06-30 1,234.5万元 1,234.5 2.5亿元 "


def test_days_since():
    today = dt.date(2023, 6, 30)
    out = Template("{% load portal_format %}{{ d|days_since:today }}").render(
        Context({"d": dt.date(2023, 6, 1), "today": today})
    )
    assert out == "29"


def test_the_diagnosis_texts_use_the_same_format():
    from enterprises.diagnosis.common import day_text, wan, yi

    assert wan(Decimal("5000")) == format_money(5000) == "5,000万元"
    assert yi(Decimal("20000")) == "2亿元"
    assert day_text(dt.date(2015, 1, 1)) == "2015-01-01"


def test_the_enterprise_page_filter_uses_the_same_format():
    from enterprises.templatetags.enterprise_tags import money

    assert money(Decimal("1234.50")) == "1,234.5"
    assert money(Decimal("30000")) == "3亿元"
    assert money(None) == "—"
