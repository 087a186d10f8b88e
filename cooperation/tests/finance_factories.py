"""Factories of the science-finance and intermediary records."""

import datetime as dt
from decimal import Decimal

import factory

from cooperation.models import (
    Bank,
    Financing,
    FinancingKind,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    ServiceKind,
)
from enterprises.tests.factories import EnterpriseFactory


class BankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bank
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试银行{n:03d}海门支行")
    short_name = factory.Sequence(lambda n: f"测试银行{n:03d}")


class FinancingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Financing

    enterprise = factory.SubFactory(EnterpriseFactory)
    bank = factory.SubFactory(BankFactory)
    kind = FinancingKind.CONNECT
    on = factory.Sequence(lambda n: dt.date(2023, 1, 1) + dt.timedelta(days=n % 180))


def credit(enterprise, bank, amount, on, **kw):
    return FinancingFactory(
        enterprise=enterprise, bank=bank, kind=FinancingKind.CREDIT, amount=Decimal(amount), on=on, **kw
    )


def loan(enterprise, bank, amount, on, **kw):
    return FinancingFactory(
        enterprise=enterprise, bank=bank, kind=FinancingKind.LOAN, amount=Decimal(amount), on=on, **kw
    )


class IntermediaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intermediary

    name = factory.Sequence(lambda n: f"测试科技服务有限公司{n:03d}")
    kind = ServiceKind.CONSULTING


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntermediaryService

    intermediary = factory.SubFactory(IntermediaryFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = ServiceKind.CONSULTING
    served_on = dt.date(2023, 3, 1)
    content = "研发管理咨询"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntermediaryReview

    intermediary = factory.SubFactory(IntermediaryFactory)
    year = 2023
    score = Decimal("80")
    grade = "good"
