"""The carriers panel on the enterprise page (carriers/panels.py): tenancies, scoped, one query."""

import pytest
from django.urls import reverse

from carriers.tests.factories import CarrierFactory, TenancyFactory
from core import panels
from core.testing import assert_queries
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant(changle, sanxing):
    """An enterprise of 常乐镇, tenant of a 常乐镇 incubator and of a 三星镇 park."""
    e = EnterpriseFactory(town=changle)
    TenancyFactory(enterprise=e, carrier=CarrierFactory(name="常乐<script>孵化器", town=changle))
    TenancyFactory(enterprise=e, carrier=CarrierFactory(name="三星科技产业园", town=sanxing))
    return e


def test_the_page_shows_the_tenancies_with_links(client, staff_user, tenant):
    client.force_login(staff_user)
    html = client.get(tenant.get_absolute_url()).content.decode()
    assert 'id="panel-tenancies"' in html and "入驻载体" in html
    assert "常乐&lt;script&gt;孵化器" in html and "常乐<script>" not in html
    assert "三星科技产业园" in html
    assert f"{reverse('carriers:tenancy_add')}?enterprise={tenant.pk}" in html  # staff may add


def test_an_officer_sees_only_tenancies_of_carriers_in_their_town(client, officer, tenant):
    client.force_login(officer)
    html = client.get(tenant.get_absolute_url()).content.decode()
    assert "常乐&lt;script&gt;孵化器" in html
    assert "三星科技产业园" not in html  # that tenancy belongs to 三星镇 (town_scope carrier__town)
    assert reverse("carriers:tenancy_add") not in html  # officers do not create tenancies


def test_an_enterprise_without_tenancies_gets_one_line(client, staff_user, changle):
    e = EnterpriseFactory(town=changle)
    client.force_login(staff_user)
    html = client.get(e.get_absolute_url()).content.decode()
    assert 'id="panels-empty"' in html and "未入驻科创载体" in html


def test_the_panel_is_one_query_with_few_or_many_tenancies(staff_user, tenant, changle):
    panel = panels.get_panel("tenancies")
    assert_queries(lambda: panels.bind(panel, tenant, staff_user), "carriers:panel tenancies")
    for _ in range(15):
        TenancyFactory(enterprise=tenant, carrier=CarrierFactory(town=changle))
    bound = panels.bind(panel, tenant, staff_user)
    assert bound.total == 17 and bound.shown == panel.limit
    assert_queries(lambda: panels.bind(panel, tenant, staff_user), "carriers:panel tenancies")


def test_the_add_page_preselects_the_enterprise(client, staff_user, tenant):
    client.force_login(staff_user)
    html = client.get(f"{reverse('carriers:tenancy_add')}?enterprise={tenant.pk}").content.decode()
    assert f'value="{tenant.credit_code}"' in html
