"""investment.demo (the project pipeline): idempotent; `kpi --year 2023 --period H1` gives the seed's 117 signed,
105 recognised, 94 in talks on 30 June, against the 2023 targets 200 and 60."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Town
from investment import demo
from investment.models import InvestmentLead, InvestmentProject, ProjectStageChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(towns, staff_user, bureau_admin, officer, other_officer):
    by_name = {t.name: t for t in Town.objects.all()}
    users = {"staff": staff_user, "admin": bureau_admin, "officer": officer, "officer_sanxing": other_officer}
    first = demo.seed(users=users, towns=by_name, year=2023)
    second = demo.seed(users=users, towns=by_name, year=2023)
    return first, second


def test_demo_is_plausible_and_idempotent(seeded):
    first, second = seeded
    assert first["projects"] > 250 and first["leads"] == demo.LEADS
    assert not any(second.values())  # a second run writes nothing
    assert InvestmentProject.objects.values("town").distinct().count() == 15
    assert InvestmentProject.objects.values("direction").distinct().count() == 12
    assert InvestmentLead.objects.filter(project__isnull=False).count() == 4
    # Every project's stage is its last move (the board and the KPIs agree).
    for project in InvestmentProject.objects.all()[:50]:
        last = ProjectStageChange.objects.filter(project=project).order_by("on", "id").last()
        assert (last.to_stage, last.on) == (project.stage, project.stage_on)


def test_kpi_command_gives_the_seed_figures(seeded):
    out = StringIO()
    call_command("kpi", "--year", "2023", "--period", "H1", "--json", stdout=out)
    kpis = json.loads(out.getvalue())["kpis"]
    assert kpis["invest.signed"]["actual"] == 117
    assert kpis["invest.nt_recognized"]["actual"] == 105
    assert kpis["invest.in_talks"]["actual"] == 94
    assert kpis["invest.key_signed"]["actual"] == demo.KEY_SIGNED_H1
    assert kpis["invest.signed"]["target"] == 200 and kpis["invest.key_signed"]["target"] == 60
