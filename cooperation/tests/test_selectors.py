"""The reads the enterprise page's cooperation panels use (cooperation.selectors.*_of)."""

import datetime as dt

import pytest

from cooperation import selectors
from cooperation.models import EventKind
from cooperation.tests.factories import IACooperationFactory, IAEventFactory, TechContractFactory
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_an_enterprises_records(officer, staff_user, changle, sanxing):
    enterprise = EnterpriseFactory(town=changle)
    IACooperationFactory(enterprise=enterprise)
    TechContractFactory(enterprise=enterprise)
    here = IAEventFactory(town=changle, kind=EventKind.CLINIC, expert="王教授", held_on=dt.date(2023, 5, 1))
    district = IAEventFactory(town=None, held_on=dt.date(2023, 4, 18))
    elsewhere = IAEventFactory(town=sanxing, held_on=dt.date(2023, 6, 27))
    for event in (here, district, elsewhere):
        event.enterprises.add(enterprise)
    assert selectors.projects_of(enterprise).count() == 1
    assert selectors.contracts_of(enterprise).count() == 1
    assert list(selectors.events_of(enterprise, staff_user)) == [elsewhere, here, district]
    assert list(selectors.events_of(enterprise, officer)) == [here]
