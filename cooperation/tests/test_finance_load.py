"""generate_load's finance rows: in proportion to the new enterprises, every loan within its line."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F, OuterRef, Subquery

from cooperation.load import FINANCE_SHARE, LOAN_SHARE
from cooperation.models import Financing
from cooperation.reference import load_banks

pytestmark = pytest.mark.django_db


def test_load_adds_financing_in_proportion_and_loans_within_their_line(towns):
    load_banks()
    call_command("generate_load", enterprises=200, batch_size=80, json=True, stdout=io.StringIO())
    ids = list(Financing.objects.order_by().values_list("enterprise_id", flat=True).distinct())
    assert ids and all(i % FINANCE_SHARE == 0 for i in ids)
    assert Financing.objects.filter(kind="credit").count() == len(ids)
    loans = Financing.objects.filter(kind="loan")
    assert loans.exists() and all(f.enterprise_id % LOAN_SHARE == 0 for f in loans)
    line = Financing.objects.filter(kind="credit", enterprise=OuterRef("enterprise"), bank=OuterRef("bank"))
    over = loans.annotate(line=Subquery(line.values("amount")[:1])).filter(amount__gt=F("line"))
    assert not over.exists()
    before = Financing.objects.count()
    call_command("generate_load", enterprises=200, batch_size=80, json=True, stdout=io.StringIO())
    assert Financing.objects.count() == before  # a second run adds nothing for the same enterprises
