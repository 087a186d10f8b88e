"""The finance demo (cooperation.demo.seed_finance): the seed's 18 / 7 / >1.5亿 / 11 / 3.9535亿, idempotent."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from cooperation import demo
from cooperation.models import Bank, Financing, IntermediaryReview
from core.models import Town
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(towns, staff_user, bureau_admin, changle):
    # The enterprises demo's named enterprises and a dozen others (the finance demo looks them up).
    for name in demo.FINANCE_NAMED:
        EnterpriseFactory(name=name, town=changle, founded_on=dt.date(2015, 1, 1))
    for _ in range(12):
        EnterpriseFactory(town=changle, founded_on=dt.date(2016, 1, 1))
    by_name = {t.name: t for t in Town.objects.all()}
    users = {"staff": staff_user, "admin": bureau_admin}
    first = demo.seed_finance(users=users, towns=by_name, year=2023)
    second = demo.seed_finance(users=users, towns=by_name, year=2023)
    return first, second


def test_finance_demo_is_idempotent_and_names_the_banks(seeded):
    first, second = seeded
    assert first["financing"] == len(demo.CONNECTS) + len(demo.CREDITS) + len(demo.LOANS)
    assert not any(second.values())  # a second run writes nothing
    rural = Bank.objects.get(short_name="海门农商行")
    assert rural.units.get().status == "preparing"  # its 科技支行, not yet open in 2023
    assert Financing.objects.filter(bank=rural, kind="loan").exists()
    assert IntermediaryReview.objects.filter(year=2023).count() == 5
    assert set(IntermediaryReview.objects.values_list("grade", flat=True)) == {"excellent", "good", "pass", "fail"}


def test_kpi_command_gives_the_seed_figures(seeded):
    out = StringIO()
    call_command("kpi", "--year", "2023", "--period", "H1", "--json", stdout=out)
    kpis = json.loads(out.getvalue())["kpis"]
    assert kpis["fin.connected"]["actual"] == 18
    assert kpis["fin.loans"]["actual"] == 7
    assert Decimal(str(kpis["fin.loan_amount"]["actual"])) > Decimal("1.5")
    assert kpis["fin.credit_enterprises"]["actual"] == 11
    assert Decimal(str(kpis["fin.credit_amount"]["actual"])) == Decimal("3.9535")
