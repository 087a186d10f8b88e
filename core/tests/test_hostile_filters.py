"""Every list page of every app, its csv and its xlsx export, under hostile filter values.

An invalid filter shows the page's filter error (or an empty export); it never answers 500.
The lists are found from the URLconf (every route whose view is an ObjectListView), and the
filters from each view's FilterSet, so a new list or a new filter is covered without a line here.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.testing import export_rows
from core.views import ObjectListView
from enterprises.models import Pool, PoolMembership, Stage, Visit
from enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory, RDProjectFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _list_routes(patterns=None, prefix="", namespace=""):
    """(url, view class) of every parameterless route served by an ObjectListView."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            found += _list_routes(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            route = prefix + str(entry.pattern)
            if view_class and issubclass(view_class, ObjectListView) and "<" not in route:
                found.append(("/" + route.lstrip("^").rstrip("$"), view_class))
    return found


LIST_ROUTES = _list_routes()

# A town's id is added per test (another town, for an officer). NUL bytes, huge numbers, floats
# where ints are expected, impossible dates, SQL and markup, a very long value.
HOSTILE = [
    "abc",
    "-1",
    "99999999999999999999",
    "1e400",
    "a\x00b",
    "none",
    "2023-02-30",
    "' OR 1=1 --%_",
    "x" * 3000,
]


def test_the_lists_are_found():
    urls = {url for url, _ in LIST_ROUTES}
    assert {"/enterprises/", "/enterprises/warnings/no-rd/", "/enterprises/diagnosis/", "/visits/"} <= urls


@pytest.fixture
def some_rows(changle, sanxing, officer, other_officer):
    mine = EnterpriseFactory(town=changle, grid_officer=officer, is_key=True)
    theirs = EnterpriseFactory(town=sanxing, grid_officer=other_officer, is_key=True)
    year = dt.date.today().year
    for enterprise in (mine, theirs):
        EnterpriseYearFactory(enterprise=enterprise, year=year - 1)
        PoolMembership.objects.create(
            enterprise=enterprise, pool=Pool.QIANGJI, year=year, stage=Stage.POOL, stage_on=dt.date.today()
        )
        RDProjectFactory(enterprise=enterprise, year=year - 1)
        VisitFactory(enterprise=enterprise, officer=officer, visited_on=dt.date.today(), kind=Visit.Kind.ONSITE)
    return mine, theirs


def _get(client, url, params):
    response = client.get(url, params)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # a streamed export fails while it is read
    return response


@pytest.mark.parametrize("url,view_class", LIST_ROUTES, ids=[url for url, _ in LIST_ROUTES])
@pytest.mark.parametrize("who", ["staff", "officer"])
def test_no_hostile_filter_value_answers_500(client, url, view_class, who, staff_user, officer, sanxing, some_rows):
    client.raise_request_exception = False
    client.force_login(staff_user if who == "staff" else officer)
    fields = list(view_class.filterset_class.base_filters) if view_class.filterset_class else []
    # csv and xlsx take the same path up to the writer: xlsx is tried with the NUL value only.
    exports = [None, "csv"] if view_class.export_columns else [None]
    failures = []
    for name in [*fields, "page", "sort"]:
        for value in [*HOSTILE, str(sanxing.pk)]:
            xlsx = ["xlsx"] if "\x00" in value and view_class.export_columns else []
            for export in [*exports, *xlsx]:
                params = {name: value, **({"export": export} if export else {})}
                status = _get(client, url, params).status_code
                if status >= 500:
                    failures.append((name, value[:20], export, status))
    assert not failures, failures


def test_an_invalid_filter_exports_the_headers_and_no_rows(client, officer, sanxing, some_rows):
    client.force_login(officer)
    for query in ["town=abc", "year=abc", "q=a%00b", f"town={sanxing.pk}"]:
        for url in ["/enterprises/", "/enterprises/warnings/no-rd/"]:
            assert export_rows(client, url, query) == [], (url, query)
            page = client.get(f"{url}?{query}")
            assert page.status_code == 200 and page.context["filter"].errors, (url, query)
    assert len(export_rows(client, "/enterprises/")) == 1  # the officer's own enterprise, unfiltered


def test_search_text_drops_nul_and_control_characters(client, officer, some_rows):
    from core.filters import search_text

    assert search_text("a\x00b") == "a b" and search_text(" 海门\t科技 ") == "海门 科技"
    client.force_login(officer)
    response = client.get("/visits/enterprise-search/", {"q": "测试\x00科技"})
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["staff", "officer"])
def test_no_hostile_filter_value_answers_500_in_the_api(client, who, staff_user, officer, sanxing, some_rows):
    from haimen_sci.api import router

    client.raise_request_exception = False
    client.force_login(staff_user if who == "staff" else officer)
    failures = []
    for prefix, viewset, _basename in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        fields = list(filterset_class.base_filters) if filterset_class else []
        for name in [*fields, "page", "ordering"]:
            for value in [*HOSTILE, str(sanxing.pk)]:
                status = client.get(f"/api/v1/{prefix}/", {name: value}).status_code
                if status >= 500:
                    failures.append((prefix, name, value[:20], status))
    assert not failures, failures
