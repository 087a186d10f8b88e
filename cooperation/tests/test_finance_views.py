"""The finance pages as a user meets them: the form shows the service's refusal on its field, a
stale edit is refused, invalid filters never 500, text is escaped, the API writes through the service."""

import datetime as dt

import pytest
from django.urls import reverse

from cooperation.models import Financing
from cooperation.tests.finance_factories import BankFactory, ServiceFactory, credit, loan
from enterprises.tests.factories import EnterpriseFactory
from enterprises.tests.test_grid_officer_rule import form_data

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def book(changle):
    bank = BankFactory(short_name="某农商行")
    firm = EnterpriseFactory(town=changle)
    return {"bank": bank, "firm": firm, "credit": credit(firm, bank, 500, D(2023, 3, 1))}


def test_the_add_page_preselects_the_enterprise_and_shows_the_refusal_on_the_field(client, staff_user, book):
    client.force_login(staff_user)
    url = reverse("cooperation:financing_add")
    page = client.get(f"{url}?enterprise={book['firm'].pk}")
    assert page.context["form"].initial["enterprise"] == book["firm"].credit_code
    data = {"enterprise": book["firm"].credit_code, "bank": book["bank"].pk, "product": "sukedai", "kind": "loan",
            "amount": "650", "on": "2023-04-01", "note": ""}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "放款 650 万元超过该企业在该银行的授信额度 500 万元；如属实（如已提高授信），请在备注中说明"
    ]
    assert not Financing.objects.filter(kind="loan").exists()
    response = client.post(url, {**data, "note": "已提高授信"})
    assert response.status_code == 302 and Financing.objects.filter(kind="loan").count() == 1


def test_a_stale_edit_is_refused(client, staff_user, book):
    url = reverse("cooperation:financing_edit", args=[book["credit"].pk])
    client.force_login(staff_user)
    first, second = client.get(url).context["form"], client.get(url).context["form"]
    assert client.post(url, form_data(first, amount="600")).status_code == 302
    response = client.post(url, form_data(second, amount="700"))
    assert response.status_code == 200 and "请刷新后再改" in str(response.context["form"].non_field_errors())
    book["credit"].refresh_from_db()
    assert book["credit"].amount == 600


@pytest.mark.parametrize(
    "name,query",
    [
        ("financing_list", "year=abc&bank=99999&kind=nope&on_after=2023-13-45&enterprise=x"),
        ("financing_list", "q=%00%3Cscript%3E"),
        ("intermediaryservice_list", "year=1800&intermediary=abc"),
        ("intermediaryreview_list", "year=x&grade=nope"),
        ("bank_list", "kind=nope"),
        ("intermediary_list", "kind=nope&q=%00"),
    ],
)
def test_invalid_filters_never_500(client, staff_user, book, name, query):
    client.force_login(staff_user)
    url = reverse(f"cooperation:{name}")
    assert client.get(f"{url}?{query}").status_code == 200
    assert client.get(f"{url}?{query}&export=xlsx").status_code == 200


def test_text_fields_are_escaped(client, staff_user, book):
    script = "<script>alert(1)</script>"
    paid = loan(book["firm"], book["bank"], 100, D(2023, 4, 1), note=script)
    service = ServiceFactory(enterprise=book["firm"], content=script)
    client.force_login(staff_user)
    for url in (
        reverse("cooperation:financing_list"),
        paid.get_absolute_url(),
        reverse("cooperation:intermediaryservice_list"),
        service.get_absolute_url(),
        service.intermediary.get_absolute_url(),
        book["bank"].get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert script not in html, url


def test_the_api_writes_through_the_service(client, staff_user, book):
    client.force_login(staff_user)
    body = {"enterprise": book["firm"].pk, "bank": book["bank"].pk, "product": "sukedai", "kind": "loan",
            "amount": "900", "on": "2023-04-01"}  # fmt: skip
    response = client.post("/api/v1/financing/", body, content_type="application/json")
    assert response.status_code == 400
    assert "授信额度 500 万元" in str(response.json())
    assert client.get("/api/v1/financing/?kind=credit").json()["count"] == 1


def test_an_officer_gets_404_for_another_towns_record_in_the_api(client, other_officer, book):
    client.force_login(other_officer)
    assert client.get(f"/api/v1/financing/{book['credit'].pk}/").status_code == 404
    assert client.get("/api/v1/financing/").json()["count"] == 0
