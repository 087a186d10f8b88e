"""The cooperation panels on the enterprise page (cooperation/panels.py): one query each, the user's scope."""

import datetime as dt

import pytest
from django.urls import reverse

from cooperation.models import (
    ContractKind,
    Direction,
    EventKind,
    IACooperation,
    IAEvent,
    Institution,
    Registration,
    TechContract,
)
from cooperation.tests.finance_factories import BankFactory, FinancingFactory, ServiceFactory, credit, loan
from core import panels
from core.testing import assert_queries
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
D = dt.date
CODES = ["ia_projects", "tech_contracts", "ia_events", "financing", "intermediary_services"]


def fill(firm, changle, sanxing, n=1, start=0):
    """n rows of every panel for `firm`; the clinics alternate between 常乐镇's and 三星镇's."""
    school, _ = Institution.objects.get_or_create(name="同济大学")
    bank = BankFactory()
    for i in range(start, start + n):
        day = D(2023, 1, 2) + dt.timedelta(days=i)
        IACooperation.objects.create(enterprise=firm, institution=school, title=f"项目{i}", signed_on=day)
        TechContract.objects.create(
            reg_number=f"2023320614{firm.pk:04d}{i:04d}", title=f"合同{i}", enterprise=firm, direction=Direction.OUTPUT,
            kind=ContractKind.DEVELOPMENT, contract_amount=100, tech_amount=80, status=Registration.REGISTERED,
            registered_on=day,
        )  # fmt: skip
        town = changle if i % 2 == 0 else sanxing
        event = IAEvent.objects.create(kind=EventKind.CLINIC, title=f"巡诊{i}", held_on=day, town=town, expert="张教授")
        event.enterprises.add(firm)
        credit(firm, bank, 100 + i, day)
        ServiceFactory(enterprise=firm, served_on=day)


@pytest.fixture
def firm(changle):
    return EnterpriseFactory(town=changle)


@pytest.mark.parametrize("code", CODES)
def test_each_panel_is_one_query_with_few_or_many_rows(code, firm, changle, sanxing, staff_user):
    panel = panels.get_panel(code)
    fill(firm, changle, sanxing, 1)
    assert_queries(lambda: panels.bind(panel, firm, staff_user), f"cooperation:panel {code}")
    fill(firm, changle, sanxing, 14, start=1)
    bound = panels.bind(panel, firm, staff_user)
    assert bound.total >= 15 and bound.shown == panel.limit
    assert_queries(lambda: panels.bind(panel, firm, staff_user), f"cooperation:panel {code}")


def test_the_page_shows_the_records_and_escapes_them(client, staff_user, firm):
    bank = BankFactory(short_name="某农商行")
    credit(firm, bank, 800, D(2023, 2, 1))
    loan(firm, bank, "12000", D(2023, 3, 1), note="<script>alert(1)</script>授信已提高")
    client.force_login(staff_user)
    html = client.get(firm.get_absolute_url()).content.decode()
    assert 'id="panel-financing"' in html and "科技金融" in html
    assert "1.2亿元" in html and "800" in html  # the portal's money format
    assert "&lt;script&gt;" in html and "<script>alert(1)" not in html
    assert f"{reverse('cooperation:financing_add')}?enterprise={firm.pk}" in html  # staff may add
    assert 'id="panel-ia_projects"' in html  # empty panels: one line each


def test_an_officer_sees_their_towns_records_only(client, officer, firm, changle, sanxing):
    fill(firm, changle, sanxing, 2)  # clinic 0 hosted by 常乐镇, clinic 1 by 三星镇
    client.force_login(officer)
    html = client.get(firm.get_absolute_url()).content.decode()
    assert "巡诊0" in html and "巡诊1" not in html
    assert "项目0" in html and "合同1" in html
    assert reverse("cooperation:financing_add") not in html  # officers do not record financing


def test_the_financing_panel_links_to_the_full_list_when_there_are_more(client, staff_user, firm):
    bank = BankFactory()
    for i in range(12):
        FinancingFactory(enterprise=firm, bank=bank, on=D(2023, 1, 1) + dt.timedelta(days=i))
    client.force_login(staff_user)
    html = client.get(firm.get_absolute_url()).content.decode()
    assert f"{reverse('cooperation:financing_list')}?enterprise={firm.pk}" in html
    assert "共 12 条" in html and "显示最近 10 条" in html
