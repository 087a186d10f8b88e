"""core.perf.bulk.filter_in: the rows of `__in`, with the keys sent as one array parameter."""

import pytest
from django.db import connection

from core.models import Town
from core.perf.bulk import filter_in
from core.testing import captured_queries

pytestmark = pytest.mark.django_db


def test_filter_in_matches_in_with_one_parameter(towns):
    names = ["常乐镇", "三星镇", "没有这个镇"]
    expected = set(Town.objects.filter(name__in=names))
    assert set(filter_in(Town.objects.all(), "name", names)) == expected == {towns["常乐镇"], towns["三星镇"]}
    assert list(filter_in(Town.objects.all(), "name", [])) == []
    pks = [towns["常乐镇"].pk]
    assert list(filter_in(Town.objects.filter(kind="town"), "id", pks)) == [towns["常乐镇"]]  # composes
    if connection.vendor == "postgresql":
        sql, params = filter_in(Town.objects.all(), "name", names).query.sql_with_params()
        assert "= ANY(%s)" in sql and params == (names,)
        (query,) = captured_queries(lambda: list(filter_in(Town.objects.all(), "name", names)))
        assert "= ANY(ARRAY[" in query["sql"] or "= ANY('{" in query["sql"]
