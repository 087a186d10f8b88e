"""The banks as reference data: fixtures/banks.json → Bank (海门农商行 and its 科技支行, the banks'
科技金融事业部, the other banks lending to Haimen's enterprises).

As core/reference.py does for towns: rows that are missing are created, existing rows are left as
the bureau changed them (`overwrite=True` puts them back to the file's values). Run by the data
step of migration 0002_finance and by seed_demo, so every installation has them.
"""

import json

from django.conf import settings

BANKS_FILE = settings.BASE_DIR / "fixtures" / "banks.json"


def load_banks(model=None, *, overwrite=False) -> int:
    """Create the banks the file names and the database lacks (parents first); returns how many."""
    if model is None:
        from .models import Bank as model
    rows = json.loads(BANKS_FILE.read_text(encoding="utf-8"))
    created = 0
    for row in sorted(rows, key=lambda r: r["parent"] is not None):  # banks before their units
        parent = model.objects.get(name=row["parent"]) if row["parent"] else None
        values = {
            "short_name": row.get("short_name", ""),
            "aliases": row.get("aliases", []),
            "kind": row["kind"],
            "parent": parent,
            "status": row.get("status", "open"),
            "order": row.get("order", 0),
            "note": row.get("note", ""),
        }
        found = model.objects.filter(name=row["name"]).first()
        if found is None:
            model.objects.create(name=row["name"], **values)
            created += 1
        elif overwrite:
            model.objects.filter(pk=found.pk).update(**values)
    return created
