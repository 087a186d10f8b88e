"""/api/v1/tech-contracts/ and friends: the pages' scope and services."""

import pytest

from cooperation.models import TechContract
from cooperation.tests.factories import IAEventFactory, TechContractFactory
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_api_scope_and_service_rules(client, staff_user, other_officer, changle):
    contract = TechContractFactory(enterprise__town=changle)
    event = IAEventFactory(town=changle)
    event.enterprises.set([contract.enterprise])
    client.force_login(other_officer)
    assert client.get(f"/api/v1/tech-contracts/{contract.pk}/").status_code == 404
    assert client.get(f"/api/v1/ia-events/{event.pk}/").status_code == 404
    assert client.get("/api/v1/tech-contracts/").json()["count"] == 0
    client.force_login(staff_user)
    assert client.get(f"/api/v1/ia-events/{event.pk}/").json()["enterprises"] == [contract.enterprise.pk]
    enterprise = EnterpriseFactory(town=changle)
    data = {
        "reg_number": "23320614000777", "title": "API合同", "enterprise": enterprise.pk, "direction": "output",
        "kind": "development", "contract_amount": "100", "tech_amount": "120", "status": "pending",
    }  # fmt: skip
    response = client.post("/api/v1/tech-contracts/", data, content_type="application/json")
    assert response.status_code == 400 and "大于合同成交额" in str(response.json())
    data["tech_amount"] = "90"
    assert client.post("/api/v1/tech-contracts/", data, content_type="application/json").status_code == 201
    response = client.post("/api/v1/tech-contracts/", data, content_type="application/json")
    assert response.status_code == 400 and "已登记过" in str(response.json())
    assert TechContract.objects.filter(reg_number="23320614000777").count() == 1
