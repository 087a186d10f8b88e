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


def test_a_clinic_is_recorded_with_its_enterprises_through_the_api(client, officer, other_officer, changle, sanxing):
    """The event's enterprises are written by the API too, through event_save: a clinic needs one,
    takes its town from it, and an officer names only their own town's enterprises — another
    town's id answers like a missing one (its name is not told)."""
    from cooperation.models import IAEvent

    mine = EnterpriseFactory(town=changle)
    theirs = EnterpriseFactory(town=sanxing, name="三星某科技有限公司")
    client.force_login(officer)
    data = {"kind": "clinic", "title": "API巡诊", "held_on": "2023-05-10", "expert": "张教授"}
    response = client.post("/api/v1/ia-events/", data, content_type="application/json")
    assert response.status_code == 400 and "技术专家巡诊须填写巡诊的企业" in str(response.json())
    response = client.post("/api/v1/ia-events/", {**data, "enterprises": [theirs.pk]}, content_type="application/json")
    assert response.status_code == 400 and "enterprises" in response.json()
    assert "三星某科技有限公司" not in response.content.decode()
    assert not IAEvent.objects.exists()
    response = client.post("/api/v1/ia-events/", {**data, "enterprises": [mine.pk]}, content_type="application/json")
    assert response.status_code == 201, response.json()
    event = IAEvent.objects.get()
    assert (list(event.enterprises.all()), event.town) == ([mine], changle)
    assert response.json()["enterprises"] == [mine.pk]
    # A change that leaves `enterprises` out keeps them.
    url = f"/api/v1/ia-events/{event.pk}/"
    version = client.get(url).json()["version"]
    response = client.patch(url, {"outcome": "已解决", "version": version}, content_type="application/json")
    assert response.status_code == 200 and list(event.enterprises.all()) == [mine]
    client.force_login(other_officer)
    assert client.get(url).status_code == 404


def test_a_record_others_still_point_at_is_not_deleted_and_says_why(client, bureau_admin, changle):
    """An institution with 产学研 projects (PROTECT), an enterprise with a technology contract: the
    delete page and the API refuse with what holds the record, in Chinese; nothing is deleted."""
    from django.urls import reverse

    from cooperation.models import Institution
    from cooperation.tests.factories import IACooperationFactory, InstitutionFactory
    from enterprises.models import Enterprise

    institution = InstitutionFactory(name="南通大学")
    project = IACooperationFactory(institution=institution, enterprise__town=changle, title="智能纺机联合研发")
    contract = TechContractFactory(enterprise__town=changle)
    client.force_login(bureau_admin)

    response = client.post(reverse("cooperation:institution_delete", args=[institution.pk]))
    assert response.status_code == 200
    assert "“南通大学”仍被 1 条产学研合作项目（如“智能纺机联合研发”）引用，不能删除" in response.content.decode()
    response = client.delete(f"/api/v1/institutions/{institution.pk}/")
    assert response.status_code == 400 and "不能删除" in str(response.json())
    response = client.post(reverse("enterprises:enterprise_delete", args=[contract.enterprise.pk]))
    assert response.status_code == 200 and "技术合同" in response.content.decode()
    assert Institution.objects.filter(pk=institution.pk).exists()
    assert Enterprise.objects.filter(pk=contract.enterprise.pk).exists()

    project.delete()
    response = client.post(reverse("cooperation:institution_delete", args=[institution.pk]))
    assert response.status_code == 302 and not Institution.objects.filter(pk=institution.pk).exists()
