"""The activity half of seed_demo: idempotent, and `kpi --year 2023 --period H1` gives the seed's figures."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Town
from investment import demo_activity
from investment.models import ClientVisit, Fund, InvestmentEvent, TeamMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(towns, staff_user, bureau_admin, officer):
    by_name = {t.name: t for t in Town.objects.all()}
    users = {"staff": staff_user, "admin": bureau_admin, "officer": officer}
    first = demo_activity.seed(users=users, towns=by_name, year=2023)
    second = demo_activity.seed(users=users, towns=by_name, year=2023)
    return first, second


def test_demo_is_the_seed_and_idempotent(seeded, officer):
    first, second = seeded
    assert first == {"team": 169, "events": 48, "client_visits": 260, "funds": 3}
    assert not any(second.values())
    titles = set(InvestmentEvent.objects.values_list("title", flat=True))
    assert "2023年高新企业高质量发展春茗会科技招商推介" in titles and "全区科创载体联盟工作例会" in titles
    roadshow = InvestmentEvent.objects.get(held_on="2023-05-26", kind="roadshow")
    assert "船舶" in roadshow.title
    assert InvestmentEvent.objects.get(title__contains="春茗会").city == "深圳"
    assert set(Fund.objects.values_list("name", flat=True)) == {
        "区级科创母基金",
        "南通东布洲新兴产业科创投资基金",
        "海望东洲股权投资基金",
    }
    head = TeamMember.objects.get(user=officer)
    assert head.is_head and head.town == officer.town
    assert ClientVisit.objects.count() == 260


def test_kpi_command_gives_the_seed_figures(seeded):
    out = StringIO()
    call_command("kpi", "--year", "2023", "--period", "H1", "--json", stdout=out)
    kpis = json.loads(out.getvalue())["kpis"]
    assert kpis["invest.events"]["actual"] == 28
    assert kpis["invest.roadshows"]["actual"] == 20
    assert kpis["invest.client_visits"]["actual"] == 260
    assert kpis["invest.team"]["actual"] == 165
