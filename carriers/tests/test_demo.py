"""carriers.demo: the seed's carriers and platforms, idempotent; `kpi --year 2023 --period H1` gives 6, 5, 8.8."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from carriers import demo
from carriers.models import Carrier, OperatorContract, Platform, PlatformProject, PlatformTarget
from core.models import Town

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(towns, staff_user, bureau_admin):
    by_name = {t.name: t for t in Town.objects.all()}
    users = {"staff": staff_user, "admin": bureau_admin}
    first = demo.seed(users=users, towns=by_name, year=2023)
    second = demo.seed(users=users, towns=by_name, year=2023)
    return first, second


def test_demo_is_the_seed_and_idempotent(seeded):
    first, second = seeded
    assert first["carriers"] == len(demo.CARRIERS) and first["applications"] == 6
    assert not any(second.values())  # a second run writes nothing
    group = Carrier.objects.filter(group_managed=True)
    assert sorted(group.values_list("name", flat=True)) == sorted(
        ["长海大厦", "謇公湖科创中心", "拓鸿产业园", "科技人才交流中心"]
    )
    assert sum(c.area_sqm for c in group) == Decimal("88000")
    assert OperatorContract.objects.filter(stage="signed").count() == 3
    ship = Platform.objects.get(name="省船舶与海洋工程装备技术创新中心")
    target = PlatformTarget.objects.get(platform=ship, year=2023)
    assert (target.projects, target.incubated, target.service_platforms) == (12, 4, 1)
    assert PlatformProject.objects.filter(platform=ship).count() == 4
    assert PlatformTarget.objects.get(platform__name="武汉大学海门集成电路研究中心").projects == 5
    assert set(Platform.objects.filter(kind="new_rd", level="provincial").values_list("name", flat=True)) == {
        "沈化测试",
        "海赛未来",
    }


def test_kpi_command_gives_the_seed_figures(seeded):
    out = StringIO()
    call_command("kpi", "--year", "2023", "--period", "H1", "--json", stdout=out)
    kpis = json.loads(out.getvalue())["kpis"]
    assert kpis["carrier.provincial_applied"]["actual"] == 6
    assert kpis["carrier.city_passed"]["actual"] == 5
    assert Decimal(str(kpis["carrier.group_area"]["actual"])) == Decimal("8.8")
    assert kpis["carrier.operators_signed"]["actual"] == 3
    assert kpis["platform.projects"]["actual"] == 3
