"""The evaluation rubric's reference data: fixtures/carrier_rubric.json → RubricIndicator.

As core/reference.py does for towns and targets: rows that are missing are created, existing rows
are left as an admin changed them (`overwrite=True` puts them back to the file's values). Run by
the data migration 0002 and by seed_demo, so every installation has the rubric.
"""

import json
from decimal import Decimal

from django.conf import settings

RUBRIC_FILE = settings.BASE_DIR / "fixtures" / "carrier_rubric.json"


def load_rubric(model=None, *, overwrite=False) -> int:
    if model is None:
        from .models import RubricIndicator as model
    created = 0
    for row in json.loads(RUBRIC_FILE.read_text(encoding="utf-8")):
        values = {"name": row["name"], "weight": Decimal(row["weight"]), "full_mark": Decimal(row["full_mark"]),
                  "order": row["order"]}  # fmt: skip
        found = model.objects.filter(code=row["code"]).first()
        if found is None:
            model.objects.create(code=row["code"], **values)
            created += 1
        elif overwrite:
            model.objects.filter(pk=found.pk).update(**values)
    return created
