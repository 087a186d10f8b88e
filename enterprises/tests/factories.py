import factory

from core.demo_codes import credit_code
from enterprises.models import Enterprise


def valid_credit_code(serial: int) -> str:
    return credit_code(10_000_000 + serial)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"南通海门测试科技有限公司{n:04d}")
    credit_code = factory.Sequence(lambda n: credit_code(20_000_000 + n))


class EnterpriseYearFactory(factory.django.DjangoModelFactory):
    """Figures of a year that pass the 高企 thresholds unless a test changes them."""

    class Meta:
        model = "enterprises.EnterpriseYear"

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2022
    revenue = 3000
    rd_expense = 180
    rd_expense_domestic = 170
    hitech_revenue = 2100
    total_costs = 2500
    total_assets = 6000
    net_assets = 2000
    employees = 100
    rd_staff = 20
    ip_class1 = 1
    ip_class2 = 5
    conversions = 5


class RDProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enterprises.RDProject"

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2023
    title = factory.Sequence(lambda n: f"高性能材料研发项目{n}")
    budget = 100
    filed_on = factory.LazyAttribute(lambda o: __import__("datetime").date(o.year, 3, 1))
