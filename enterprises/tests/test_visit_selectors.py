"""Visit reads: 家家到 at quarter boundaries, and query counts that do not grow with the rows."""

import datetime as dt

import pytest
from django.urls import reverse

from core.testing import assert_queries, captured_queries
from enterprises import selectors, services
from enterprises.models import Visit, VisitPhoto
from enterprises.tests.factories import EnterpriseFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _visit_on(user, enterprise, day):
    return services.visit_record(instance=Visit(enterprise=enterprise, visited_on=day), user=user)


@pytest.mark.parametrize(
    "day, start",
    [
        (dt.date(2023, 1, 1), dt.date(2023, 1, 1)),
        (dt.date(2023, 3, 31), dt.date(2023, 1, 1)),
        (dt.date(2023, 4, 1), dt.date(2023, 4, 1)),
        (dt.date(2023, 6, 30), dt.date(2023, 4, 1)),
        (dt.date(2023, 7, 1), dt.date(2023, 7, 1)),
        (dt.date(2023, 12, 31), dt.date(2023, 10, 1)),
    ],
)
def test_quarter_start(day, start):
    assert services.quarter_start(day) == start


def test_key_enterprises_due_at_quarter_boundaries(officer, changle, sanxing):
    visited_march_31 = EnterpriseFactory(name="三月末走访", town=changle, is_key=True)
    visited_april_1 = EnterpriseFactory(name="四月一日走访", town=changle, is_key=True)
    never = EnterpriseFactory(name="从未走访", town=changle, is_key=True)
    EnterpriseFactory(name="非重点", town=changle, is_key=False)
    EnterpriseFactory(name="他镇重点", town=sanxing, is_key=True)
    _visit_on(officer, visited_march_31, dt.date(2023, 3, 31))
    _visit_on(officer, visited_april_1, dt.date(2023, 4, 1))

    def due(today):
        return [e.name for e in selectors.key_enterprises_due(officer, today)]

    # On the last day of Q1 the March 31 visit counts for Q1.
    assert "三月末走访" not in due(dt.date(2023, 3, 31))
    # On the first day of Q2 the March visit no longer counts; the April 1 one does.
    assert due(dt.date(2023, 4, 1)) == ["从未走访", "三月末走访"]
    assert due(dt.date(2023, 6, 30)) == ["从未走访", "三月末走访"]
    # A new quarter: everyone is due again, never-visited first, then the longest unvisited.
    assert due(dt.date(2023, 7, 1)) == ["从未走访", "三月末走访", "四月一日走访"]
    assert never.last_visited_on is None
    coverage = selectors.key_visit_coverage(officer, dt.date(2023, 4, 1))
    assert coverage == {"total": 3, "visited": 1, "start": dt.date(2023, 4, 1)}


def _count(callable_):
    return len(captured_queries(callable_))


def _visits(officer, town, n):
    for enterprise in EnterpriseFactory.create_batch(n, town=town, is_key=True, grid_officer=officer):
        visit = VisitFactory(enterprise=enterprise, officer=officer, follow_up="open", needs=["technology"])
        VisitPhoto.objects.create(visit=visit, image="visits/2023/05/x.jpg")


def test_selectors_read_each_row_in_one_query(officer, changle):
    _visits(officer, changle, 5)
    for selector in (selectors.visit_list, selectors.my_visits, selectors.open_follow_ups):

        def read(selector=selector):
            rows = selector(officer)
            return [(v.enterprise.name, v.enterprise.town.name, v.officer_name, v.photo_count) for v in rows]

        assert _count(read) == 1, selector.__name__

    def read_due():
        due = selectors.key_enterprises_due(officer, dt.date(2023, 7, 1))
        return [(e.town.name, e.grid_officer.username, e.grid_officer_name) for e in due]

    assert _count(read_due) == 1
    assert [v.photo_count for v in selectors.visit_list(officer)] == [1] * 5


@pytest.mark.parametrize("page", ["visit_list", "visit_mine", "visit_follow_ups", "visit_due"])
def test_list_pages_and_exports_have_pinned_query_counts(client, officer, changle, page):
    # Pinned in enterprises/tests/query_counts.json, with what each query reads.
    client.force_login(officer)
    url = reverse(f"enterprises:{page}")
    for n in (3, 40):
        _visits(officer, changle, n)
        assert_queries(client, f"enterprises:{page}", url)
        assert_queries(client, f"enterprises:{page} export", f"{url}?export=xlsx")


def test_detail_page_query_count_does_not_grow_with_photos(client, officer, changle):
    enterprise = EnterpriseFactory(town=changle)
    visit = VisitFactory(enterprise=enterprise, officer=officer)
    client.force_login(officer)
    url = visit.get_absolute_url()
    VisitPhoto.objects.create(visit=visit, image="visits/2023/05/a.jpg")
    assert_queries(client, "enterprises:visit_detail", url)
    VisitPhoto.objects.bulk_create([VisitPhoto(visit=visit, image=f"visits/2023/05/{i}.jpg") for i in range(8)])
    assert_queries(client, "enterprises:visit_detail", url)
