"""core.workflow on configurations that are not pools: an investment project's path and a fund's.

The expected answers are spelled out here from the rule's words (one step forward, a side exit
from any open stage, reported states only forward), not computed by the module under test.
The writes are checked on a stand-in table (the pool membership rows, saved without their
choices check) so that no test-only model is needed.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.workflow import Refusal, StageFields, Workflow, advance, all_or_none, bulk_advance, enter

LABELS = {
    "lead": "线索",
    "talks": "在谈",
    "signed": "签约",
    "landed": "落地",
    "ended": "终止",
    "moved_in": "迁入",
}
PATH = ["lead", "talks", "signed", "landed"]
PROJECT = Workflow(
    name="招商项目",
    path=PATH,
    exits=["ended"],
    entries=["moved_in"],
    certified={"signed"},
    labels=LABELS,
    history="enterprises.PoolStageChange",
    history_fk="membership",
    number_label="合同编号",
    date_label="签约日期",
)
FUND = Workflow(
    name="基金",
    path=["prep", "set_up", "running"],
    labels={"prep": "筹备", "set_up": "设立", "running": "运作"},
    history="enterprises.PoolStageChange",
    history_fk="membership",
    fields=StageFields(number=None, certified_on=None),
)
STAGES = [*PATH, "ended", "moved_in"]
DAY = dt.date(2024, 3, 1)
LATER = dt.date(2024, 4, 1)

# The oracle: the moves allowed from each stage, written out by hand.
ALLOWED = {
    "lead": {"talks", "ended"},
    "talks": {"signed", "ended"},
    "signed": {"landed", "ended"},
    "landed": set(),
    "ended": set(),
    "moved_in": set(),
}
# Reported states an import may record over each stage (besides the stage itself).
REPORTABLE = {
    "lead": {"talks", "signed", "landed", "ended"},
    "talks": {"signed", "landed", "ended"},
    "signed": {"landed", "ended"},
    "landed": set(),
    "ended": set(),
    "moved_in": set(),
}


@pytest.mark.parametrize("here", STAGES)
def test_next_stages_are_one_step_or_the_exit(here):
    assert set(PROJECT.next_stages(here)) == ALLOWED[here]
    for there in STAGES:
        assert (PROJECT.move_error(here, there, subject="某项目") is None) == (there in ALLOWED[here])


def test_configuration_reads():
    assert PROJECT.stages == STAGES
    assert PROJECT.first == "lead"
    assert PROJECT.final == {"landed", "ended", "moved_in"}
    assert FUND.final == {"running"} and FUND.next_stages("prep") == ["set_up"]
    assert PROJECT.choices(["lead", "ended"]) == [("lead", "线索"), ("ended", "终止")]
    assert PROJECT.stage_error("running") == "“running”不是招商项目的阶段。"
    assert PROJECT.stage_error("talks") is None
    assert PROJECT.jumped("lead", "signed") and not PROJECT.jumped("lead", "talks")


@pytest.mark.parametrize("here", STAGES)
@pytest.mark.parametrize("there", [*STAGES, "running"])
def test_reported_states_go_forward_only(here, there):
    refusal = PROJECT.report_refusal(here, there)
    if there == "running":
        assert refusal == Refusal.NOT_A_STAGE
    elif there == here or there in REPORTABLE[here]:
        assert refusal is None
    elif here in {"landed", "ended", "moved_in"}:
        assert refusal == Refusal.TERMINAL
    elif there == "moved_in":
        assert refusal == Refusal.ENTRY_ONLY
    else:
        assert refusal == Refusal.BACKWARD


def test_a_reported_state_is_not_dated_before_the_current_one():
    assert PROJECT.report_refusal("lead", "signed", on=DAY, previous_on=LATER) == Refusal.EARLY
    assert PROJECT.report_refusal("lead", "signed", on=LATER, previous_on=DAY) is None


def test_certified_stages_need_number_and_date():
    errors = PROJECT.certificate_errors("signed", "", None)
    assert errors == {"certificate_no": "进入“签约”须填写合同编号。", "certified_on": "进入“签约”须填写签约日期。"}
    assert PROJECT.certificate_errors("signed", "HT-1", DAY) == {}
    assert PROJECT.certificate_errors("talks", "", None) == {}
    assert FUND.certificate_errors("set_up", "", None) == {}


# ---- the writes, on a stand-in table ----------------------------------------------------------


def _plain_save(obj, user):
    obj.save()  # the stand-in's own stage choices are the pools'; these stages are not among them
    return obj


@pytest.fixture
def record(db):
    from enterprises.models import PoolMembership
    from enterprises.tests.factories import EnterpriseFactory

    def make(stage=None, workflow=PROJECT, **fields):
        obj = PoolMembership(enterprise=EnterpriseFactory(), pool="qiangji", year=2024, **fields)
        return enter(obj, workflow=workflow, user=None, stage=stage, on=DAY, save=_plain_save)

    return make


def _history(obj):
    return list(obj.changes.order_by("id").values_list("from_stage", "to_stage", "on", "note"))


def test_enter_at_any_stage_writes_the_first_history_row(record):
    obj = record()
    assert (obj.stage, obj.stage_on) == ("lead", DAY)
    assert _history(obj) == [("", "lead", DAY, "")]
    assert record("moved_in").stage == "moved_in"
    with pytest.raises(ValidationError) as refused:
        record("running")
    assert "不是招商项目的阶段" in refused.value.message_dict["stage"][0]
    with pytest.raises(ValidationError) as refused:
        record("signed")
    assert set(refused.value.message_dict) == {"certificate_no", "certified_on"}


@pytest.mark.parametrize("here", PATH[:-1])
@pytest.mark.parametrize("there", STAGES)
def test_advance_follows_the_oracle(record, staff_user, here, there):
    certificate = {"certificate_no": "HT-1", "certified_on": DAY} if here == "signed" else {}
    obj = record(here, **certificate)
    move = {"workflow": PROJECT, "to_stage": there, "user": staff_user, "on": LATER, "subject": "某项目"}
    move["save"] = _plain_save
    if there in ALLOWED[here]:
        moved = advance(obj, number="HT-2", certified_on=LATER, **move)
        assert (moved.stage, moved.stage_on) == (there, LATER)
        assert _history(moved)[-1] == (here, there, LATER, "")
        assert moved.changes.latest("id").changed_by == staff_user
    else:
        with pytest.raises(ValidationError) as refused:
            advance(obj, **move)
        assert "stage" in refused.value.message_dict
        obj.refresh_from_db()
        assert obj.stage == here and len(_history(obj)) == 1


def test_advance_refuses_an_earlier_date_and_a_missing_certificate(record):
    obj = record("talks")
    with pytest.raises(ValidationError) as refused:
        advance(obj, workflow=PROJECT, to_stage="signed", user=None, on=LATER, save=_plain_save)
    assert set(refused.value.message_dict) == {"certificate_no", "certified_on"}
    with pytest.raises(ValidationError) as refused:
        advance(obj, workflow=PROJECT, to_stage="ended", user=None, on=DAY - dt.timedelta(days=1), save=_plain_save)
    assert "早于" in refused.value.message_dict["on"][0]
    # A certified stage is dated by its certificate when no date is given.
    moved = advance(
        obj, workflow=PROJECT, to_stage="signed", user=None, number="HT-9", certified_on=LATER, save=_plain_save
    )
    assert (moved.stage_on, moved.certificate_no) == (LATER, "HT-9")


def test_a_workflow_without_certificates_moves_without_them(record):
    obj = record(workflow=FUND)
    moved = advance(obj, workflow=FUND, to_stage="set_up", user=None, on=LATER, save=_plain_save)
    assert moved.stage == "set_up"
    assert moved.certificate_no == ""  # untouched: FUND has no certificate fields


def test_bulk_advance_is_all_or_none_and_names_each_refusal(record):
    ready, stuck, other = record("talks"), record("landed"), record("lead")
    batch = {"workflow": PROJECT, "to_stage": "signed", "user": None, "on": LATER, "certified_on": LATER}
    batch.update(numbers={ready.pk: "HT-1"}, subject=lambda obj: f"项目{obj.pk}", save=_plain_save)
    with pytest.raises(ValidationError) as refused:
        bulk_advance([ready, stuck, other], **batch)
    messages = refused.value.messages
    assert any(m.startswith(f"项目{stuck.pk}当前为“落地”") for m in messages)
    assert any(m.startswith(f"项目{other.pk}当前为“线索”") for m in messages)
    ready.refresh_from_db()
    assert ready.stage == "talks" and len(_history(ready)) == 1  # nothing moved
    assert [m.stage for m in bulk_advance([ready], **batch)] == ["signed"]


def test_all_or_none_counts_refusals_found_before(record):
    obj = record()
    with pytest.raises(ValidationError) as refused:
        all_or_none(
            [obj],
            lambda o: advance(o, workflow=PROJECT, to_stage="talks", user=None, on=LATER, save=_plain_save),
            refusals=["某企业：不在库中"],
        )
    assert refused.value.messages == ["某企业：不在库中"]
    obj.refresh_from_db()
    assert obj.stage == "lead"
