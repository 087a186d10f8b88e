"""The weekly rule (investment/rules.py) at its boundaries: Monday 00:00 Asia/Shanghai, a visit at
Sunday 23:59, days out from visits and from away events counted once, members on the team the
whole week only. The oracle is written out by hand for each case."""

import datetime as dt

import pytest

from investment import rules, selectors
from investment.models import TeamMember
from investment.tests.factories_activity import EventFactory, MemberFactory, VisitFactory, at

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2023, 3, 6)
SUNDAY = dt.date(2023, 3, 12)
NEXT_MONDAY = dt.date(2023, 3, 13)


def week(member, monday=MONDAY):
    row = selectors.with_week(TeamMember.objects.filter(pk=member.pk), monday).values("days_out", "visits")[0]
    return row["days_out"], row["visits"]


def test_week_bounds_are_mondays_in_shanghai():
    start, end = rules.week_bounds(MONDAY)
    assert start.isoformat() == "2023-03-06T00:00:00+08:00" and end.isoformat() == "2023-03-13T00:00:00+08:00"
    assert rules.week_of(at(SUNDAY, 23, 59)) == MONDAY
    assert rules.week_of(at(NEXT_MONDAY, 0, 0)) == NEXT_MONDAY
    assert rules.last_full_week(dt.date(2023, 6, 30)) == dt.date(2023, 6, 19)  # a Friday: the week before
    assert rules.last_full_week(dt.date(2023, 6, 25)) == dt.date(2023, 6, 19)  # a Sunday: its own week


def test_a_visit_at_sunday_2359_is_that_week_and_monday_0000_the_next(changle):
    member = MemberFactory(town=changle)
    VisitFactory(member=member, visited_at=at(SUNDAY, 23, 59))
    VisitFactory(member=member, visited_at=at(NEXT_MONDAY, 0, 0))
    assert week(member) == (1, 1)
    assert week(member, NEXT_MONDAY) == (1, 1)


def test_days_are_shanghai_days_not_utc_days(changle):
    # 00:30 on Tuesday in Haimen is Monday 16:30 UTC: it is Tuesday's visit, a second day out.
    member = MemberFactory(town=changle)
    VisitFactory(member=member, visited_at=at(MONDAY, 10, 0))
    VisitFactory(member=member, visited_at=at(MONDAY + dt.timedelta(days=1), 0, 30))
    assert week(member) == (2, 2)


def test_days_out_count_visit_days_and_away_events_once(changle, staff_user):
    from investment import services
    from investment.models import InvestmentEvent

    member = MemberFactory(town=changle)
    tuesday, wednesday, thursday = (MONDAY + dt.timedelta(days=d) for d in (1, 2, 3))
    VisitFactory.create_batch(3, member=member, visited_at=at(tuesday, 14))  # one day, three visits
    away = EventFactory(held_on=wednesday, city="深圳")  # a day out with no visit
    same_day = EventFactory(held_on=tuesday, city="上海")  # already a visit day: not twice
    for event in (away, same_day):
        event.members.add(member)
    at_home = InvestmentEvent(
        kind="alliance", held_on=thursday, title="载体联盟例会", city="南通市海门区", host="区科技局"
    )
    services.event_save(instance=at_home, user=staff_user, members=[member])  # stored as 海门: not a day out
    assert week(member) == (2, 3)


@pytest.mark.parametrize(
    "days,visits,short",
    [((1, 2, 3), 6, False), ((1, 2), 6, True), ((1, 2, 3), 5, True), ((1, 2, 3, 4, 5), 10, False)],
)
def test_short_of_the_rule(changle, days, visits, short):
    member = MemberFactory(town=changle)
    for i in range(visits):
        day = MONDAY + dt.timedelta(days=days[i % len(days)] - 1)
        VisitFactory(member=member, visited_at=at(day, 9 + i % 8))
    assert rules.falls_short(*week(member)) is short
    ids = set(selectors.short_member_ids(MONDAY).values_list("pk", flat=True))
    assert (member.pk in ids) is short


def test_only_members_on_the_team_the_whole_week(changle, staff_user):
    whole = MemberFactory(town=changle, active_from=dt.date(2023, 1, 1))
    joined_thursday = MemberFactory(town=changle, active_from=MONDAY + dt.timedelta(days=3))
    left_friday = MemberFactory(town=changle, active_from=dt.date(2023, 1, 1), active_to=MONDAY + dt.timedelta(days=4))
    listed = set(selectors.team_week(staff_user, MONDAY).values_list("pk", flat=True))
    assert listed == {whole.pk}
    assert joined_thursday.pk not in set(selectors.short_member_ids(MONDAY).values_list("pk", flat=True))
    assert left_friday.pk not in listed


def test_an_officer_sees_their_towns_members_only(changle, sanxing, officer):
    mine = MemberFactory(town=changle)
    MemberFactory(town=sanxing)
    MemberFactory(town=None, unit_kind="office")
    assert list(selectors.team_week(officer, MONDAY, only_short=True).values_list("pk", flat=True)) == [mine.pk]


def test_shortfall_text():
    assert rules.shortfall_text(1, 6) == "外出少2天"
    assert rules.shortfall_text(3, 4) == "拜访少2个"
    assert rules.shortfall_text(0, 0) == "外出少3天；拜访少6个"
    assert rules.shortfall_text(3, 6) == ""


def test_cities():
    assert rules.normalize_city("南通市海门区") == "海门" and rules.normalize_city("") == "海门"
    assert rules.normalize_city(" 深圳市 ") == "深圳" and rules.is_away("上海") and not rules.is_away("海门区常乐镇")
