import datetime as dt
from decimal import Decimal

import factory

from carriers.models import (
    Carrier,
    ConstructionReport,
    Kind,
    OperatorContract,
    Platform,
    PlatformKind,
    PlatformProject,
    PlatformTarget,
    Tenancy,
)
from enterprises.tests.factories import EnterpriseFactory


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier

    name = factory.Sequence(lambda n: f"测试科创载体{n:04d}")
    kind = Kind.INCUBATOR
    area_sqm = Decimal("10000")
    opened_on = dt.date(2020, 1, 1)


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    carrier = factory.SubFactory(CarrierFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    moved_in_on = dt.date(2022, 3, 1)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConstructionReport

    carrier = factory.SubFactory(CarrierFactory)
    year = 2023
    quarter = factory.Sequence(lambda n: n % 4 + 1)
    planned_pct = Decimal("50")
    actual_pct = Decimal("45")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatorContract

    carrier = factory.SubFactory(CarrierFactory)
    company = factory.Sequence(lambda n: f"运营机构{n:04d}")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    name = factory.Sequence(lambda n: f"测试创新平台{n:04d}")
    kind = PlatformKind.RESEARCH_CENTER


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformTarget

    platform = factory.SubFactory(PlatformFactory)
    year = 2023
    projects = 12
    incubated = 4
    service_platforms = 1


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformProject

    platform = factory.SubFactory(PlatformFactory)
    title = factory.Sequence(lambda n: f"平台项目{n:04d}")
    year = 2023
