"""After seed_demo, `kpi --year 2023 --period H1 --json` gives the seed's figures (docs/domain.md §3).

enterprises/tests/test_demo.py counts the same figures from the records with its own queries;
this checks that the registry's definitions come to the same numbers, and that the demo seeds
the two statistical indicators the summary quotes.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from reports.models import StatIndicator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--force", "--json", stdout=StringIO())
            out = StringIO()
            call_command("kpi", "--year", "2023", "--period", "H1", "--json", stdout=out)
            indicators = list(StatIndicator.objects.values_list("name", "value", "benchmark_value", "rank"))
            yield {"kpi": json.loads(out.getvalue()), "indicators": indicators}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_h1_2023_is_the_seed(seeded):
    kpis = seeded["kpi"]["kpis"]
    assert seeded["kpi"]["year"] == 2023 and seeded["kpi"]["period"] == "H1"
    assert {code: kpis[code]["actual"] for code in [
        "ent.fanxing_evaluated",
        "ent.fanxing_registered",
        "ent.qiangji_candidates",
        "ent.rd_filings",
        "ent.coaching_sessions",
        "ent.unicorn_recommended",
    ]} == {
        "ent.fanxing_evaluated": 406,
        "ent.fanxing_registered": 363,
        "ent.qiangji_candidates": 199,
        "ent.rd_filings": 777,
        "ent.coaching_sessions": 5,
        "ent.unicorn_recommended": 4,
    }  # fmt: skip
    assert kpis["ent.qiangji_pool"]["target"] == 500
    assert kpis["ent.leading_pool"]["target"] == 50
    assert kpis["ent.key_visit_coverage"]["target"] == 100
    assert kpis["ent.fanxing_registered"]["name"] == "科技型中小企业入库"


def test_the_summarys_statistical_indicators(seeded):
    from decimal import Decimal

    assert sorted(seeded["indicators"]) == [
        ("科学研究和技术服务业营业收入增幅", Decimal("48.3"), Decimal("16.5"), 1),
        ("重点企业研发经费支出增幅", Decimal("20"), Decimal("2.56"), 1),
    ]
