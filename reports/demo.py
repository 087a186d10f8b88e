"""seed_demo's statistical indicators: the two the H1 2023 summary quotes (1–5月, 南通全市 for comparison).

"1-5月科学研究和技术服务业营业收入增幅达48.3%，列全市第一 … （南通全市16.5%），
重点企业1-5月研发经费支出增幅超20%，列全市第一（南通全市2.56%）。"
Matched on (year, month, name), so a second run changes nothing.
"""

from decimal import Decimal

from django.db import transaction

from .models import StatIndicator
from .registry import Group

SOURCE = "区科技局2023年上半年工作总结"

INDICATORS = [
    {
        "name": "科学研究和技术服务业营业收入增幅",
        "group": Group.CLUSTERS,
        "qualifier": StatIndicator.Qualifier.EQUAL,
        "value": Decimal("48.3"),
        "benchmark_value": Decimal("16.5"),
        "rank": 1,
    },
    {
        "name": "重点企业研发经费支出增幅",
        "group": Group.ENTERPRISES,
        "qualifier": StatIndicator.Qualifier.OVER,
        "value": Decimal("20"),
        "benchmark_value": Decimal("2.56"),
        "rank": 1,
    },
]


@transaction.atomic
def seed(*, users, towns, year=2023) -> dict:
    created = 0
    for row in INDICATORS:
        values = {**row, "unit": "%", "benchmark_name": "南通全市", "source": SOURCE}
        name = values.pop("name")
        existing = StatIndicator.objects.filter(year=year, through_month=5, name=name).first()
        if existing is None:
            indicator = StatIndicator(year=year, through_month=5, name=name, entered_by=users.get("staff"), **values)
            indicator.full_clean()
            indicator.save()
            created += 1
    return {"stat_indicators": len(INDICATORS), "created": created}
