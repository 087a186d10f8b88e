"""The contract of the science-finance and intermediary records: pinned query counts on every page
and export, and the scope — a financing record or a service is its enterprise's town's (another
town's officer gets 404 and no export row); banks, agencies and evaluations are district data
(every user reads them, an officer changes nothing)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cooperation.tests.finance_factories import (
    BankFactory,
    FinancingFactory,
    IntermediaryFactory,
    ReviewFactory,
    ServiceFactory,
    credit,
    loan,
)
from core.testing import ModelContract, Page
from enterprises.tests.factories import EnterpriseFactory

D = dt.date


def pk(obj):
    return [obj.pk]


@pytest.fixture
def finance_book(changle):
    """A 常乐镇 enterprise connected to a bank, with a credit line and a loan, served by an agency
    that was evaluated; returns its records."""
    bank = BankFactory(name="江苏海门某农商行", short_name="某农商行")
    firm = EnterpriseFactory(town=changle, name="南通常乐样本科技有限公司")
    connect = FinancingFactory(enterprise=firm, bank=bank, on=D(2023, 1, 10))
    line = credit(firm, bank, 800, D(2023, 2, 1))
    paid = loan(firm, bank, 500, D(2023, 3, 1))
    agency = IntermediaryFactory(name="南通样本知识产权代理有限公司")
    service = ServiceFactory(intermediary=agency, enterprise=firm, served_on=D(2023, 4, 1))
    review = ReviewFactory(intermediary=agency, year=2023, score=Decimal("91"), grade="excellent")
    return {"bank": bank, "firm": firm, "connect": connect, "credit": line, "loan": paid, "agency": agency,
            "service": service, "review": review}  # fmt: skip


@pytest.fixture
def more_finance(changle, sanxing, finance_book):
    def grow():
        bank = finance_book["bank"]
        for i in range(12):
            firm = EnterpriseFactory(town=changle if i % 2 else sanxing)
            FinancingFactory(enterprise=firm, bank=BankFactory(), on=D(2023, 1, 1) + dt.timedelta(days=i))
            credit(firm, bank, 100 + i, D(2023, 2, 1) + dt.timedelta(days=i))
            agency = IntermediaryFactory()
            ServiceFactory(intermediary=agency, enterprise=firm)
            ServiceFactory(intermediary=finance_book["agency"], enterprise=firm, served_on=D(2023, 5, 1 + i))
            ReviewFactory(intermediary=agency, year=2023)
        loan(finance_book["firm"], bank, 200, D(2023, 6, 1))

    return grow


class FinanceContract(ModelContract):
    @pytest.fixture
    def more(self, more_finance):
        return more_finance


class TestFinancingContract(FinanceContract):
    model = FinancingFactory._meta.model
    pages = [
        Page("financing_list", export=True),
        Page("financing_list", user="officer", variant="officer", export=True),
        Page("financing_list", query="kind=credit&year=2023", variant="filtered"),
        Page("financing_detail", args=pk, variant="loan"),
        Page("financing_history", args=pk),
    ]

    @pytest.fixture
    def sample(self, finance_book):
        return finance_book["loan"]

    def scope_marker(self, sample):
        return sample.enterprise.credit_code


class TestServiceContract(FinanceContract):
    model = ServiceFactory._meta.model
    pages = [
        Page("intermediaryservice_list", export=True),
        Page("intermediaryservice_list", user="officer", variant="officer", export=True),
        Page("intermediaryservice_detail", args=pk),
        Page("intermediaryservice_history", args=pk),
    ]

    @pytest.fixture
    def sample(self, finance_book):
        return finance_book["service"]

    def scope_marker(self, sample):
        return sample.enterprise.credit_code


class DistrictContract(FinanceContract):
    """Not town data: another town's officer reads it and changes nothing."""

    @pytest.mark.django_db
    def test_out_of_scope_everywhere(self, client, other_officer, sample):
        client.force_login(other_officer)
        name = sample._meta.model_name
        assert client.get(reverse(f"cooperation:{name}_detail", args=[sample.pk])).status_code == 200
        for action in ("edit", "delete"):
            url = reverse(f"cooperation:{name}_{action}", args=[sample.pk])
            assert client.get(url).status_code == 403
            assert client.post(url, {}).status_code == 403
        assert client.get(reverse(f"cooperation:{name}_add")).status_code == 403
        assert type(sample).objects.filter(pk=sample.pk).exists()


class TestBankContract(DistrictContract):
    model = BankFactory._meta.model
    pages = [
        Page("bank_list", export=True),
        Page("bank_list", user="officer", variant="officer", export=True),
        Page("bank_detail", args=pk),
        Page("bank_history", args=pk),
    ]

    @pytest.fixture
    def sample(self, finance_book):
        return finance_book["bank"]


class TestIntermediaryContract(DistrictContract):
    model = IntermediaryFactory._meta.model
    pages = [
        Page("intermediary_list", export=True),
        Page("intermediary_list", user="officer", variant="officer", export=True),
        Page("intermediary_detail", args=pk),
        Page("intermediary_history", args=pk),
    ]

    @pytest.fixture
    def sample(self, finance_book):
        return finance_book["agency"]


class TestReviewContract(DistrictContract):
    model = ReviewFactory._meta.model
    pages = [
        Page("intermediaryreview_list", export=True),
        Page("intermediaryreview_list", query="year=2023&grade=excellent", variant="filtered"),
        Page("intermediaryreview_detail", args=pk),
        Page("intermediaryreview_history", args=pk),
    ]

    @pytest.fixture
    def sample(self, finance_book):
        return finance_book["review"]


def test_an_officer_sees_only_their_towns_services_in_an_agencys_counts(client, officer, finance_book, sanxing):
    ServiceFactory(intermediary=finance_book["agency"], enterprise=EnterpriseFactory(town=sanxing))
    client.force_login(officer)
    html = client.get(reverse("cooperation:intermediary_detail", args=[finance_book["agency"].pk])).content.decode()
    assert "共 1 次" in html  # 常乐镇's one service, not 三星镇's
