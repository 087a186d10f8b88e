import pytest

from enterprises.tests.factories import EnterpriseFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def test_api_detail_and_list_are_scoped(client, officer, changle, sanxing):
    own = EnterpriseFactory(town=changle)
    other = EnterpriseFactory(town=sanxing)
    client.force_login(officer)
    assert client.get(f"/api/v1/enterprises/{own.pk}/").status_code == 200
    assert client.get(f"/api/v1/enterprises/{other.pk}/").status_code == 404
    ids = [row["id"] for row in client.get("/api/v1/enterprises/").json()["results"]]
    assert ids == [own.pk]


def test_api_filters_by_field_names_and_q(client, staff_user, changle, sanxing):
    EnterpriseFactory(town=changle, name="江苏澳斯康生物医药股份有限公司")
    EnterpriseFactory(town=sanxing)
    client.force_login(staff_user)
    rows = client.get(f"/api/v1/enterprises/?town={changle.pk}").json()["results"]
    assert [r["town_name"] for r in rows] == ["常乐镇"]
    assert client.get("/api/v1/enterprises/?q=澳斯康").json()["count"] == 1


def test_api_refuses_bad_credit_code_and_leader_writes(client, staff_user, leader_user):
    client.force_login(staff_user)
    response = client.post("/api/v1/enterprises/", {"name": "某公司", "credit_code": "91320614MA1O000000"})
    assert response.status_code == 400
    assert "统一社会信用代码" in str(response.json()["credit_code"])
    response = client.post("/api/v1/enterprises/", {"name": "某公司", "credit_code": valid_credit_code(3).lower()})
    assert response.status_code == 201, response.json()
    assert response.json()["credit_code"] == valid_credit_code(3)
    client.force_login(leader_user)
    assert client.post("/api/v1/enterprises/", {"name": "x", "credit_code": valid_credit_code(4)}).status_code == 403


def test_schema_is_served(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/enterprises/" in response.content


def test_api_writes_go_through_the_service(client, staff_user):
    """The API normalises the name as the form does, and the service's rules answer 400 on the field."""
    client.force_login(staff_user)
    response = client.post(
        "/api/v1/enterprises/",
        {"name": "南通海门某科技有限公司(海门)", "credit_code": valid_credit_code(5), "employees": 10},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "南通海门某科技有限公司（海门）"
    url = f"/api/v1/enterprises/{response.json()['id']}/"
    response = client.patch(url, {"rd_staff": 12}, content_type="application/json")
    assert response.status_code == 400
    assert "科技人员数（12）不能多于职工总数（10）" in str(response.json()["rd_staff"])
    response = client.patch(url, {"rd_staff": 8}, content_type="application/json")
    assert response.status_code == 200 and response.json()["rd_staff"] == 8


def test_api_delete_is_the_bureau_s(client, staff_user, officer, changle):
    enterprise = EnterpriseFactory(town=changle)
    client.force_login(officer)
    assert client.delete(f"/api/v1/enterprises/{enterprise.pk}/").status_code == 403
    client.force_login(staff_user)
    assert client.delete(f"/api/v1/enterprises/{enterprise.pk}/").status_code == 204
