"""The activity services: every refusal in Chinese on its field, nothing half-saved."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from investment import services
from investment.models import ClientVisit, Fund, FundStage, FundStageChange, InvestmentEvent
from investment.tests.factories_activity import EventFactory, FundFactory, MemberFactory, ProjectFactory, at

pytestmark = pytest.mark.django_db


def errors(exc):
    return {k: " ".join(v) for k, v in exc.value.message_dict.items()}


def test_a_visit_in_the_future_is_refused(changle, officer):
    member = MemberFactory(town=changle)
    later = timezone.now() + dt.timedelta(hours=2)
    with pytest.raises(ValidationError) as exc:
        services.client_visit_record(
            instance=ClientVisit(member=member, visited_at=later, counterpart="甲公司"), user=officer
        )
    assert "晚于现在" in errors(exc)["visited_at"]
    assert not ClientVisit.objects.exists()


def test_a_visit_by_someone_not_on_the_team_is_refused(changle, officer):
    left = MemberFactory(town=changle, name="李离队", active_from=dt.date(2023, 1, 1), active_to=dt.date(2023, 3, 31))
    not_yet = MemberFactory(town=changle, name="王新人", active_from=dt.date(2023, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.client_visit_record(
            instance=ClientVisit(member=left, visited_at=at(dt.date(2023, 4, 3)), counterpart="乙公司"), user=officer
        )
    assert "李离队" in errors(exc)["member"] and "已于 2023-03-31 离开科技招商队伍" in errors(exc)["member"]
    with pytest.raises(ValidationError) as exc:
        services.client_visit_record(
            instance=ClientVisit(member=not_yet, visited_at=at(dt.date(2023, 5, 3)), counterpart="乙公司"), user=officer
        )
    assert "尚未加入科技招商队伍" in errors(exc)["member"]
    with pytest.raises(ValidationError) as exc:
        services.client_visit_record(
            instance=ClientVisit(visited_at=at(dt.date(2023, 5, 3)), counterpart="乙"), user=officer
        )
    assert "请选择拜访人" in errors(exc)["member"]
    assert not ClientVisit.objects.exists()


def test_an_officer_records_visits_of_their_own_towns_members_only(changle, sanxing, officer):
    theirs = MemberFactory(town=sanxing)
    with pytest.raises(ValidationError) as exc:
        services.client_visit_record(
            instance=ClientVisit(member=theirs, visited_at=at(dt.date(2023, 5, 3)), counterpart="丙"), user=officer
        )
    assert "本区镇" in errors(exc)["member"]
    mine = MemberFactory(town=changle)
    visit = services.client_visit_record(
        instance=ClientVisit(member=mine, visited_at=at(dt.date(2023, 5, 3)), counterpart="丙", city="深圳市"),
        user=officer,
    )
    assert visit.city == "深圳"


def test_an_event_in_the_future_is_refused_with_nothing_saved(staff_user, changle):
    member = MemberFactory(town=changle)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    event = InvestmentEvent(kind="topic", held_on=tomorrow, title="明天的活动", host="区科技局")
    with pytest.raises(ValidationError) as exc:
        services.event_save(instance=event, user=staff_user, members=[member], projects=[])
    assert "晚于今天" in errors(exc)["held_on"]
    assert not InvestmentEvent.objects.exists()


def test_an_event_keeps_its_projects_and_members_and_refuses_a_member_not_on_the_team(staff_user, changle):
    project = ProjectFactory(town=changle)
    member = MemberFactory(town=changle)
    gone = MemberFactory(town=changle, name="赵已走", active_to=dt.date(2023, 2, 1))
    event = InvestmentEvent(kind="roadshow", held_on=dt.date(2023, 5, 26), title="路演", host="创新中心", city="海门区")
    with pytest.raises(ValidationError) as exc:
        services.event_save(instance=event, user=staff_user, projects=[project], members=[member, gone])
    assert "赵已走" in errors(exc)["members"]
    assert not InvestmentEvent.objects.exists()
    event = InvestmentEvent(kind="roadshow", held_on=dt.date(2023, 5, 26), title="路演", host="创新中心", city="海门区")
    services.event_save(instance=event, user=staff_user, projects=[project], members=[member])
    event.refresh_from_db()
    assert event.city == "海门" and list(event.projects.all()) == [project] and list(event.members.all()) == [member]
    twin = InvestmentEvent(kind="topic", held_on=dt.date(2023, 5, 26), title="路演", host="x")
    with pytest.raises(ValidationError) as exc:
        services.event_save(instance=twin, user=staff_user)
    assert "已有名为“路演”的活动" in errors(exc)["title"]


def test_a_town_member_needs_a_town_and_dates_in_order(staff_user):
    from investment.models import TeamMember

    with pytest.raises(ValidationError) as exc:
        services.member_save(
            instance=TeamMember(
                name="甲", unit_kind="town", unit_name="常乐镇", active_from=dt.date(2023, 3, 1),
                active_to=dt.date(2023, 2, 1),
            ),
            user=staff_user,
        )  # fmt: skip
    assert "须填写所属区镇" in errors(exc)["town"] and "早于入队日期" in errors(exc)["active_to"]


def test_a_fund_raised_above_its_target_needs_a_reason(staff_user):
    fund = FundFactory.build(target_size=100000, raised_size=120000)
    with pytest.raises(ValidationError) as exc:
        services.fund_save(instance=fund, user=staff_user)
    assert "超过目标规模" in errors(exc)["raised_size"] and "超募说明" in errors(exc)["raised_size"]
    assert not Fund.objects.exists() and not FundStageChange.objects.exists()
    fund = FundFactory.build(target_size=100000, raised_size=120000, over_target_reason="社会资本超额认缴")
    services.fund_save(instance=fund, user=staff_user, on=dt.date(2023, 3, 1))
    assert Fund.objects.get().stage == FundStage.PREPARING


def test_fund_moves_through_the_workflow_with_history(staff_user, officer):
    fund = services.fund_save(instance=FundFactory.build(), user=staff_user, on=dt.date(2023, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.fund_advance(fund=fund, to_stage=FundStage.OPERATING, user=staff_user, on=dt.date(2023, 4, 1))
    assert "不能直接改为“运作”" in errors(exc)["stage"]
    with pytest.raises(ValidationError):
        services.fund_advance(fund=fund, to_stage=FundStage.ESTABLISHED, user=staff_user, on=dt.date(2023, 2, 1))
    services.fund_advance(fund=fund, to_stage=FundStage.ESTABLISHED, user=staff_user, on=dt.date(2023, 5, 1))
    fund = services.fund_advance(fund=fund, to_stage=FundStage.OPERATING, user=staff_user, on=dt.date(2023, 6, 1))
    moves = list(fund.changes.values_list("from_stage", "to_stage", "on"))
    assert moves == [
        ("", "preparing", dt.date(2023, 3, 1)),
        ("preparing", "established", dt.date(2023, 5, 1)),
        ("established", "operating", dt.date(2023, 6, 1)),
    ]
    with pytest.raises(PermissionDenied):
        services.fund_advance(fund=fund, to_stage=FundStage.OPERATING, user=officer)


def test_fund_workflow_allows_exactly_these_moves():
    from investment.models import FUND_WORKFLOW

    oracle = {"preparing": ["established"], "established": ["operating"], "operating": []}
    assert {s: FUND_WORKFLOW.next_stages(s) for s in oracle} == oracle


def test_events_of_a_project_and_visits_reach_it(staff_user, changle):
    project = ProjectFactory(town=changle)
    event = EventFactory()
    event.projects.add(project)
    assert list(project.events.all()) == [event]
