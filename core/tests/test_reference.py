"""fixtures/: the reference data is loaded from the files, once, and admin edits survive a re-run."""

import io
import json

import pytest
from django.core.management import call_command

from core import reference
from core.models import IndustryChain, InvestDirection, Target, Town

pytestmark = pytest.mark.django_db


def load(*args):
    out = io.StringIO()
    call_command("load_reference_data", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_files_hold_the_reference_data():
    towns = reference.read_fixture("towns.json")
    assert len(towns) == 15 and len({t["name"] for t in towns}) == 15
    assert {t["kind"] for t in towns} <= set(Town.Kind.values)
    chains = reference.read_fixture("industry_chains.json")
    assert len(chains) == 5 and sum(len(c["directions"]) for c in chains) == 12  # the seed's 5 chains, 12 directions
    targets = {t["kpi"]: t["value"] for t in reference.read_fixture("targets.json") if t["year"] == 2023}
    assert targets["invest.signed"] == "200" and targets["ent.qiangji_pool"] == "500"


def test_load_creates_what_is_missing_and_nothing_twice():
    first = load()
    targets = len(reference.read_fixture("targets.json"))  # apps add their targets to the file
    assert first["created"] == {"town": 15, "industrychain": 5, "investdirection": 12, "target": targets}
    assert Town.objects.get(name="常乐镇").short_name == "常乐"
    assert "经开区" in Town.objects.get(name="海门经济技术开发区").aliases
    assert Target.objects.get(year=2023, kpi="invest.signed", town=None).value == 200
    assert load() == {"towns": 15, "created": {}, "updated": {}}
    assert (Town.objects.count(), IndustryChain.objects.count(), InvestDirection.objects.count()) == (15, 5, 12)


def test_admin_edits_survive_a_rerun_and_overwrite_restores_the_files():
    load()
    town = Town.objects.get(name="三星镇")
    town.aliases = ["三星"]
    town.save()
    Target.objects.filter(kpi="invest.signed").update(value=210)
    load()
    assert Town.objects.get(name="三星镇").aliases == ["三星"]
    assert Target.objects.get(kpi="invest.signed").value == 210
    assert load("--overwrite")["updated"] == {"town": 1, "target": 1}
    assert Town.objects.get(name="三星镇").aliases == []
    assert Target.objects.get(kpi="invest.signed").value == 200


def test_seed_demo_reads_the_files(tmp_path, monkeypatch, settings):
    for name in reference.FILES:
        (tmp_path / name).write_text((reference.FIXTURES_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    chains = json.loads((tmp_path / "industry_chains.json").read_text(encoding="utf-8"))
    chains[0]["directions"].append("合成生物")
    (tmp_path / "industry_chains.json").write_text(json.dumps(chains, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(reference, "FIXTURES_DIR", tmp_path)
    reference.read_fixture.cache_clear()
    try:
        from core.demo import seed_dictionaries

        seed_dictionaries()
    finally:
        reference.read_fixture.cache_clear()
    assert InvestDirection.objects.filter(chain__name="生物医药", name="合成生物", order=4).exists()
