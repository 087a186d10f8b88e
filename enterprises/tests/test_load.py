"""generate_load: valid synthetic enterprises with the other tables in proportion, topped up not duplicated."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Max

from core.credit_code import is_valid_credit_code
from enterprises.load import LOAD_CODE_PREFIX, load_enterprises
from enterprises.models import Enterprise, EnterpriseYear, PoolMembership, PoolStageChange, Visit
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def generate(n):
    out = StringIO()
    call_command("generate_load", enterprises=n, batch_size=120, json=True, stdout=out)
    return json.loads(out.getvalue())


def test_generates_enterprises_and_their_rows_in_proportion():
    EnterpriseFactory()  # someone else's enterprise is neither counted nor touched
    summary = generate(300)["enterprises"]
    assert summary == {"existing": 0, "created": summary["created"], "total": 300}
    created = summary["created"]
    assert created["enterprises"] == load_enterprises().count() == 300
    codes = list(load_enterprises().values_list("credit_code", flat=True))
    assert all(code.startswith(LOAD_CODE_PREFIX) and is_valid_credit_code(code) for code in codes)
    assert 4.5 <= created["visits"] / 300 <= 7.5  # ~6 visits an enterprise
    assert 0.15 <= created["memberships"] / 300 <= 0.4  # ~30% in a pool
    assert 0.35 <= EnterpriseYear.objects.values("enterprise").distinct().count() / 300 <= 0.65
    assert PoolStageChange.objects.count() == created["stage_changes"] >= created["memberships"]
    # The same invariants as the services keep: last change = membership stage; last visit date kept.
    last_change = PoolMembership.objects.annotate(last=Max("changes__on")).exclude(last=F("stage_on"))
    assert not last_change.exists()
    visited = Enterprise.objects.annotate(latest=Max("visits__visited_on")).filter(latest__isnull=False)
    assert not visited.exclude(last_visited_on=F("latest")).exists()
    # Every town has its share, visited by the town's own grid officer.
    assert load_enterprises().values("town").distinct().count() == 15
    assert not Visit.objects.exclude(officer__town=F("enterprise__town")).exists()


def test_a_second_run_tops_up_instead_of_duplicating():
    generate(200)
    visits = Visit.objects.count()
    again = generate(200)["enterprises"]
    assert again["created"]["enterprises"] == 0 and again["created"]["visits"] == 0
    assert Visit.objects.count() == visits
    more = generate(260)["enterprises"]
    assert (more["existing"], more["created"]["enterprises"], more["total"]) == (200, 60, 260)
    assert load_enterprises().count() == 260
    assert not Enterprise.objects.values("credit_code").annotate(n=Count("id")).filter(n__gt=1).exists()
