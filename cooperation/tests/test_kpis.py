"""Every industry–academia KPI against hand-built records."""

import datetime as dt
from decimal import Decimal

import pytest

from cooperation.models import Direction, EventKind, IAStatus, Registration
from cooperation.tests.factories import IACooperationFactory, IAEventFactory, TechContractFactory
from enterprises.tests.factories import EnterpriseFactory
from reports import selectors as report_selectors
from reports.periods import make_period
from reports.registry import get_kpi as get

pytestmark = pytest.mark.django_db
H1 = make_period(2023, "H1")
H2 = make_period(2023, "H2")


def figure(code, period=H1, town=None):
    kpi = get(code)
    return kpi.figure(kpi.records_for(period, town).aggregate(**kpi.aggregates_for(period)))


def test_ia_projects_count_by_signing_date(changle, sanxing):
    IACooperationFactory(enterprise__town=changle, signed_on=dt.date(2023, 1, 1))
    IACooperationFactory(enterprise__town=changle, signed_on=dt.date(2023, 6, 30), status=IAStatus.TERMINATED)
    IACooperationFactory(enterprise__town=sanxing, signed_on=dt.date(2023, 3, 3))
    IACooperationFactory(enterprise__town=changle, signed_on=dt.date(2022, 12, 31))  # last year
    IACooperationFactory(enterprise__town=changle, signed_on=dt.date(2023, 7, 1))  # H2
    assert figure("coop.ia_projects") == 3
    assert figure("coop.ia_projects", town=changle) == 2
    assert figure("coop.ia_projects", H2) == 1


def test_tech_contract_output_sums_registered_output_in_yi(changle, sanxing):
    enterprise = EnterpriseFactory(town=changle)
    TechContractFactory(enterprise=enterprise, contract_amount=Decimal("250000"), tech_amount=Decimal("1"))
    TechContractFactory(
        enterprise=EnterpriseFactory(town=sanxing), contract_amount=Decimal("30200.1234"),
        tech_amount=Decimal("1"), registered_on=dt.date(2023, 6, 30),
    )  # fmt: skip
    # Not counted: 吸纳, not yet registered, sent back, registered in H2, registered last year.
    TechContractFactory(enterprise=enterprise, direction=Direction.ABSORB, contract_amount=Decimal("9999"))
    TechContractFactory(enterprise=enterprise, status=Registration.PENDING, registered_on=None)
    TechContractFactory(
        enterprise=enterprise, status=Registration.RECTIFY, registered_on=None, rectify_reason="材料不全"
    )
    TechContractFactory(enterprise=enterprise, registered_on=dt.date(2023, 7, 1), contract_amount=Decimal("700"))
    TechContractFactory(enterprise=enterprise, registered_on=dt.date(2022, 12, 31))
    assert figure("coop.tech_contract_output") == Decimal("28.0200")  # 280200.1234 万元, four decimals
    assert figure("coop.tech_contract_output", town=sanxing) == Decimal("3.0200")
    assert figure("coop.tech_contract_output", H2) == Decimal("0.0700")


def test_ia_events_count_activities_not_clinics(changle):
    IAEventFactory(town=changle, held_on=dt.date(2023, 1, 1))
    IAEventFactory(town=None, held_on=dt.date(2023, 4, 18))  # run by the district
    IAEventFactory(town=changle, held_on=dt.date(2023, 5, 16), kind=EventKind.CLINIC, expert="王教授")
    IAEventFactory(town=changle, held_on=dt.date(2023, 7, 1))
    assert figure("coop.ia_events") == 2
    assert figure("coop.ia_events", town=changle) == 1


def test_by_town_rows_add_up_to_the_district(changle, sanxing, staff_user):
    IAEventFactory(town=changle, held_on=dt.date(2023, 2, 1))
    IAEventFactory(town=None, held_on=dt.date(2023, 2, 2))
    TechContractFactory(enterprise__town=sanxing, contract_amount=Decimal("15000"))
    rows = {
        (r.town.name if r.town else None): r.figure.actual
        for r in report_selectors.compute_by_town(get("coop.ia_events"), H1, user=staff_user)
    }
    assert rows["常乐镇"] == 1 and rows[None] == 1
    output = {
        (r.town.name if r.town else None): r.figure.actual
        for r in report_selectors.compute_by_town(get("coop.tech_contract_output"), H1, user=staff_user)
    }
    assert output["三星镇"] == Decimal("1.5000") and output["常乐镇"] == Decimal("0.0000")
