import datetime as dt
from decimal import Decimal

import factory

from cooperation.models import EventKind, IACooperation, IAEvent, Institution, Registration, TechContract
from enterprises.tests.factories import EnterpriseFactory

# ---- industry–academia ----------------------------------------------------


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"测试大学{n:04d}")


class IACooperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IACooperation

    enterprise = factory.SubFactory(EnterpriseFactory)
    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"测试合作项目{n:04d}")
    amount = Decimal("50")
    signed_on = dt.date(2023, 3, 1)


class TechContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechContract

    reg_number = factory.Sequence(lambda n: f"2332061499{n:04d}")
    title = factory.Sequence(lambda n: f"测试技术合同{n:04d}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    counterpart = "上海测试科技有限公司"
    contract_amount = Decimal("1000")
    tech_amount = Decimal("800")
    status = Registration.REGISTERED
    registered_on = dt.date(2023, 3, 1)


class IAEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IAEvent

    kind = EventKind.ACTIVITY
    title = factory.Sequence(lambda n: f"测试产学研活动{n:04d}")
    held_on = dt.date(2023, 3, 10)
