"""cooperation.demo: the summary's 创新生态 figures, idempotent; `kpi --year 2023 --period H1 --json`
gives 109 projects and 28.02亿 of output contracts, with the 2023 targets 160 and 24."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from cooperation import demo
from cooperation.models import EventKind, IAEvent, Registration, TechContract
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

TOWN_OF = {
    demo.ZHAOSHANG: "海门港新区", demo.HAIXIN: "海门港新区", demo.AOSIKANG: "临江新区", demo.YINUOSI: "临江新区",
    demo.HUIQIDIAN: "三星镇", demo.WEIBOSITE: "常乐镇", demo.SENDA: "悦来镇",
}  # fmt: skip
# The science-finance half's named enterprises (cooperation.demo.seed_finance).
TOWN_OF.update(dict.fromkeys([demo.JIAZHAO, demo.FUYA], "海门经济技术开发区"))
TOWN_OF.update(dict.fromkeys([demo.HAISAI, demo.SHENHUA], "临江新区"))


@pytest.fixture
def seeded(towns, staff_user, bureau_admin):
    # The enterprises demo's named enterprises (as it writes them) and some unnamed ones.
    for name, town in TOWN_OF.items():
        EnterpriseFactory(name=name, town=towns[town], founded_on=dt.date(2012, 1, 1))
    for i in range(60):
        EnterpriseFactory(town=list(towns.values())[i % len(towns)], founded_on=dt.date(2015, 1, 1))
    users = {"staff": staff_user, "admin": bureau_admin}
    first = demo.seed(users=users, towns=towns, year=2023)
    second = demo.seed(users=users, towns=towns, year=2023)
    return first, second


def test_demo_is_idempotent_and_names_the_summarys_partners(seeded):
    first, second = seeded
    assert first["ia_projects"] == demo.IA_H1 + 6 and first["institutions"] == len(demo.INSTITUTIONS)
    assert not any(second.values())  # a second run writes nothing
    named = TechContract.objects.filter(enterprise__name__in=[demo.ZHAOSHANG, demo.HAIXIN, demo.AOSIKANG, demo.YINUOSI])
    assert named.filter(registered_on__year=2023).count() == len(demo.NAMED_CONTRACTS)
    # The 整改 at 南通科技大市场: sent back and registered afterwards; two still waiting.
    rectified = TechContract.objects.filter(status=Registration.REGISTERED, rectify_since__isnull=False)
    assert rectified.count() == 3 and all(c.registered_on > c.rectify_since for c in rectified)
    assert TechContract.objects.filter(status=Registration.RECTIFY).count() == 2
    clinics = IAEvent.objects.filter(kind=EventKind.CLINIC)
    assert {e.name for c in clinics for e in c.enterprises.all()} == {demo.HUIQIDIAN, demo.WEIBOSITE, demo.SENDA}
    assert all(c.town == c.enterprises.get().town for c in clinics)
    tongji = IAEvent.objects.get(title__startswith="临江新区与同济大学")
    assert [i.name for i in tongji.institutions.all()] == ["同济大学"]


def test_kpi_command_gives_the_seed_figures(seeded):
    out = StringIO()
    call_command("kpi", "--year", "2023", "--period", "H1", "--json", stdout=out)
    kpis = json.loads(out.getvalue())["kpis"]
    assert kpis["coop.ia_projects"]["actual"] == 109 and kpis["coop.ia_projects"]["target"] == 160
    assert Decimal(str(kpis["coop.tech_contract_output"]["actual"])) == Decimal("28.02")
    assert kpis["coop.ia_events"]["target"] == 24
    assert kpis["coop.ia_events"]["actual"] >= 12  # at least two a month, January to June
    months = IAEvent.objects.filter(kind=EventKind.ACTIVITY, held_on__year=2023).values_list(
        "held_on__month", flat=True
    )
    assert all(list(months).count(m) >= 2 for m in range(1, 7))
    # and the science-finance half's
    assert (kpis["fin.connected"]["actual"], kpis["fin.loans"]["actual"], kpis["fin.credit_enterprises"]["actual"]) == (
        18, 7, 11,
    )  # fmt: skip
    assert Decimal(str(kpis["fin.credit_amount"]["actual"])) == Decimal("3.9535")
    assert Decimal(str(kpis["fin.loan_amount"]["actual"])) > Decimal("1.5")
