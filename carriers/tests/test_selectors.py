"""Reads: the behind-schedule rule at its threshold, tenant flags (enterprises app), totals, platform progress."""

import datetime as dt
from decimal import Decimal

import pytest

from carriers import selectors
from carriers.models import Area, Carrier, Kind, PlatformProject, ScheduleSetting, Status
from carriers.tests.factories import (
    CarrierFactory,
    PlatformFactory,
    ProjectFactory,
    ReportFactory,
    TargetFactory,
    TenancyFactory,
)
from enterprises import services as enterprise_services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def behind_names(user, threshold=None):
    return {c.name for c in selectors.behind_schedule(Carrier.objects.for_user(user), threshold)}


def test_behind_schedule_at_its_threshold(changle, staff_user):
    on_edge = CarrierFactory(town=changle, name="恰好10个百分点")
    ReportFactory(carrier=on_edge, year=2023, quarter=2, planned_pct=Decimal("60"), actual_pct=Decimal("50"))
    over = CarrierFactory(town=changle, name="落后10.1个百分点")
    ReportFactory(carrier=over, year=2023, quarter=2, planned_pct=Decimal("60"), actual_pct=Decimal("49.9"))
    assert ScheduleSetting.current() == Decimal("10")  # the default until an admin sets one
    assert behind_names(staff_user) == {"落后10.1个百分点"}  # "more than" the threshold: exactly at it is on time
    ScheduleSetting.objects.create(threshold_pct=Decimal("9.9"))
    assert behind_names(staff_user) == {"恰好10个百分点", "落后10.1个百分点"}


def test_behind_schedule_reads_the_latest_report_only(changle, staff_user):
    carrier = CarrierFactory(town=changle, name="追上了")
    ReportFactory(carrier=carrier, year=2023, quarter=1, planned_pct=50, actual_pct=20)
    ReportFactory(carrier=carrier, year=2023, quarter=2, planned_pct=70, actual_pct=68)
    assert behind_names(staff_user) == set()
    # ... but on 31 March 2023 it was behind (the KPI's snapshot)
    assert selectors.behind_schedule_ids(dt.date(2023, 3, 31)).count() == 1
    assert selectors.behind_schedule_ids(dt.date(2023, 2, 28)).count() == 0


def test_behind_list_is_scoped(changle, sanxing, officer):
    mine = CarrierFactory(town=changle)
    ReportFactory(carrier=mine, planned_pct=80, actual_pct=10)
    ReportFactory(carrier=CarrierFactory(town=sanxing), planned_pct=80, actual_pct=10)
    assert list(selectors.behind_schedule_list(officer)) == [mine]


def test_tenant_counts_come_from_pool_memberships(changle, staff_user):
    carrier = CarrierFactory(town=changle)
    today = dt.date(2023, 6, 30)
    sme = EnterpriseFactory(town=changle)
    enterprise_services.pool_enter(
        enterprise=sme, pool=Pool.FANXING, year=2023, stage=Stage.REGISTERED, user=staff_user,
        certificate_no="2023320684000001", certified_on=dt.date(2023, 5, 1),
    )  # fmt: skip
    hte = EnterpriseFactory(town=changle)
    enterprise_services.pool_enter(
        enterprise=hte, pool=Pool.QIANGJI, year=2021, stage=Stage.RECOGNIZED, user=staff_user,
        certificate_no="GR202132000001", certified_on=dt.date(2021, 11, 30),
    )  # fmt: skip
    old_hte = EnterpriseFactory(town=changle)  # certificate of 2019: expired by June 2023
    enterprise_services.pool_enter(
        enterprise=old_hte, pool=Pool.QIANGJI, year=2019, stage=Stage.RECOGNIZED, user=staff_user,
        certificate_no="GR201932000001", certified_on=dt.date(2019, 12, 1),
    )  # fmt: skip
    plain = EnterpriseFactory(town=changle)
    gone = EnterpriseFactory(town=changle)
    enterprise_services.pool_enter(enterprise=gone, pool=Pool.QIANGJI, year=2023, user=staff_user)
    for e in (sme, hte, old_hte, plain):
        TenancyFactory(carrier=carrier, enterprise=e)
    TenancyFactory(carrier=carrier, enterprise=gone, moved_out_on=dt.date(2023, 1, 31))

    page = selectors.carrier_page(carrier, today=today)
    assert page["tenant_counts"] == {"current": 4, "tech_sme": 1, "hte": 1, "in_pool": 1, "graduated": 0}
    flags = {t.enterprise_id: (t.is_tech_sme, t.is_hte, t.in_pool) for t in page["tenants"]}
    assert flags[sme.pk] == (True, False, True)
    assert flags[hte.pk] == (False, True, False)
    assert flags[old_hte.pk] == (False, False, False)


def test_totals(changle, sanxing, staff_user, officer):
    CarrierFactory(town=changle, kind=Kind.INCUBATOR, area_sqm=30000, group_managed=True, area=Area.JIANGONGHU)
    CarrierFactory(town=changle, kind=Kind.MAKER_SPACE, area_sqm=10000, new_build=True, status=Status.OPERATING)
    CarrierFactory(town=sanxing, kind=Kind.INCUBATOR, area_sqm=5000, new_build=True, status=Status.PLANNED)
    totals = selectors.totals(staff_user)
    assert totals["total"] == 45000 and totals["group"] == 30000 and totals["new"] == 10000
    assert totals["goal_pct"] == Decimal("1.0")
    assert {r["label"]: r["sqm"] for r in totals["by_kind"]} == {"孵化器": 35000, "众创空间": 10000}
    assert {r["label"]: r["sqm"] for r in totals["by_area"]} == {"不属于两城一园": 15000, "謇公湖科教城": 30000}
    assert selectors.totals(officer)["total"] == 40000  # only 常乐镇's carriers


def test_platform_progress_against_targets(changle):
    platform = PlatformFactory(town=changle)
    TargetFactory(platform=platform, year=2023, projects=12, incubated=4, service_platforms=1)
    ProjectFactory(platform=platform, stage=PlatformProject.Stage.STARTED, started_on=dt.date(2023, 5, 26), incubated=1)
    ProjectFactory(
        platform=platform, stage=PlatformProject.Stage.DONE, started_on=dt.date(2023, 1, 5), is_service_platform=True
    )
    ProjectFactory(platform=platform, stage=PlatformProject.Stage.RESEARCH)
    rows = {r["key"]: (r["done"], r["goal"], r["pct"]) for r in selectors.platform_progress(platform, 2023)["progress"]}
    assert rows == {"projects": (2, 12, 17), "incubated": (1, 4, 25), "service_platforms": (1, 1, 100)}
