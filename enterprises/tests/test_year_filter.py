"""The year filter shows the year it searched, and an empty list offers a year with records (issue 9)."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprises import selectors, services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_2023(changle, staff_user):
    ent = EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle)
    services.pool_enter(
        enterprise=ent, pool=Pool.QIANGJI, year=2023, stage=Stage.CANDIDATE, user=staff_user, on=dt.date(2023, 3, 1)
    )
    return ent


@pytest.mark.parametrize(
    "name", ["enterprises:enterprise_list", "enterprises:warnings_no_rd", "enterprises:diagnosis_ranking"]
)
def test_the_year_box_shows_the_year_searched(client, staff_user, name):
    client.force_login(staff_user)
    page = client.get(reverse(name)).content.decode()
    assert f'name="year" value="{selectors.current_year()}"' in page


def test_an_empty_pool_list_says_the_year_and_offers_one_with_records(client, staff_user, member_2023):
    client.force_login(staff_user)
    this_year = selectors.current_year()
    page = client.get(reverse("enterprises:enterprise_list") + "?pool=qiangji&stage=candidate").content.decode()
    assert member_2023.name not in page
    assert f"{this_year}年没有符合条件的记录。" in page
    assert 'href="?pool=qiangji&amp;stage=candidate&amp;year=2023">查看2023年（有记录）</a>' in page
    found = client.get(reverse("enterprises:enterprise_list") + "?pool=qiangji&stage=candidate&year=2023")
    assert member_2023.name in found.content.decode()


def test_an_empty_warning_list_offers_the_year_with_records(client, staff_user, member_2023):
    client.force_login(staff_user)
    page = client.get(reverse("enterprises:warnings_no_rd") + "?year=2020").content.decode()
    assert "2020年没有符合条件的记录。" in page and "查看2023年（有记录）" in page


def test_an_officer_is_offered_only_years_of_their_town(client, other_officer, member_2023):
    client.force_login(other_officer)
    page = client.get(reverse("enterprises:enterprise_list") + "?pool=qiangji&stage=candidate").content.decode()
    assert "没有符合条件的记录" in page and "查看2023年" not in page
