"""The industry–academia services: every rule, every refusal in Chinese on its field, nothing half-saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cooperation import services
from cooperation.models import EventKind, IACooperation, IAEvent, Registration, TechContract
from cooperation.tests.factories import (
    IACooperationFactory,
    InstitutionFactory,
    TechContractFactory,
)
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def refusal(exc_info, field):
    return " ".join(exc_info.value.message_dict[field])


def contract(**kwargs):
    values = {
        "reg_number": "23320614009999",
        "title": "焊接工艺技术开发合同",
        "enterprise": kwargs.pop("enterprise", None) or EnterpriseFactory(),
        "contract_amount": Decimal("100"),
        "tech_amount": Decimal("80"),
        **kwargs,
    }
    return TechContract(**values)


def test_technical_amount_above_contract_amount_is_refused(staff_user):
    with pytest.raises(ValidationError) as exc:
        services.contract_save(instance=contract(tech_amount=Decimal("120")), user=staff_user)
    assert "技术交易额 120万元 大于合同成交额 100万元" in refusal(exc, "tech_amount")
    assert not TechContract.objects.exists()
    services.contract_save(instance=contract(tech_amount=Decimal("100")), user=staff_user)  # equal is fine


def test_duplicate_registration_number_is_refused(staff_user):
    TechContractFactory(reg_number="23320614000001")
    with pytest.raises(ValidationError) as exc:
        services.contract_save(instance=contract(reg_number="23320614000001"), user=staff_user)
    assert "合同登记编号 23320614000001 已登记过" in refusal(exc, "reg_number")
    assert TechContract.objects.count() == 1


def test_dates_in_the_future_are_refused(staff_user):
    with pytest.raises(ValidationError) as exc:
        services.contract_save(
            instance=contract(status=Registration.REGISTERED, registered_on=TOMORROW), user=staff_user
        )
    assert "晚于今天" in refusal(exc, "registered_on")
    project = IACooperationFactory.build(
        enterprise=EnterpriseFactory(), institution=InstitutionFactory(), signed_on=TOMORROW
    )
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=project, user=staff_user)
    assert "签约日期" in refusal(exc, "signed_on") and "晚于今天" in refusal(exc, "signed_on")
    with pytest.raises(ValidationError) as exc:
        services.event_save(instance=IAEvent(title="对接会", held_on=TOMORROW), user=staff_user, enterprises=[])
    assert "晚于今天" in refusal(exc, "held_on")
    assert not IACooperation.objects.exists() and not IAEvent.objects.exists()


def test_registration_status_needs_its_date_and_reason(staff_user):
    with pytest.raises(ValidationError) as exc:
        services.contract_save(instance=contract(status=Registration.REGISTERED), user=staff_user)
    assert "须填写登记日期" in refusal(exc, "registered_on")
    with pytest.raises(ValidationError) as exc:
        services.contract_save(instance=contract(status=Registration.RECTIFY), user=staff_user)
    assert "须写明整改原因" in refusal(exc, "rectify_reason")


def test_rectify_then_register(staff_user):
    saved = services.contract_save(instance=contract(), user=staff_user)
    assert saved.status == Registration.PENDING
    services.contract_require_rectification(
        contract=saved, reason="合同主体名称不符", on=dt.date(2023, 4, 10), user=staff_user
    )
    saved.refresh_from_db()
    assert (saved.status, saved.rectify_since, saved.rectify_reason) == (
        Registration.RECTIFY,
        dt.date(2023, 4, 10),
        "合同主体名称不符",
    )
    with pytest.raises(ValidationError) as exc:
        services.contract_register(contract=saved, on=dt.date(2023, 4, 1), user=staff_user)
    assert "早于要求整改日期" in refusal(exc, "registered_on")
    services.contract_register(contract=saved, on=dt.date(2023, 4, 25), user=staff_user)
    saved.refresh_from_db()
    assert saved.status == Registration.REGISTERED and saved.registered_on == dt.date(2023, 4, 25)
    assert saved.rectify_since == dt.date(2023, 4, 10)  # kept: registered after 整改
    with pytest.raises(ValidationError):
        services.contract_require_rectification(contract=saved, reason="再退回", user=staff_user)
    with pytest.raises(ValidationError):
        services.contract_register(contract=saved, on=dt.date(2023, 5, 1), user=staff_user)


def test_a_registered_contract_does_not_go_back_on_its_edit_page(staff_user):
    saved = TechContractFactory()
    saved.status = Registration.PENDING
    saved.registered_on = None
    with pytest.raises(ValidationError) as exc:
        services.contract_save(instance=saved, user=staff_user)
    assert "已登记的技术合同不能改回“待登记”" in refusal(exc, "status")


def test_only_the_bureau_registers(officer, leader_user):
    saved = TechContractFactory(status=Registration.PENDING, registered_on=None)
    for user in (officer, leader_user):
        with pytest.raises(PermissionDenied):
            services.contract_register(contract=saved, on=dt.date(2023, 5, 1), user=user)


def test_a_clinic_needs_an_expert_and_an_enterprise(staff_user, changle):
    clinic = IAEvent(kind=EventKind.CLINIC, title="技术巡诊", held_on=dt.date(2023, 5, 1), town=changle)
    with pytest.raises(ValidationError) as exc:
        services.event_save(instance=clinic, user=staff_user, enterprises=[])
    assert "巡诊的企业" in refusal(exc, "enterprises")
    with pytest.raises(ValidationError) as exc:
        services.event_save(instance=clinic, user=staff_user, enterprises=[EnterpriseFactory(town=changle)])
    assert "巡诊专家" in refusal(exc, "expert")
    assert not IAEvent.objects.exists()


def test_a_clinic_takes_its_enterprises_town(staff_user, sanxing):
    enterprise = EnterpriseFactory(town=sanxing)
    clinic = IAEvent(kind=EventKind.CLINIC, title="技术巡诊", held_on=dt.date(2023, 5, 1), expert="王教授")
    saved = services.event_save(instance=clinic, user=staff_user, enterprises=[enterprise])
    assert saved.town == sanxing and list(saved.enterprises.all()) == [enterprise]


def test_an_officer_records_a_clinic_of_their_town_only(officer, changle, sanxing):
    mine, theirs = EnterpriseFactory(town=changle), EnterpriseFactory(town=sanxing)
    clinic = IAEvent(kind=EventKind.CLINIC, title="巡诊", held_on=dt.date(2023, 5, 1), expert="李教授", town=changle)
    with pytest.raises(ValidationError) as exc:
        services.event_save(instance=clinic, user=officer, enterprises=[mine, theirs])
    assert theirs.name in refusal(exc, "enterprises") and "不在您的区镇" in refusal(exc, "enterprises")
    clinic.town = sanxing
    with pytest.raises(ValidationError):
        services.event_save(instance=clinic, user=officer, enterprises=[mine])
    assert not IAEvent.objects.exists()
    clinic.town = changle
    assert services.event_save(instance=clinic, user=officer, enterprises=[mine]).pk


def test_duplicate_project_is_refused_on_the_title(staff_user):
    project = IACooperationFactory()
    twin = IACooperation(
        enterprise=project.enterprise, institution=project.institution, title=project.title,
        signed_on=dt.date(2023, 1, 5),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=twin, user=staff_user)
    assert "已录入" in refusal(exc, "title")
