"""The enterprise-page panel registry (core.panels): discovery, one query per panel, the scope."""

import pytest
from django.utils.translation import gettext_lazy as _

from core import panels
from core.panels import Column, Panel
from core.testing import captured_queries, query_baseline
from enterprises.models import Enterprise, Visit
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_apps_panels_are_discovered_in_order():
    found = panels.panels()
    assert "tenancies" in [p.code for p in found]  # carriers/panels.py, found without core naming carriers
    assert [p.order for p in found] == sorted(p.order for p in found)


def test_two_panels_with_one_code_are_refused():
    known = panels.get_panel("tenancies")
    with pytest.raises(ValueError, match="two enterprise panels named 'tenancies'"):
        panels.register(Panel(code="tenancies", title="x", model=Enterprise, columns=[]))
    assert panels.get_panel("tenancies") is known


@pytest.fixture
def visit_panel():
    """A panel built in the test, of a model core tests may use (the enterprise's visits)."""
    panel = Panel(
        code="test-visits",
        title=_("走访"),
        model=Visit,
        columns=[Column("日期", "visited_on", link=True), Column("方式", "kind"), Column("人", "officer.username")],
        select_related=("officer",),
        ordering=("-visited_on", "-pk"),
        limit=3,
    )
    return panel


def _visits(enterprise, officer, n):
    import datetime as dt

    day = dt.date(2023, 1, 1)
    Visit.objects.bulk_create(
        Visit(enterprise=enterprise, officer=officer, visited_on=day + dt.timedelta(days=i), kind="phone")
        for i in range(n)
    )


def test_a_panel_is_one_query_whatever_its_rows(visit_panel, changle, staff_user, officer):
    e = EnterpriseFactory(town=changle)
    _visits(e, officer, 2)
    queries = captured_queries(lambda: panels.bind(visit_panel, e, staff_user))
    assert len(queries) == 1
    _visits(e, officer, 10)
    bound = None

    def bind():
        nonlocal bound
        bound = panels.bind(visit_panel, e, staff_user)

    assert len(captured_queries(bind)) == 1
    assert bound.total == 12 and bound.shown == 3 and bound.more
    first = bound.cells[0]
    newest = Visit.objects.order_by("-visited_on", "-pk").first()
    assert first[0] == ("2023-01-10", newest.get_absolute_url(), False)  # newest first, linked
    assert first[1][0] == "电话" and first[2][0] == "officer"  # the choice's label, a related field


def test_a_panel_shows_only_the_users_scope(visit_panel, changle, sanxing, staff_user, officer, other_officer):
    e = EnterpriseFactory(town=changle)
    _visits(e, officer, 2)
    assert panels.bind(visit_panel, e, officer).total == 2
    assert panels.bind(visit_panel, e, other_officer).total == 0  # another town's records: none
    assert panels.bind(visit_panel, e, staff_user).add_url == ""  # no add_url given: no button


def test_the_enterprise_page_pins_one_query_per_registered_panel():
    n = len(panels.panels())
    assert n >= 1
    assert query_baseline("enterprises:enterprise_detail") == 8 + n
