"""Pool services: every allowed and refused move of every pool, certificates, bulk all-or-nothing, roles."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises import services
from enterprises.models import (
    CERTIFIED_STAGES,
    POOL_EXTRA_STAGES,
    POOL_STAGES,
    Pool,
    PoolMembership,
    PoolStageChange,
    Stage,
)
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

YEAR = 2023
DAY = dt.date(2023, 5, 10)
LATER = dt.date(2023, 6, 1)


def _stages(pool):
    return [*POOL_STAGES[pool], *POOL_EXTRA_STAGES[pool]]


def _expected_allowed(pool, from_stage):
    """docs/domain.md §2 spelled out independently of services.allowed_next_stages."""
    path = POOL_STAGES[pool]
    if from_stage not in path or from_stage == path[-1]:
        return set()  # 未通过, 整体迁入 and the last stage are final
    allowed = {path[path.index(from_stage) + 1]}
    if Stage.REJECTED in POOL_EXTRA_STAGES[pool]:
        allowed.add(Stage.REJECTED)
    return allowed


def _certificate(stage):
    return {"certificate_no": "GR202332000001", "certified_on": DAY} if stage in CERTIFIED_STAGES else {}


def _member(pool, stage, user, enterprise=None):
    return services.pool_enter(
        enterprise=enterprise or EnterpriseFactory(),
        pool=pool,
        year=YEAR,
        stage=stage,
        user=user,
        on=DAY,
        **_certificate(stage),
    )


MOVES = [(pool, a, b) for pool in Pool for a in _stages(pool) for b in _stages(pool)]


@pytest.mark.parametrize(("pool", "from_stage", "to_stage"), MOVES, ids=[f"{p}:{a}->{b}" for p, a, b in MOVES])
def test_every_move_of_every_pool(staff_user, pool, from_stage, to_stage):
    membership = _member(pool, from_stage, staff_user)
    allowed = to_stage in _expected_allowed(pool, from_stage)
    assert (to_stage in services.allowed_next_stages(membership)) == allowed
    if allowed:
        moved = services.pool_advance(
            membership=membership, to_stage=to_stage, user=staff_user, on=LATER, **_certificate(to_stage)
        )
        assert moved.stage == to_stage
        change = PoolStageChange.objects.filter(membership=membership).latest("id")
        assert (change.from_stage, change.to_stage, change.on, change.changed_by) == (
            from_stage,
            to_stage,
            LATER,
            staff_user,
        )
    else:
        with pytest.raises(ValidationError) as refused:
            services.pool_advance(
                membership=membership, to_stage=to_stage, user=staff_user, on=LATER, **_certificate(to_stage)
            )
        message = " ".join(refused.value.message_dict["stage"])
        assert "不能直接改为" in message or "不是" in message
        membership.refresh_from_db()
        assert membership.stage == from_stage
        assert PoolStageChange.objects.filter(membership=membership).count() == 1


@pytest.mark.parametrize("pool", list(Pool))
def test_a_stage_of_another_pool_is_refused(staff_user, pool):
    foreign = next(s for s in Stage if s not in _stages(pool))
    membership = _member(pool, POOL_STAGES[pool][0], staff_user)
    with pytest.raises(ValidationError) as refused:
        services.pool_advance(membership=membership, to_stage=foreign, user=staff_user)
    assert f"不是{Pool(pool).label}的阶段" in refused.value.message_dict["stage"][0]


@pytest.mark.parametrize(
    ("pool", "before", "stage"),
    [(Pool.FANXING, Stage.EVALUATED, Stage.REGISTERED), (Pool.QIANGJI, Stage.EXPERT_REVIEW, Stage.RECOGNIZED)],
)
def test_certificate_number_and_date_are_required(staff_user, pool, before, stage):
    membership = _member(pool, before, staff_user)
    with pytest.raises(ValidationError) as refused:
        services.pool_advance(membership=membership, to_stage=stage, user=staff_user)
    errors = refused.value.message_dict
    assert "证书编号" in errors["certificate_no"][0]
    assert "日期" in errors["certified_on"][0]
    membership.refresh_from_db()
    assert membership.stage == before
    moved = services.pool_advance(
        membership=membership, to_stage=stage, user=staff_user, certificate_no="No-1", certified_on=LATER
    )
    assert (moved.certificate_no, moved.certified_on, moved.stage_on) == ("No-1", LATER, LATER)


def test_a_date_before_the_current_stage_is_refused(staff_user):
    membership = _member(Pool.QIANGJI, Stage.POOL, staff_user)
    with pytest.raises(ValidationError) as refused:
        services.pool_advance(
            membership=membership, to_stage=Stage.RD_FILED, user=staff_user, on=DAY - dt.timedelta(days=1)
        )
    assert "早于" in refused.value.message_dict["on"][0]


@pytest.mark.parametrize("role", ["town_officer", "leader"])
def test_officers_and_leaders_cannot_move(make_user, staff_user, changle, role):
    user = make_user(f"u_{role}", role, changle if role == "town_officer" else None)
    membership = _member(Pool.QIANGJI, Stage.POOL, staff_user, EnterpriseFactory(town=changle))
    with pytest.raises(PermissionDenied):
        services.pool_advance(membership=membership, to_stage=Stage.RD_FILED, user=user)
    with pytest.raises(PermissionDenied):
        services.pool_bulk_advance(memberships=[membership], to_stage=Stage.RD_FILED, user=user)
    with pytest.raises(PermissionDenied):
        services.pool_bulk_move(
            enterprises=[membership.enterprise], pool=Pool.QIANGJI, year=YEAR, to_stage=Stage.RD_FILED, user=user
        )
    pangao = _member(Pool.PANGAO, Stage.POOL, staff_user, membership.enterprise)
    with pytest.raises(PermissionDenied):
        services.pangao_update(membership=pangao, user=user, level="gazelle")
    membership.refresh_from_db()
    assert membership.stage == Stage.POOL


def test_bulk_registration_with_each_number_and_one_date(staff_user):
    members = [_member(Pool.FANXING, Stage.EVALUATED, staff_user) for _ in range(3)]
    numbers = {m.enterprise_id: f"2023320614{i:06d}" for i, m in enumerate(members)}
    moved = services.pool_bulk_move(
        enterprises=[m.enterprise for m in members],
        pool=Pool.FANXING,
        year=YEAR,
        to_stage=Stage.REGISTERED,
        user=staff_user,
        on=LATER,
        certified_on=LATER,
        certificate_numbers=numbers,
    )
    assert len(moved) == 3
    for m in members:
        m.refresh_from_db()
        assert (m.stage, m.certificate_no, m.certified_on) == (Stage.REGISTERED, numbers[m.enterprise_id], LATER)


def test_bulk_move_is_all_or_nothing_and_names_every_refusal(staff_user):
    ready = _member(Pool.QIANGJI, Stage.PRE_APPLIED, staff_user)
    behind = _member(Pool.QIANGJI, Stage.POOL, staff_user)
    outside = EnterpriseFactory(name="未入库的企业")
    with pytest.raises(ValidationError) as refused:
        services.pool_bulk_move(
            enterprises=[ready.enterprise, behind.enterprise, outside],
            pool=Pool.QIANGJI,
            year=YEAR,
            to_stage=Stage.CANDIDATE,
            user=staff_user,
            on=LATER,
        )
    messages = refused.value.messages
    assert any(m.startswith(str(behind.enterprise)) and "不能直接改为“拟申报”" in m for m in messages)
    assert any(m.startswith("未入库的企业") and "不在2023年强基计划中" in m for m in messages)
    assert len(messages) == 2
    ready.refresh_from_db()
    assert ready.stage == Stage.PRE_APPLIED  # the one that could move did not
    assert PoolStageChange.objects.filter(membership=ready).count() == 1


def test_bulk_advance_names_the_enterprise_missing_a_number(staff_user):
    a = _member(Pool.FANXING, Stage.EVALUATED, staff_user)
    b = _member(Pool.FANXING, Stage.EVALUATED, staff_user)
    with pytest.raises(ValidationError) as refused:
        services.pool_bulk_advance(
            memberships=[a, b],
            to_stage=Stage.REGISTERED,
            user=staff_user,
            certified_on=LATER,
            certificate_numbers={a.pk: "No-A"},
        )
    assert refused.value.messages == [f"{b.enterprise}：进入“已入库”须填写证书编号或入库登记编号。"]
    a.refresh_from_db()
    assert a.stage == Stage.EVALUATED


def test_bulk_enter_is_all_or_nothing(staff_user):
    already = _member(Pool.QIANGJI, Stage.POOL, staff_user)
    fresh = EnterpriseFactory()
    with pytest.raises(ValidationError) as refused:
        services.pool_bulk_enter(enterprises=[fresh, already.enterprise], pool=Pool.QIANGJI, year=YEAR, user=staff_user)
    assert refused.value.messages == [f"{already.enterprise}已在2023年强基计划中。"]
    assert not PoolMembership.objects.filter(enterprise=fresh).exists()
    entered = services.pool_bulk_enter(enterprises=[fresh], pool=Pool.QIANGJI, year=YEAR, user=staff_user, on=DAY)
    assert entered[0].stage == Stage.POOL


def test_bulk_enter_refuses_a_certified_stage(staff_user):
    with pytest.raises(ValidationError) as refused:
        services.pool_bulk_enter(
            enterprises=[EnterpriseFactory()], pool=Pool.FANXING, year=YEAR, stage=Stage.REGISTERED, user=staff_user
        )
    assert "批量纳入不能直接进入“已入库”" in refused.value.message_dict["stage"][0]


def test_pangao_level_recommendation_and_national_list(staff_user):
    membership = _member(Pool.PANGAO, Stage.POOL, staff_user)
    services.pangao_update(
        membership=membership,
        user=staff_user,
        level="potential_unicorn",
        recommended_provincial=True,
        recommended_on=DAY,
    )
    services.pangao_update(membership=membership, user=staff_user, national_list=True)
    membership.refresh_from_db()
    assert (membership.level, membership.recommended_provincial, membership.recommended_on) == (
        "potential_unicorn",
        True,
        DAY,
    )
    assert membership.national_list


def test_membership_update_checks_expert_scores_and_certificate(staff_user):
    membership = _member(Pool.QIANGJI, Stage.RECOGNIZED, staff_user)
    membership.expert_scores = {"rd_management": 21}
    with pytest.raises(ValidationError) as refused:
        services.membership_update(instance=membership, user=staff_user)
    assert "0–20" in refused.value.message_dict["expert_scores"][0]
    membership.expert_scores = {"rd_management": 18}
    membership.certificate_no = ""
    with pytest.raises(ValidationError) as refused:
        services.membership_update(instance=membership, user=staff_user)
    assert "certificate_no" in refused.value.message_dict
    membership.certificate_no = "GR202332009999"
    services.membership_update(instance=membership, user=staff_user)
    membership.refresh_from_db()
    assert membership.expert_scores == {"rd_management": 18}


def test_bulk_advance_refuses_a_repeated_number(staff_user):
    first, second = (_member(Pool.FANXING, Stage.EVALUATED, staff_user) for _ in range(2))
    with pytest.raises(ValidationError) as refused:
        services.pool_bulk_advance(
            memberships=[first, second],
            to_stage=Stage.REGISTERED,
            user=staff_user,
            on=LATER,
            certified_on=LATER,
            certificate_numbers={first.pk: "HM-1", second.pk: "HM-1"},
        )
    assert "编号重复：HM-1。" in refused.value.messages
    assert PoolMembership.objects.filter(stage=Stage.REGISTERED).count() == 0


def test_batch_numbers_count_up_after_pasted_ones(staff_user):
    enterprises = [EnterpriseFactory() for _ in range(3)]
    numbers = services.batch_numbers(
        enterprises=enterprises,
        stage=Stage.REGISTERED,
        pool=Pool.FANXING,
        pasted={enterprises[1].pk: "P-7"},
        first_number="HM2023-009",
    )
    assert numbers == {enterprises[1].pk: "P-7", enterprises[0].pk: "HM2023-009", enterprises[2].pk: "HM2023-010"}
    with pytest.raises(ValidationError) as refused:
        services.batch_numbers(enterprises=enterprises, stage=Stage.REGISTERED, pool=Pool.FANXING, first_number="HM")
    assert "first_number" in refused.value.message_dict
    assert services.batch_numbers(enterprises=enterprises, stage=Stage.EVALUATED, pool=Pool.FANXING) == {}
