"""The contract helpers fail loudly: a route that does not resolve, a query count off its pin,
and url_for in tests/DEBUG (production still leaves the button out)."""

import pytest
from django.urls import NoReverseMatch

from core.testing import assert_out_of_scope, assert_queries
from core.views import ScopedObjectMixin
from enterprises.models import Enterprise, EnterpriseYear
from enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory


class _View(ScopedObjectMixin):
    model = Enterprise
    actions = ("list", "detail", "bogus")


def test_url_for_raises_in_tests_for_a_listed_action_without_a_route():
    view = _View()
    assert view.url_for("list") == "/enterprises/"
    assert view.url_for("history", 1) is None  # not listed: the view says it has no such page
    with pytest.raises(NoReverseMatch):
        view.url_for("bogus")


def test_url_for_degrades_in_production(settings, caplog):
    settings.STRICT_URLS = False
    settings.DEBUG = False
    assert _View().url_for("bogus") is None
    assert "bogus" in caplog.text


@pytest.mark.django_db
def test_scope_helper_fails_when_a_route_does_not_resolve(client, other_officer, changle):
    year = EnterpriseYearFactory(enterprise=EnterpriseFactory(town=changle))
    client.force_login(other_officer)
    with pytest.raises(AssertionError, match="enterpriseyear_list' does not resolve"):
        assert_out_of_scope(client, year)  # EnterpriseYear has no list: the caller must say export=False
    assert assert_out_of_scope(client, year, export=False) == ["detail", "history", "edit", "delete"]
    assert EnterpriseYear.url_name("list") == "enterprises:enterpriseyear_list"


@pytest.mark.django_db
def test_query_count_off_its_pin_says_how_to_update_it():
    with pytest.raises(AssertionError, match=r'set "queries": 1 .* enterprises/tests/query_counts.json'):
        assert_queries(lambda: Enterprise.objects.count(), "enterprises:enterprise_detail")
    with pytest.raises(AssertionError, match=r"no pinned query count for 'enterprises:nothing' \(0 queries\)"):
        assert_queries(lambda: None, "enterprises:nothing")
