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
