"""Every carriers KPI against hand-built records."""

import datetime as dt
from decimal import Decimal

import pytest

from carriers import services
from carriers.models import ApplicationStage, Kind, Level, LevelApplication, PlatformProject, Status
from carriers.tests.factories import CarrierFactory, ContractFactory, PlatformFactory, ProjectFactory, ReportFactory
from reports import selectors as report_selectors
from reports.periods import make_period
from reports.registry import get_kpi as get

pytestmark = pytest.mark.django_db
H1 = make_period(2023, "H1")


def figure(code, period=H1, town=None):
    kpi = get(code)
    return kpi.figure(kpi.records_for(period, town).aggregate(**kpi.aggregates_for(period)))


def apply(carrier, user, level=Level.PROVINCIAL, on=dt.date(2023, 3, 1), year=2023):
    return services.application_enter(
        instance=LevelApplication(carrier=carrier, target_level=level, applied_as=Kind.INCUBATOR, year=year),
        user=user,
        on=on,
    )


def test_provincial_applied_and_city_passed(changle, sanxing, staff_user):
    passed = apply(CarrierFactory(town=changle), staff_user)
    services.application_advance(
        application=passed, to_stage=ApplicationStage.CITY_PASSED, user=staff_user, on=dt.date(2023, 5, 30)
    )
    waiting = apply(CarrierFactory(town=sanxing), staff_user)
    rejected = apply(CarrierFactory(town=changle), staff_user)
    services.application_advance(
        application=rejected, to_stage=ApplicationStage.REJECTED, user=staff_user, on=dt.date(2023, 6, 1)
    )
    late = apply(CarrierFactory(town=changle), staff_user, on=dt.date(2023, 7, 2))  # H2
    apply(CarrierFactory(town=changle), staff_user, level=Level.CITY)  # not provincial
    passed_late = apply(CarrierFactory(town=changle), staff_user)
    services.application_advance(
        application=passed_late, to_stage=ApplicationStage.CITY_PASSED, user=staff_user, on=dt.date(2023, 7, 5)
    )
    assert waiting and late
    assert figure("carrier.provincial_applied") == 4  # passed, waiting, rejected (still applied), passed_late
    assert figure("carrier.city_passed") == 1
    assert figure("carrier.city_passed", make_period(2023, "H2")) == 1
    assert figure("carrier.provincial_applied", town=sanxing) == 1


def test_group_area_snapshot_in_wan_sqm(changle, sanxing):
    CarrierFactory(town=changle, group_managed=True, area_sqm=Decimal("30000"))
    CarrierFactory(town=sanxing, group_managed=True, area_sqm=Decimal("58000"), opened_on=None)
    CarrierFactory(town=changle, group_managed=True, area_sqm=Decimal("9999"), opened_on=dt.date(2023, 7, 1))  # later
    CarrierFactory(town=changle, group_managed=False, area_sqm=Decimal("12345"))
    assert figure("carrier.group_area") == Decimal("8.8")
    assert figure("carrier.group_area", town=changle) == Decimal("3")


def test_new_area_counts_operating_new_builds(changle):
    CarrierFactory(town=changle, new_build=True, status=Status.OPERATING, area_sqm=Decimal("25000"))
    CarrierFactory(town=changle, new_build=True, status=Status.BUILDING, area_sqm=Decimal("60000"))
    CarrierFactory(town=changle, new_build=False, status=Status.OPERATING, area_sqm=Decimal("1000"))
    assert figure("carrier.new_area") == Decimal("2.5")


def test_behind_schedule_snapshot(changle):
    behind = CarrierFactory(town=changle)
    ReportFactory(carrier=behind, year=2023, quarter=2, planned_pct=60, actual_pct=45)
    ReportFactory(carrier=CarrierFactory(town=changle), year=2023, quarter=2, planned_pct=60, actual_pct=55)
    ReportFactory(carrier=CarrierFactory(town=changle), year=2023, quarter=3, planned_pct=60, actual_pct=5)  # after H1
    assert figure("carrier.behind_schedule") == 1
    assert figure("carrier.behind_schedule", make_period(2023, "Y")) == 2


def test_operators_signed(changle):
    ContractFactory(carrier=CarrierFactory(town=changle), stage="signed", signed_on=dt.date(2023, 4, 18))
    ContractFactory(carrier=CarrierFactory(town=changle), stage="signed", signed_on=dt.date(2022, 12, 1))
    ContractFactory(carrier=CarrierFactory(town=changle), stage="talks")
    assert figure("carrier.operators_signed") == 1


def test_platform_projects_started_in_the_period(changle):
    platform = PlatformFactory(town=changle)
    ProjectFactory(platform=platform, stage=PlatformProject.Stage.STARTED, started_on=dt.date(2023, 5, 26))
    ProjectFactory(platform=platform, stage=PlatformProject.Stage.STARTED, started_on=dt.date(2023, 8, 1))
    ProjectFactory(platform=platform, stage=PlatformProject.Stage.RESEARCH)
    assert figure("platform.projects") == 1


CODES = ["carrier.provincial_applied", "carrier.city_passed", "carrier.group_area", "carrier.new_area",
         "carrier.behind_schedule", "carrier.operators_signed", "platform.projects"]  # fmt: skip


def test_every_carrier_kpi_computes_by_town(changle, sanxing):
    carrier = CarrierFactory(town=changle, group_managed=True, area_sqm=Decimal("20000"))
    ReportFactory(carrier=carrier, year=2023, quarter=1, planned_pct=50, actual_pct=10)
    CarrierFactory(town=sanxing, group_managed=True, area_sqm=Decimal("10000"))
    for code in CODES:
        rows = report_selectors.compute_by_town(get(code), H1)
        assert rows, code
    group = {
        row.town.name if row.town else None: row.figure.actual
        for row in report_selectors.compute_by_town(get("carrier.group_area"), H1)
    }
    assert group["常乐镇"] == Decimal("2") and group["三星镇"] == Decimal("1")
    behind = {
        row.town.name if row.town else None: row.figure.actual
        for row in report_selectors.compute_by_town(get("carrier.behind_schedule"), H1)
    }
    assert behind["常乐镇"] == 1


def test_behind_schedule_kpi_reads_the_admins_threshold(changle):
    from carriers.models import ScheduleSetting

    ReportFactory(carrier=CarrierFactory(town=changle), year=2023, quarter=2, planned_pct=60, actual_pct=50)
    assert figure("carrier.behind_schedule") == 0  # exactly at the default 10: on time
    ScheduleSetting.objects.create(threshold_pct=Decimal("5"))
    assert figure("carrier.behind_schedule") == 1
