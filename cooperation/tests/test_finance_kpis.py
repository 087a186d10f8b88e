"""Every fin.* KPI against hand-built records: enterprises once per kind and period, 亿元 at four decimals."""

import datetime as dt
from decimal import Decimal

import pytest

from cooperation.tests.finance_factories import BankFactory, FinancingFactory, credit, loan
from enterprises.tests.factories import EnterpriseFactory
from reports import selectors as report_selectors
from reports.periods import make_period
from reports.registry import get_kpi as get

pytestmark = pytest.mark.django_db
H1 = make_period(2023, "H1")
D = dt.date
CODES = ["fin.connected", "fin.loans", "fin.loan_amount", "fin.credit_enterprises", "fin.credit_amount"]


def figure(code, period=H1, town=None):
    kpi = get(code)
    return kpi.figure(kpi.records_for(period, town).aggregate(**kpi.aggregates_for(period)))


@pytest.fixture
def book(changle, sanxing):
    """Three enterprises of 常乐镇 and one of 三星镇, with records inside and just outside H1."""
    bank, other = BankFactory(), BankFactory()
    a, b, c = (EnterpriseFactory(town=changle) for _ in range(3))
    s = EnterpriseFactory(town=sanxing)
    # a: connected twice, credit at two banks, two loans — counts once in every count.
    FinancingFactory(enterprise=a, bank=bank, on=D(2023, 1, 1))
    FinancingFactory(enterprise=a, bank=other, on=D(2023, 2, 1))
    credit(a, bank, "12345.6789", D(2023, 2, 10))
    credit(a, other, "1000", D(2023, 3, 10))
    loan(a, bank, "5000", D(2023, 3, 1))
    loan(a, bank, "2000.5", D(2023, 6, 30))
    # b: only a credit line (no 对接 record) — still a connected enterprise.
    credit(b, bank, "20000", D(2023, 4, 1))
    # c: only outside H1 (31 Dec and 1 Jul).
    FinancingFactory(enterprise=c, bank=bank, on=D(2022, 12, 31))
    credit(c, bank, "800", D(2023, 7, 1))
    loan(c, bank, "700", D(2023, 7, 1))
    # s (三星镇): a loan without a line.
    loan(s, other, "6190", D(2023, 5, 5))
    return {"a": a, "b": b, "c": c, "s": s}


def test_enterprise_counts_count_each_enterprise_once(book):
    assert figure("fin.connected") == 3  # a (4 kinds of records), b (credit only), s (loan only); not c
    assert figure("fin.loans") == 2  # a (two loans) and s
    assert figure("fin.credit_enterprises") == 2  # a (two lines) and b


def test_amounts_are_sums_in_yi_at_four_decimals(book):
    # Loans: 5000 + 2000.5 + 6190 = 13,190.5万元 → 1.3191亿 (half up); credit: 12345.6789 + 1000 + 20000.
    assert figure("fin.loan_amount") == Decimal("1.3191")
    assert str(figure("fin.loan_amount")) == "1.3191"
    assert figure("fin.credit_amount") == Decimal("3.3346")  # 33,345.6789万元


def test_the_period_bounds_and_the_towns(book, changle, sanxing):
    h2 = make_period(2023, "H2")
    assert figure("fin.loans", h2) == 1 and figure("fin.loan_amount", h2) == Decimal("0.0700")
    assert figure("fin.connected", make_period(2022, "Y")) == 1
    assert figure("fin.connected", make_period(2023, "Y")) == 4
    assert figure("fin.loans", town=changle) == 1 and figure("fin.loans", town=sanxing) == 1
    assert figure("fin.loan_amount", town=sanxing) == Decimal("0.6190")


def test_nothing_recorded_is_zero(db):
    assert figure("fin.connected") == 0
    assert figure("fin.credit_amount") == Decimal("0.0000")


def test_by_town_table_adds_up_to_the_district(book):
    for code in CODES:
        rows = report_selectors.compute_by_town(get(code), H1)
        by_town = {row.town.name if row.town else None: row.figure.actual for row in rows}
        assert sum(v for v in by_town.values() if v) == figure(code), code
    loans = {r.town.name: r.figure.actual for r in report_selectors.compute_by_town(get("fin.loans"), H1) if r.town}
    assert loans["常乐镇"] == 1 and loans["三星镇"] == 1


def test_the_demo_figures_come_out_as_the_seed_says(db):
    """The arithmetic of the demo's tables, independent of the database: 39,535万 and >1.5亿."""
    from cooperation import demo

    h1 = lambda rows: [r for r in rows if D(2023, 1, 1) <= r[-1] <= D(2023, 6, 30)]  # noqa: E731
    assert sum(Decimal(r[3]) for r in h1(demo.CREDITS)) == Decimal("39535")
    assert len({r[0] for r in h1(demo.CREDITS)}) == 11
    assert sum(Decimal(r[3]) for r in h1(demo.LOANS)) > Decimal("15000")
    assert len({r[0] for r in h1(demo.LOANS)}) == 7
    assert len({r[0] for r in demo.CONNECTS}) == 18
