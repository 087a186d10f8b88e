"""/api/v1/carriers/ and friends: the pages' scope and services."""

from decimal import Decimal

import pytest

from carriers.models import Carrier
from carriers.tests.factories import CarrierFactory

pytestmark = pytest.mark.django_db


def test_api_scope_and_service_rules(client, staff_user, other_officer, changle):
    carrier = CarrierFactory(town=changle)
    client.force_login(other_officer)
    assert client.get(f"/api/v1/carriers/{carrier.pk}/").status_code == 404
    assert client.get("/api/v1/carriers/").json()["count"] == 0
    client.force_login(staff_user)
    data = {"name": "新载体", "kind": "incubator", "town": changle.pk, "area_sqm": "-5"}
    response = client.post("/api/v1/carriers/", data, content_type="application/json")
    assert response.status_code == 400 and "面积不能为负数" in str(response.json())
    data["area_sqm"] = "28000"
    assert client.post("/api/v1/carriers/", data, content_type="application/json").status_code == 201
    assert Carrier.objects.get(name="新载体").area_sqm == Decimal("28000")
    report = {"carrier": carrier.pk, "year": 2023, "quarter": 1, "planned_pct": "50", "actual_pct": "101"}
    response = client.post("/api/v1/carrier-reports/", report, content_type="application/json")
    assert response.status_code == 400 and "百分比应在 0–100 之间" in str(response.json())
