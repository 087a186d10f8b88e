"""The project workflow on every move (against an oracle written out by hand), every refusal in
Chinese with nothing half-saved, two people moving one card, marking 重点, recognition, 转为项目."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from investment import services
from investment.models import InvestmentLead, InvestmentProject, LeadStatus, ProjectStage, ProjectStageChange
from investment.tests.factories import make_lead, make_project, signed

pytestmark = pytest.mark.django_db

S = ProjectStage
# The allowed moves, written out by hand (not read from PROJECT_WORKFLOW): one step forward along
# 线索 → 在谈 → 签约 → 落地, or 终止 from any stage still open; nothing out of 落地 or 终止.
ALLOWED = {
    (S.LEAD, S.TALKING),
    (S.LEAD, S.DROPPED),
    (S.TALKING, S.SIGNED),
    (S.TALKING, S.DROPPED),
    (S.SIGNED, S.LANDED),
    (S.SIGNED, S.DROPPED),
}
PATH_TO = {
    S.LEAD: [],
    S.TALKING: [S.TALKING],
    S.SIGNED: [S.TALKING, S.SIGNED],
    S.LANDED: [S.TALKING, S.SIGNED, S.LANDED],
    S.DROPPED: [S.DROPPED],
}


def at(stage, town, user):
    """A project brought to `stage` by allowed moves, one day apart from 1 Jan 2023."""
    days = (dt.date(2023, 1, 2) + dt.timedelta(days=i) for i in itertools.count())
    return make_project(town, user, [(s, next(days)) for s in PATH_TO[stage]], start=dt.date(2023, 1, 1))


@pytest.mark.parametrize("from_stage,to_stage", list(itertools.product(list(S), list(S))))
def test_every_move_against_the_oracle(changle, staff_user, from_stage, to_stage):
    project = at(from_stage, changle, staff_user)
    before = ProjectStageChange.objects.filter(project=project).count()
    on = dt.date(2023, 2, 1)
    if (from_stage, to_stage) in ALLOWED:
        moved = services.project_move(project=project, to_stage=to_stage, user=staff_user, on=on)
        assert (moved.stage, moved.stage_on) == (to_stage, on)
        last = ProjectStageChange.objects.filter(project=project).latest("id")
        assert (last.from_stage, last.to_stage, last.on, last.changed_by) == (from_stage, to_stage, on, staff_user)
    else:
        with pytest.raises(ValidationError) as refused:
            services.project_move(project=project, to_stage=to_stage, user=staff_user, on=on)
        assert "不能直接改为" in str(refused.value)
        project.refresh_from_db()
        assert project.stage == from_stage
        assert ProjectStageChange.objects.filter(project=project).count() == before


def test_landed_before_signed_is_refused_in_chinese(changle, staff_user):
    project = at(S.TALKING, changle, staff_user)
    with pytest.raises(ValidationError) as refused:
        services.project_move(project=project, to_stage=S.LANDED, user=staff_user, on=dt.date(2023, 3, 1))
    assert "当前为“在谈”，不能直接改为“落地”" in str(refused.value)
    assert "可转入：签约、终止" in str(refused.value)


def test_future_and_earlier_dates_are_refused(changle, staff_user):
    project = at(S.TALKING, changle, staff_user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.project_move(project=project, to_stage=S.SIGNED, user=staff_user, on=tomorrow)
    assert "晚于今天" in str(refused.value) and "不能填写将来的日期" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.project_move(project=project, to_stage=S.SIGNED, user=staff_user, on=dt.date(2022, 12, 1))
    assert "早于上一阶段的日期" in str(refused.value)
    project.refresh_from_db()
    assert project.stage == S.TALKING


def test_a_new_project_dated_in_the_future_is_refused(changle, staff_user):
    from investment.tests.factories import direction

    d = direction()
    project = InvestmentProject(name="未来项目", chain=d.chain, direction=d, town=changle)
    with pytest.raises(ValidationError):
        services.project_save(instance=project, user=staff_user, on=timezone.localdate() + dt.timedelta(days=3))
    assert not InvestmentProject.objects.filter(name="未来项目").exists()


def test_two_people_moving_the_same_card_the_second_is_told(changle, staff_user, make_user):
    colleague = make_user("colleague", "bureau_staff")
    colleague.last_name, colleague.first_name = "李", "同事"
    colleague.save()
    project = at(S.TALKING, changle, staff_user)
    # Both saw the card in 在谈; the colleague drops it first.
    services.project_move(project=project, to_stage=S.DROPPED, user=colleague, seen_stage=S.TALKING)
    with pytest.raises(ValidationError) as refused:
        services.project_move(project=project, to_stage=S.SIGNED, user=staff_user, seen_stage=S.TALKING)
    message = str(refused.value)
    assert "已被李同事改为“终止”" in message and "您看到的是“在谈”" in message and "没有保存" in message
    project.refresh_from_db()
    assert project.stage == S.DROPPED
    assert list(project.changes.values_list("to_stage", flat=True)) == [S.LEAD, S.TALKING, S.DROPPED]


def test_same_move_twice_from_a_stale_board_is_refused_not_doubled(changle, staff_user):
    project = at(S.TALKING, changle, staff_user)
    services.project_move(project=project, to_stage=S.SIGNED, user=staff_user, seen_stage=S.TALKING)
    with pytest.raises(ValidationError):
        services.project_move(project=project, to_stage=S.SIGNED, user=staff_user, seen_stage=S.TALKING)
    assert project.changes.filter(to_stage=S.SIGNED).count() == 1


def test_leaders_look_only(changle, staff_user, leader_user):
    project = at(S.TALKING, changle, staff_user)
    with pytest.raises(PermissionDenied):
        services.project_move(project=project, to_stage=S.SIGNED, user=leader_user)
    with pytest.raises(PermissionDenied):
        services.project_mark_key(project=project, user=leader_user)


def test_officer_moves_own_town_but_cannot_move_a_project_out_of_it(changle, sanxing, officer, staff_user):
    project = at(S.TALKING, changle, staff_user)
    moved = services.project_move(project=project, to_stage=S.SIGNED, user=officer, on=dt.date(2023, 3, 1))
    assert moved.stage == S.SIGNED
    project.refresh_from_db()
    project.town = sanxing
    with pytest.raises(ValidationError) as refused:
        services.project_save(instance=project, user=officer)
    assert "只能维护本区镇" in str(refused.value)


def test_mark_key_and_recognition(changle, staff_user):
    project = at(S.TALKING, changle, staff_user)
    project = services.project_mark_key(project=project, user=staff_user, is_key=True)
    assert InvestmentProject.objects.get(pk=project.pk).is_key
    with pytest.raises(ValidationError) as refused:  # not signed yet
        services.project_recognize(project=project, user=staff_user, on=dt.date(2023, 3, 1))
    assert "尚未签约" in str(refused.value)
    project = services.project_move(project=project, to_stage=S.SIGNED, user=staff_user, on=dt.date(2023, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.project_recognize(project=project, user=staff_user, on=timezone.localdate() + dt.timedelta(days=1))
    assert "晚于今天" in str(refused.value)
    project = services.project_recognize(project=project, user=staff_user, on=dt.date(2023, 4, 2))
    assert InvestmentProject.objects.get(pk=project.pk).nt_recognized_on == dt.date(2023, 4, 2)
    # Dropped after signing: the recognition stays.
    services.project_move(project=project, to_stage=S.DROPPED, user=staff_user, on=dt.date(2023, 8, 1))
    assert InvestmentProject.objects.get(pk=project.pk).nt_recognized_on == dt.date(2023, 4, 2)


def test_direction_must_belong_to_the_chain(changle, staff_user):
    from investment.tests.factories import chain, direction

    project = InvestmentProject(name="错配", chain=chain("新材料"), direction=direction(), town=changle)
    with pytest.raises(ValidationError) as refused:
        services.project_save(instance=project, user=staff_user, on=dt.date(2023, 1, 1))
    assert "不属于所选产业链" in str(refused.value)


def test_stale_edit_of_a_project_is_refused(changle, staff_user):
    from core.services import edit_token

    project = at(S.LEAD, changle, staff_user)
    token = edit_token(project)
    first = InvestmentProject.objects.get(pk=project.pk)
    first.counterpart, first.edit_token = "甲客商", token
    services.project_save(instance=first, user=staff_user)
    second = InvestmentProject.objects.get(pk=project.pk)
    second.counterpart, second.edit_token = "乙客商", token
    with pytest.raises(ValidationError) as refused:
        services.project_save(instance=second, user=staff_user)
    assert "您的修改没有保存" in str(refused.value)
    assert InvestmentProject.objects.get(pk=project.pk).counterpart == "甲客商"


def test_lead_becomes_a_project_in_one_step_and_only_once(changle, staff_user):
    lead = make_lead(changle, name="苏州晶微半导体有限公司", contact="王总 13800000000", owner=staff_user)
    project = services.lead_convert(lead=lead, user=staff_user, stage=S.TALKING, on=dt.date(2023, 5, 1))
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED and lead.project == project
    assert (project.name, project.town, project.chain, project.direction, project.owner) == (
        lead.name, changle, lead.chain, lead.direction, staff_user,
    )  # fmt: skip
    assert (project.stage, project.stage_on) == (S.TALKING, dt.date(2023, 5, 1))
    assert list(project.changes.values_list("to_stage", flat=True)) == [S.TALKING]
    with pytest.raises(ValidationError) as refused:
        services.lead_convert(lead=lead, user=staff_user)
    assert "不能重复转换" in str(refused.value)
    assert InvestmentProject.objects.filter(name=lead.name).count() == 1


def test_lead_conversion_refused_for_officers_and_a_signed_stage(changle, staff_user, officer):
    lead = make_lead(changle)
    with pytest.raises(PermissionDenied):
        services.lead_convert(lead=lead, user=officer)
    with pytest.raises(ValidationError):
        services.lead_convert(lead=lead, user=staff_user, stage=S.SIGNED)
    assert not InvestmentLead.objects.get(pk=lead.pk).project_id


def test_signed_helper(changle, staff_user):
    assert signed(changle, staff_user).stage == S.SIGNED
