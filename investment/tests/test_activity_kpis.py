"""Every activity KPI against hand-built records (and once through the by-town table)."""

import datetime as dt
from decimal import Decimal

import pytest

from investment import services
from investment.models import FundStage
from investment.tests.factories_activity import EventFactory, FundFactory, MemberFactory, VisitFactory, at
from reports import selectors as report_selectors
from reports.periods import make_period
from reports.registry import get_kpi

pytestmark = pytest.mark.django_db
H1 = make_period(2023, "H1")
H2 = make_period(2023, "H2")


def figure(code, period=H1, town=None):
    kpi = get_kpi(code)
    return kpi.figure(kpi.records_for(period, town).aggregate(**kpi.aggregates_for(period)))


def by_town(code, period=H1):
    return {
        (row.town.name if row.town else None): row.figure.actual
        for row in report_selectors.compute_by_town(get_kpi(code), period)
    }


def test_events_and_roadshows_count_each_event_once_by_kind_and_date(changle, sanxing):
    for kind in ("topic", "promotion", "camp", "contest", "alliance"):
        EventFactory(kind=kind, held_on=dt.date(2023, 6, 30), town=changle)
    EventFactory(kind="roadshow", held_on=dt.date(2023, 5, 26), town=sanxing)
    EventFactory(kind="roadshow", held_on=dt.date(2023, 1, 1))  # district-wide
    EventFactory(kind="topic", held_on=dt.date(2023, 7, 1), town=changle)  # H2
    EventFactory(kind="topic", held_on=dt.date(2022, 12, 31))  # last year
    assert figure("invest.events") == 5 and figure("invest.roadshows") == 2
    assert figure("invest.events", H2) == 1
    assert figure("invest.events", town=changle) == 5 and figure("invest.roadshows", town=sanxing) == 1
    assert by_town("invest.roadshows") == {"常乐镇": 0, "三星镇": 1, None: 1} | {
        k: v for k, v in by_town("invest.roadshows").items() if k not in ("常乐镇", "三星镇", None)
    }


def test_client_visits_by_shanghai_moment_and_the_members_town(changle, sanxing):
    mine = MemberFactory(town=changle)
    theirs = MemberFactory(town=sanxing)
    VisitFactory(member=mine, visited_at=at(dt.date(2023, 6, 30), 23, 59))  # H1 in Haimen (15:59 UTC)
    VisitFactory(member=mine, visited_at=at(dt.date(2023, 7, 1), 0, 0))  # H2 in Haimen (still 30 June in UTC)
    VisitFactory(member=theirs, visited_at=at(dt.date(2023, 1, 1), 0, 0))
    VisitFactory(member=theirs, visited_at=at(dt.date(2022, 12, 31), 23, 59))
    assert figure("invest.client_visits") == 2 and figure("invest.client_visits", H2) == 1
    assert figure("invest.client_visits", town=sanxing) == 1
    table = by_town("invest.client_visits")
    assert table["常乐镇"] == 1 and table["三星镇"] == 1


def test_a_member_moved_between_towns_counts_where_they_are_now(changle, sanxing):
    member = MemberFactory(town=changle)
    VisitFactory(member=member, visited_at=at(dt.date(2023, 3, 1)))
    member.town = sanxing
    member.save()
    assert figure("invest.client_visits", town=changle) == 0 and figure("invest.client_visits", town=sanxing) == 1
    assert figure("invest.client_visits") == 1  # the district's figure does not move


def test_team_is_a_snapshot_on_the_last_day(changle):
    MemberFactory(town=changle, active_from=dt.date(2023, 1, 1))
    MemberFactory(town=changle, active_from=dt.date(2023, 6, 30))  # joined on the last day: counts
    MemberFactory(town=changle, active_from=dt.date(2023, 7, 1))  # after
    MemberFactory(town=changle, active_from=dt.date(2023, 1, 1), active_to=dt.date(2023, 6, 29))  # left before
    MemberFactory(town=changle, active_from=dt.date(2023, 1, 1), active_to=dt.date(2023, 6, 30))  # left on the day
    MemberFactory(town=None, unit_kind="fund", unit_name="海望东洲股权投资基金", active_from=dt.date(2023, 2, 1))
    assert figure("invest.team") == 4
    assert figure("invest.team", town=changle) == 3
    assert figure("invest.team", H2) == 4  # on 31 December: the July joiner in, the two leavers out


def test_team_short_counts_last_whole_week_before_the_period_end(changle):
    week = dt.date(2023, 6, 19)  # H1 ends on Friday 30 June: the last whole week is 19–25 June
    ok = MemberFactory(town=changle)
    short = MemberFactory(town=changle)
    for i in range(6):
        VisitFactory(member=ok, visited_at=at(week + dt.timedelta(days=i % 3), 9 + i))
    VisitFactory(member=short, visited_at=at(week, 10))
    VisitFactory.create_batch(6, member=short, visited_at=at(dt.date(2023, 6, 27), 10))  # the week after
    assert figure("invest.team_short") == 1
    assert set(get_kpi("invest.team_short").records_for(H1).values_list("pk", flat=True)) == {short.pk}


def test_fund_raised_in_yi_of_funds_counted_as_new_by_the_period_end(staff_user):
    def fund(on, raised, new=True):
        return services.fund_save(
            instance=FundFactory.build(raised_size=Decimal(raised), target_size=Decimal(500000), counts_as_new=new),
            user=staff_user,
            on=on,
        )

    first = fund(dt.date(2023, 2, 1), 300000)
    fund(dt.date(2023, 3, 1), 55000)
    fund(dt.date(2023, 3, 1), 90000, new=False)  # not a new fund: 三个一百 does not count it
    fund(dt.date(2023, 8, 1), 100000)  # entered after H1
    services.fund_advance(fund=first, to_stage=FundStage.ESTABLISHED, user=staff_user, on=dt.date(2023, 5, 1))
    assert figure("invest.fund_raised") == Decimal("35.5")
    assert figure("invest.fund_raised", make_period(2023, "Y")) == Decimal("45.5")


def test_every_activity_kpi_computes_by_town(changle):
    MemberFactory(town=changle)
    for code in ("invest.events", "invest.roadshows", "invest.client_visits", "invest.team", "invest.team_short",
                 "invest.fund_raised"):  # fmt: skip
        assert report_selectors.compute_by_town(get_kpi(code), H1), code
