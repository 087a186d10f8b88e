"""Issue 9: a move — bulk or one — is dated within its membership's year, and 下一阶段 moves each one step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from enterprises import services
from enterprises.models import Pool, PoolMembership, Stage
from enterprises.tests.factories import EnterpriseFactory
from enterprises.views.pools import moved_message

pytestmark = pytest.mark.django_db


def test_default_date_lies_in_the_year():
    today = dt.date(2026, 11, 30)
    assert services.default_stage_date(2023, today=today) == dt.date(2023, 12, 31)
    assert services.default_stage_date(2026, today=today) == today
    assert services.default_stage_date(2027, today=today) == dt.date(2027, 1, 1)


def test_date_rules():
    assert services.stage_date_error(2023, dt.date(2023, 6, 30)) is None
    assert services.stage_date_error(2023, dt.date(2022, 12, 31))[0] == "early"
    assert services.stage_date_error(2023, dt.date(2024, 1, 5))[0] == "later"
    assert services.stage_date_error(2023, dt.date(2024, 1, 5), later_confirmed=True) is None


def _enter(user, stage, name, pool=Pool.QIANGJI):
    e = EnterpriseFactory(name=name)
    services.pool_enter(enterprise=e, pool=pool, year=2023, stage=stage, user=user, on=dt.date(2023, 5, 10))
    return e


def test_next_stage_moves_each_one_step_dated_in_the_year(staff_user):
    a = _enter(staff_user, Stage.CANDIDATE, "甲")
    b = _enter(staff_user, Stage.POOL, "乙")
    moved = services.pool_bulk_move(
        enterprises=[a, b], pool=Pool.QIANGJI, year=2023, to_stage=services.NEXT_STAGE, user=staff_user
    )
    assert {(m.enterprise.name, m.stage, m.stage_on) for m in moved} == {
        ("甲", Stage.APPLIED, dt.date(2023, 12, 31)),
        ("乙", Stage.RD_FILED, dt.date(2023, 12, 31)),
    }
    message = moved_message(moved, year=2023, pool=Pool.QIANGJI)
    assert "甲" in message and "乙" in message and "转入下一阶段" in message


def test_a_date_outside_the_year_is_refused_or_confirmed(staff_user):
    a = _enter(staff_user, Stage.CANDIDATE, "甲")
    kwargs = {"enterprises": [a], "pool": Pool.QIANGJI, "year": 2023, "to_stage": Stage.APPLIED, "user": staff_user}
    with pytest.raises(ValidationError) as caught:
        services.pool_bulk_move(on=dt.date(2022, 12, 1), **kwargs)
    assert "早于2023年" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.pool_bulk_move(on=dt.date(2024, 1, 5), **kwargs)
    assert "确认日期晚于年度" in str(caught.value)
    assert PoolMembership.objects.get().stage == Stage.CANDIDATE
    services.pool_bulk_move(on=dt.date(2024, 1, 5), later_confirmed=True, **kwargs)
    assert PoolMembership.objects.get().stage_on == dt.date(2024, 1, 5)


def test_next_stage_at_the_end_is_named_and_nothing_moves(staff_user):
    a = _enter(staff_user, Stage.CANDIDATE, "甲")
    b = _enter(staff_user, Stage.REJECTED, "乙")
    with pytest.raises(ValidationError) as caught:
        services.pool_bulk_move(
            enterprises=[a, b], pool=Pool.QIANGJI, year=2023, to_stage=services.NEXT_STAGE, user=staff_user
        )
    assert "乙：已是“未通过”，没有下一阶段" in str(caught.value)
    assert PoolMembership.objects.get(enterprise=a).stage == Stage.CANDIDATE


def test_next_stage_into_a_certified_stage_takes_numbers(client, staff_user):
    from django.urls import reverse

    e = _enter(staff_user, Stage.EVALUATED, "繁星甲", pool=Pool.FANXING)
    client.force_login(staff_user)
    url = reverse("enterprises:enterprise_list") + "?pool=fanxing&year=2023"
    data = {"_action": "pool_move", "pk": [str(e.pk)], "pool_move-pool": "fanxing", "pool_move-year": "2023"}
    data["pool_move-stage"] = "next"
    response = client.post(url, data)
    assert "以下企业还没有：繁星甲" in response.content.decode()
    response = client.post(url, {**data, "pool_move-first_number": "HM2023-001"})
    assert response.status_code == 302
    m = PoolMembership.objects.get()
    assert (m.stage, m.certificate_no, m.stage_on) == (Stage.REGISTERED, "HM2023-001", dt.date(2023, 12, 31))


def test_the_form_starts_from_the_lists_filter(client, staff_user):
    from django.urls import reverse

    client.force_login(staff_user)
    response = client.get(reverse("enterprises:enterprise_list") + "?pool=qiangji&year=2023&stage=candidate")
    form = {a.name: f for a, f in response.context["bulk_forms"]}["pool_move"]
    assert form["pool"].value() == "qiangji" and form["year"].value() == 2023
    assert form["stage"].value() == "next" and form["on"].value() == dt.date(2023, 12, 31)
    assert "拟申报 → 已申报" in str(form["stage"])


def test_one_move_keeps_the_bulk_moves_date_rule(staff_user):
    """services.pool_advance applies stage_date_error too: before the year refused, after it confirmed."""
    e = _enter(staff_user, Stage.POOL, "丙")
    membership = PoolMembership.objects.get(enterprise=e, pool=Pool.QIANGJI, year=2023)
    with pytest.raises(ValidationError) as early:
        services.pool_advance(membership=membership, to_stage=Stage.RD_FILED, user=staff_user, on=dt.date(2022, 12, 1))
    assert early.value.error_dict["on"][0].code == "early"
    with pytest.raises(ValidationError) as later:
        services.pool_advance(membership=membership, to_stage=Stage.RD_FILED, user=staff_user, on=dt.date(2024, 1, 5))
    assert later.value.error_dict["on"][0].code == "later"
    moved = services.pool_advance(
        membership=membership, to_stage=Stage.RD_FILED, user=staff_user, on=dt.date(2024, 1, 5), later_confirmed=True
    )
    assert moved.stage == Stage.RD_FILED
