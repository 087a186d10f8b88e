"""The monthly rule (≥2 产学研活动 a month) at month boundaries, and the 万元 → 亿元 conversion."""

import datetime as dt
from decimal import Decimal

import pytest

from cooperation import rules, selectors
from cooperation.models import EventKind
from cooperation.tests.factories import IAEventFactory

pytestmark = pytest.mark.django_db


def by_month(user, year=2023, today=dt.date(2024, 1, 15)):
    return {r["month"]: r for r in selectors.monthly_activities(user, year, today=today)}


def test_activities_are_counted_in_the_month_of_their_day(staff_user, changle):
    # Two activities on the last day of January and one on 1 February: January meets the rule,
    # February does not (one activity), whatever the hour the first was recorded.
    IAEventFactory(town=changle, held_on=dt.date(2023, 1, 31))
    IAEventFactory(town=changle, held_on=dt.date(2023, 1, 31))
    IAEventFactory(town=changle, held_on=dt.date(2023, 2, 1))
    # 28 February and 1 March: the end of a short month.
    IAEventFactory(town=changle, held_on=dt.date(2023, 2, 28))
    IAEventFactory(town=changle, held_on=dt.date(2023, 3, 1))
    # A clinic is no 产学研活动; December 2022 and January 2024 belong to other years.
    IAEventFactory(town=changle, held_on=dt.date(2023, 3, 31), kind=EventKind.CLINIC, expert="专家")
    IAEventFactory(town=changle, held_on=dt.date(2022, 12, 31))
    IAEventFactory(town=changle, held_on=dt.date(2024, 1, 1))
    months = by_month(staff_user)
    assert [months[m]["count"] for m in (1, 2, 3, 4)] == [2, 2, 1, 0]
    assert [months[m]["state"] for m in (1, 2, 3, 4)] == ["met", "met", "missed", "missed"]
    summary = selectors.monthly_summary(list(months.values()))
    assert summary == {"total": 5, "met": 2, "missed": 10, "required": rules.MONTHLY_ACTIVITIES}


def test_a_running_month_is_not_yet_missed_and_a_future_one_not_judged(staff_user, changle):
    IAEventFactory(town=changle, held_on=dt.date(2023, 6, 1))
    months = by_month(staff_user, today=dt.date(2023, 6, 30))
    assert months[6]["state"] == "running"  # the last day of June: one activity, still possible
    assert months[7]["state"] == "future"
    months = by_month(staff_user, today=dt.date(2023, 7, 1))
    assert months[6]["state"] == "missed" and months[7]["state"] == "running"
    IAEventFactory(town=changle, held_on=dt.date(2023, 6, 30))
    assert by_month(staff_user, today=dt.date(2023, 6, 30))[6]["state"] == "met"


def test_an_officer_sees_their_towns_months(officer, changle, sanxing):
    IAEventFactory(town=changle, held_on=dt.date(2023, 5, 3))
    IAEventFactory(town=sanxing, held_on=dt.date(2023, 5, 4))
    IAEventFactory(town=None, held_on=dt.date(2023, 5, 5))  # the district's own
    assert by_month(officer)[5]["count"] == 1


def test_wan_to_yi():
    assert rules.wan_to_yi(Decimal("280200")) == Decimal("28.0200")
    assert rules.wan_to_yi(Decimal("39535")) == Decimal("3.9535")
    assert rules.wan_to_yi(Decimal("0.5")) == Decimal("0.0001")  # half up
    assert rules.wan_to_yi(None) == Decimal("0.0000")
