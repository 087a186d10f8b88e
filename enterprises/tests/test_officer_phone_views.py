"""Officers on a phone (issue 9), server side: the fetch save's answer, the top-bar search, the
officer's 今天要做, list cards without the columns constant for an officer."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import officer_today
from enterprises import rules, services
from enterprises.models import Pool, Stage, Visit
from enterprises.tests.factories import EnterpriseFactory, VisitFactory

pytestmark = pytest.mark.django_db


def test_a_fetch_save_answers_with_where_to_go_and_keeps_the_message(client, officer, changle):
    enterprise = EnterpriseFactory(town=changle)
    client.force_login(officer)
    data = {"enterprise": enterprise.pk, "visited_on": "2023-05-10", "kind": "onsite", "follow_up": "none"}
    response = client.post("/visits/new/", data, headers={"X-Visit-Form": "fetch"})
    visit = Visit.objects.get()
    assert response.status_code == 200 and response.json() == {"location": visit.get_absolute_url()}
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"已保存：{visit}"]
    # A refused form answers with the form's page, as without fetch.
    refused = client.post("/visits/new/", {**data, "kind": ""}, headers={"X-Visit-Form": "fetch"})
    assert refused.status_code == 200 and "未保存" in refused.content.decode()
    # Without the header (no JavaScript): the usual redirect (a second visit that day, confirmed).
    assert client.post("/visits/new/", {**data, "confirm_duplicate": "on"}).status_code == 302


def test_visit_form_draft_key_is_per_user_and_form(client, officer, changle):
    enterprise = EnterpriseFactory(town=changle)
    visit = VisitFactory(enterprise=enterprise, officer=officer)
    client.force_login(officer)
    keys = [
        client.get(url).content.decode().split('data-draft-key="')[1].split('"')[0]
        for url in ("/visits/new/", f"/visits/new/?enterprise={enterprise.pk}", f"/visits/{visit.pk}/edit/")
    ]
    assert keys == [f"{officer.pk}:new", f"{officer.pk}:new-{enterprise.pk}", f"{officer.pk}:edit-{visit.pk}"]


def test_login_after_a_redirect_says_the_session_ended(client):
    page = client.get("/visits/new/", follow=True).content.decode()
    assert "登录已失效" in page and "data-draft-note" in page
    assert "登录已失效" not in client.get(reverse("accounts:login")).content.decode()


def test_top_bar_search_opens_the_one_match_or_the_list(client, officer, changle, sanxing):
    one = EnterpriseFactory(name="南通常乐唯一光学有限公司", town=changle)
    EnterpriseFactory(name="三星唯一光学有限公司", town=sanxing)  # outside the officer's scope
    EnterpriseFactory(name="南通常乐精密一厂有限公司", town=changle)
    EnterpriseFactory(name="南通常乐精密二厂有限公司", town=changle)
    client.force_login(officer)
    jump = reverse("enterprises:enterprise_jump")
    assert client.get(jump, {"q": "唯一光学"}).url == one.get_absolute_url()
    assert client.get(jump, {"q": one.credit_code}).url == one.get_absolute_url()
    assert client.get(jump, {"q": "精密"}).url == "/enterprises/?q=%E7%B2%BE%E5%AF%86"
    assert client.get(jump, {"q": "  "}).url == "/enterprises/"
    assert 'action="/enterprises/search/"' in client.get("/visits/").content.decode()  # on every page


def test_officer_today(officer, staff_user, changle, sanxing):
    today = timezone.localdate()
    own = EnterpriseFactory(town=changle, is_key=True)
    VisitFactory(enterprise=own, officer=officer, visited_on=today - dt.timedelta(days=9), follow_up="open")
    other = EnterpriseFactory(town=sanxing)
    VisitFactory(enterprise=other, officer=staff_user, visited_on=today, follow_up="open")  # another town
    for days, town in ((30, changle), (120, changle), (30, sanxing)):  # expiring in 30 / 120 days
        issued = rules.add_years(today, -3) + dt.timedelta(days=days)
        services.pool_enter(
            enterprise=EnterpriseFactory(town=town),
            pool=Pool.QIANGJI,
            year=issued.year,
            stage=Stage.RECOGNIZED,
            user=staff_user,
            certificate_no=f"GR{days}{town.pk}",
            certified_on=issued,
        )
    EnterpriseFactory(town=changle, is_key=True, last_visited_on=today)  # visited this quarter
    work = officer_today(officer, today=today)
    assert [v.waited for v in work["follow_ups"]] == [9] and work["follow_up_total"] == 1
    assert [m.days_left for m in work["certificates"]] == [30] and work["certificate_total"] == 1
    assert work["key_due"] == [own] and work["key_due_total"] == 1


def test_officer_home_lists_have_totals_beyond_five(officer, changle):
    for _ in range(7):
        VisitFactory(enterprise=EnterpriseFactory(town=changle), officer=officer, follow_up="open")
    work = officer_today(officer)
    assert len(work["follow_ups"]) == 5 and work["follow_up_total"] == 7


def test_phone_cards_leave_out_columns_constant_for_an_officer(client, officer, staff_user, changle):
    EnterpriseFactory(name="南通常乐卡片科技有限公司", town=changle, grid_officer=officer)
    client.force_login(officer)
    page = client.get("/enterprises/").content.decode()
    cards = page.split('class="d-md-none list-cards"')[1].split("</div>\n</div>")[0]
    assert "南通常乐卡片科技有限公司" in cards and "信用代码" in cards
    assert "区镇" not in cards and "网格员" not in cards
    client.force_login(staff_user)
    cards = client.get("/enterprises/").content.decode().split('class="d-md-none list-cards"')[1]
    assert "区镇" in cards.split("</div>\n</div>")[0]


def test_every_list_gets_cards_even_without_card_config(client, staff_user, changle):
    # The 未备案 warning's table says nothing about cards: its columns are used as they come.
    client.force_login(staff_user)
    response = client.get(reverse("enterprises:warnings_no_rd"))
    assert response.status_code == 200 and "list-cards" in response.content.decode()
