"""After seed_demo the dashboard shows the seed's H1 2023 figures (docs/domain.md §3), each
linking to a records list of the same count."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User

pytestmark = pytest.mark.django_db

SEED_H1_2023 = {
    "ent.fanxing_evaluated": 406,
    "ent.fanxing_registered": 363,
    "ent.qiangji_candidates": 199,
    "ent.rd_filings": 777,
    "ent.coaching_sessions": 5,
    "ent.unicorn_recommended": 4,
    "carrier.provincial_applied": 6,
    "carrier.city_passed": 5,
    # Added by the other apps as they register their KPIs (the test only checks what is registered).
    "invest.signed": 117,
    "invest.nt_recognized": 105,
    "invest.in_talks": 94,
    "invest.events": 28,
    "invest.roadshows": 20,
    "invest.client_visits": 260,
    "invest.team": 165,
    "coop.ia_projects": 109,
    "fin.connected": 18,
    "fin.loans": 7,
    "fin.credit_enterprises": 11,
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--force", "--json", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_seeds_h1_2023_figures_are_on_the_dashboard(client, seeded):
    client.force_login(User.objects.get(username="leader"))
    response = client.get(reverse("reports:dashboard"), {"year": 2023, "period": "H1"})
    assert response.status_code == 200
    cards = {card.kpi.code: card for card in response.context["board"].cards}
    expected = {code: value for code, value in SEED_H1_2023.items() if code in cards}
    assert len(expected) >= 8
    assert {code: cards[code].figure.actual for code in expected} == expected
    html = response.content.decode()
    for code, value in expected.items():
        assert f'href="{escape(cards[code].url)}" data-figure>{value:,}</a>' in html, code
    # The group area: 8.8 万㎡ from 4 carriers; 高企培育库 against its target of 500.
    assert str(cards["carrier.group_area"].figure.actual) == "8.8"
    assert cards["ent.qiangji_pool"].figure.target == 500
    # Each figure's link lists as many records as the figure.
    for code, value in expected.items():
        listed = client.get(cards[code].url)
        assert listed.context["page_obj"].paginator.count == value, code
