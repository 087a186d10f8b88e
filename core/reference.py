"""Reference data from fixtures/: the 15 towns, the industry chains with their investment
directions, and the district's yearly targets.

The files are the starting values; the admin is where they are kept afterwards. So loading
creates what is missing, matched on each row's natural key (a town's name; a chain's name; a
direction's chain and name; a target's year, KPI code and town), and leaves rows that exist as
they are, whatever an admin changed in them. `overwrite=True` (`load_reference_data --overwrite`)
puts existing rows back to the files' values instead; rows the files do not name are never
touched or deleted.

Production loads it with `manage.py load_reference_data` after `migrate` (docker-compose's
migrate service, README); `seed_demo` loads it first, and so does the test fixture `towns`.
"""

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import IndustryChain, InvestDirection, Target, Town

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
FILES = ("towns.json", "industry_chains.json", "targets.json")


@cache
def read_fixture(name: str):
    return json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8"))


def _sync(model, existing: dict, key: dict, values: dict, overwrite: bool, counts: dict):
    """Create the row named by `key` unless `existing` (natural key → row) has it; with
    `overwrite`, set `values` on the existing one."""
    natural = tuple(v.pk if hasattr(v, "pk") else v for v in key.values())
    obj = existing.get(natural)
    label = model._meta.model_name
    if obj is None:
        obj = model(**key, **values)
        obj.full_clean(validate_unique=False)  # `existing` was the uniqueness check
        obj.save()
        counts["created"][label] = counts["created"].get(label, 0) + 1
    elif overwrite and any(getattr(obj, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(obj, field, value)
        obj.full_clean(validate_unique=False)
        obj.save()
        counts["updated"][label] = counts["updated"].get(label, 0) + 1
    return obj


@transaction.atomic
def load_reference_data(*, overwrite: bool = False) -> dict:
    """Load fixtures/; returns {"towns": {name: Town}, "created": {model: n}, "updated": {model: n}}."""
    counts = {"created": {}, "updated": {}}
    existing = {(t.name,): t for t in Town.objects.all()}
    towns = {}
    for row in read_fixture("towns.json"):
        values = {k: row[k] for k in ("short_name", "aliases", "kind", "order")}
        towns[row["name"]] = _sync(Town, existing, {"name": row["name"]}, values, overwrite, counts)
    chains = {(c.name,): c for c in IndustryChain.objects.all()}
    directions = {(d.chain_id, d.name): d for d in InvestDirection.objects.all()}
    for row in read_fixture("industry_chains.json"):
        chain = _sync(IndustryChain, chains, {"name": row["name"]}, {"order": row["order"]}, overwrite, counts)
        for order, name in enumerate(row["directions"], start=1):
            key = {"chain": chain, "name": name}
            _sync(InvestDirection, directions, key, {"order": order}, overwrite, counts)
    targets = {(t.year, t.kpi, t.town_id): t for t in Target.objects.all()}
    all_towns = {t.name: t for t in Town.objects.all()} if any(r["town"] for r in read_fixture("targets.json")) else {}
    for row in read_fixture("targets.json"):
        # At the column's 4 places, so the comparison with a stored value is exact.
        value = Decimal(row["value"]).quantize(Decimal("0.0001"))
        key = {"year": row["year"], "kpi": row["kpi"], "town": all_towns[row["town"]] if row["town"] else None}
        _sync(Target, targets, key, {"value": value, "note": row["note"]}, overwrite, counts)
    return {"towns": towns, **counts}
