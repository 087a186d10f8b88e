"""Every write's rules and refusals (the issue's bad inputs): a Chinese message on the field, nothing saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from carriers import services
from carriers.models import (
    ApplicationStage,
    Carrier,
    ConstructionReport,
    Kind,
    LevelApplication,
    LevelChange,
    OperatorContract,
    PlatformTarget,
    Tenancy,
)
from carriers.tests.factories import CarrierFactory, PlatformFactory, ReportFactory, TargetFactory
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def messages(exc):
    return {k: " ".join(str(m) for m in v) for k, v in exc.value.message_dict.items()}


def test_carrier_negative_area_refused(changle, staff_user):
    carrier = Carrier(name="负面积载体", kind=Kind.INCUBATOR, town=changle, area_sqm=Decimal("-1"))
    with pytest.raises(ValidationError) as exc:
        services.carrier_save(instance=carrier, user=staff_user)
    assert "面积不能为负数" in messages(exc)["area_sqm"]
    assert not Carrier.objects.exists()


@pytest.mark.parametrize("planned,actual,field", [("101", "50", "planned_pct"), ("50", "-1", "actual_pct")])
def test_report_percentages_outside_0_100_refused(changle, staff_user, planned, actual, field):
    carrier = CarrierFactory(town=changle)
    report = ConstructionReport(
        carrier=carrier, year=2023, quarter=1, planned_pct=Decimal(planned), actual_pct=Decimal(actual)
    )
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=report, user=staff_user)
    assert "0–100" in messages(exc)[field]
    assert not ConstructionReport.objects.exists()


def test_quarter_reported_twice_refused_on_quarter(changle, staff_user):
    carrier = CarrierFactory(town=changle)
    ReportFactory(carrier=carrier, year=2023, quarter=2)
    twin = ConstructionReport(carrier=carrier, year=2023, quarter=2, planned_pct=60, actual_pct=50)
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=twin, user=staff_user)
    found = messages(exc)
    assert list(found) == ["quarter"]  # one message, on the field, not a second generic one
    assert "2023年第2季度已报送过" in found["quarter"]
    assert ConstructionReport.objects.count() == 1


def test_tenant_before_carrier_opened_refused(changle, staff_user):
    carrier = CarrierFactory(town=changle, opened_on=dt.date(2022, 6, 1))
    tenancy = Tenancy(carrier=carrier, enterprise=EnterpriseFactory(town=changle), moved_in_on=dt.date(2022, 5, 31))
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=tenancy, user=staff_user)
    assert "早于载体启用日期 2022-06-01" in messages(exc)["moved_in_on"]
    tenancy.moved_in_on = dt.date(2022, 6, 1)  # the opening day itself is fine
    services.record_save(instance=tenancy, user=staff_user)


def test_tenant_out_before_in_refused(changle, staff_user):
    carrier = CarrierFactory(town=changle)
    tenancy = Tenancy(
        carrier=carrier,
        enterprise=EnterpriseFactory(town=changle),
        moved_in_on=dt.date(2023, 3, 1),
        moved_out_on=dt.date(2023, 2, 28),
    )
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=tenancy, user=staff_user)
    assert "早于入驻日期" in messages(exc)["moved_out_on"]
    assert not Tenancy.objects.exists()


def test_signed_contract_needs_a_date(changle, staff_user):
    contract = OperatorContract(carrier=CarrierFactory(town=changle), company="某运营", stage="signed")
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=contract, user=staff_user)
    assert "签约日期" in messages(exc)["signed_on"]


def test_platform_target_once_a_year(changle, staff_user):
    platform = PlatformFactory(town=changle)
    TargetFactory(platform=platform, year=2023)
    with pytest.raises(ValidationError) as exc:
        services.record_save(instance=PlatformTarget(platform=platform, year=2023, projects=1), user=staff_user)
    assert "2023年的目标已录入" in messages(exc)["year"]


def _application(carrier, staff_user, on=dt.date(2023, 3, 1)):
    return services.application_enter(
        instance=LevelApplication(carrier=carrier, applied_as=Kind.INCUBATOR, year=2023), user=staff_user, on=on
    )


def test_level_workflow_moves_and_history(changle, staff_user):
    application = _application(CarrierFactory(town=changle), staff_user)
    assert application.stage == ApplicationStage.DISTRICT
    for stage, day in [
        (ApplicationStage.CITY_PASSED, dt.date(2023, 5, 1)),
        (ApplicationStage.PROVINCIAL_REVIEW, dt.date(2023, 8, 1)),
        (ApplicationStage.RECOGNIZED, dt.date(2023, 12, 1)),
    ]:
        application = services.application_advance(application=application, to_stage=stage, user=staff_user, on=day)
    history = list(LevelChange.objects.filter(application=application).values_list("to_stage", flat=True))
    assert history == ["district", "city_passed", "provincial_review", "recognized"]


def test_level_move_the_workflow_does_not_allow_is_refused(changle, staff_user):
    application = _application(CarrierFactory(town=changle), staff_user)
    with pytest.raises(ValidationError) as exc:  # a jump over 市审核通过 and 省评审
        services.application_advance(application=application, to_stage=ApplicationStage.RECOGNIZED, user=staff_user)
    assert "stage" in exc.value.message_dict
    application = services.application_advance(
        application=application, to_stage=ApplicationStage.REJECTED, user=staff_user, on=dt.date(2023, 4, 1)
    )
    with pytest.raises(ValidationError):  # 未通过 is final
        services.application_advance(application=application, to_stage=ApplicationStage.CITY_PASSED, user=staff_user)
    application.refresh_from_db()
    assert application.stage == ApplicationStage.REJECTED
    assert LevelChange.objects.filter(application=application).count() == 2


def test_level_move_dated_before_current_stage_refused(changle, staff_user):
    application = _application(CarrierFactory(town=changle), staff_user, on=dt.date(2023, 3, 1))
    with pytest.raises(ValidationError):
        services.application_advance(
            application=application, to_stage=ApplicationStage.CITY_PASSED, user=staff_user, on=dt.date(2023, 2, 1)
        )
    application.refresh_from_db()
    assert application.stage == ApplicationStage.DISTRICT


def test_same_application_twice_refused(changle, staff_user):
    carrier = CarrierFactory(town=changle)
    _application(carrier, staff_user)
    with pytest.raises(ValidationError) as exc:
        _application(carrier, staff_user)
    assert "已申报" in messages(exc)["year"]


def test_only_the_bureau_decides_levels(changle, staff_user, officer, leader_user):
    application = _application(CarrierFactory(town=changle), staff_user)
    for user in (officer, leader_user):
        with pytest.raises(PermissionDenied):
            services.application_advance(application=application, to_stage=ApplicationStage.CITY_PASSED, user=user)
