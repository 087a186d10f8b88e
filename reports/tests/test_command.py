"""manage.py kpi: the JSON of docs/domain.md §5, the readable table, and Chinese refusals with exit 1."""

import datetime as dt
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from enterprises.tests.factories import EnterpriseFactory, VisitFactory
from reports import registry

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("kpi", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def visits(changle, sanxing, make_user):
    grid = make_user("grid_changle", "town_officer", changle)
    for town, day in [(changle, dt.date(2023, 6, 30)), (changle, dt.date(2023, 7, 1)), (sanxing, dt.date(2023, 2, 1))]:
        VisitFactory(enterprise=EnterpriseFactory(town=town), officer=grid, visited_on=day)


def test_json_shape(visits):
    data = json.loads(run("--year", "2023", "--period", "H1", "--json"))
    assert data["year"] == 2023 and data["period"] == "H1" and data["town"] is None
    assert set(data["kpis"]) == {k.code for k in registry.all_kpis()}
    visits = data["kpis"]["ent.visits"]
    assert {"name", "unit", "actual", "target", "completion", "time_progress", "behind"} <= set(visits)
    assert visits == visits | {"name": "走访企业", "unit": "次", "actual": 2, "target": None, "completion": None}
    assert visits["time_progress"] == round(181 / 365, 4) and visits["behind"] is None
    pool = data["kpis"]["ent.qiangji_pool"]
    assert pool["target"] == 500 and pool["actual"] == 0 and pool["completion"] == 0 and pool["behind"] is True


def test_town_by_name_short_name_or_alias(visits):
    for name in ["常乐镇", "常乐"]:
        data = json.loads(run("--year", "2023", "--period", "Y", "--town", name, "--json"))
        assert data["town"] == "常乐镇" and data["kpis"]["ent.visits"]["actual"] == 2
    data = json.loads(run("--year", "2023", "--period", "M02", "--town", "三星", "--json"))
    assert data["period"] == "M02" and data["kpis"]["ent.visits"]["actual"] == 1
    assert "target_gap" not in data["kpis"]["ent.visits"]


def test_table_without_json(visits):
    text = run("--year", "2023", "--period", "H1")
    assert "2023年上半年 · 全区" in text and "时序进度 49.6%" in text
    assert "ent.visits" in text and "走访企业" in text and "落后于时序进度" in text


def test_default_period_is_the_year(visits):
    assert json.loads(run("--year", "2023", "--json"))["period"] == "Y"


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--period", "H3"], "不认识的期间"), (["--town", "火星镇"], "找不到区镇"), (["--period", "M13"], "不认识的期间")],
)
def test_unknown_period_or_town(towns, args, message):
    with pytest.raises(CommandError, match=message) as info:
        run("--year", "2023", *args)
    assert info.value.returncode == 1


def test_exit_code_from_the_shell():
    """The refusal is an exit status of 1 with the Chinese message on stderr."""
    result = subprocess.run(
        [sys.executable, "manage.py", "kpi", "--year", "2023", "--period", "H9"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "不认识的期间“H9”" in result.stderr
