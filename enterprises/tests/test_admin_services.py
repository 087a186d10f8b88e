"""The admin writes through the same services as the pages (issue 7): normalised names, pool rules."""

import datetime as dt

import pytest

from enterprises import services
from enterprises.models import Enterprise, Pool, Stage
from enterprises.tests.factories import EnterpriseFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def test_admin_add_normalises_name_and_code(client, bureau_admin):
    client.force_login(bureau_admin)
    data = {"name": "海门某某(南通)有限公司", "credit_code": valid_credit_code(7).lower()}
    response = client.post("/admin/enterprises/enterprise/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise = Enterprise.objects.get()
    assert (enterprise.name, enterprise.credit_code) == ("海门某某（南通）有限公司", valid_credit_code(7))


def test_admin_membership_form_refuses_what_the_service_refuses(client, bureau_admin):
    membership = services.pool_enter(
        enterprise=EnterpriseFactory(), pool=Pool.QIANGJI, year=2023, user=bureau_admin, on=dt.date(2023, 5, 1)
    )
    client.force_login(bureau_admin)
    url = f"/admin/enterprises/poolmembership/{membership.pk}/change/"
    data = {
        "enterprise": membership.enterprise_id,
        "pool": Pool.QIANGJI,
        "year": 2023,
        "certificate_no": "",
        "expert_scores": '{"rd_management": 25}',
        "note": "",
        "changes-TOTAL_FORMS": 1,
        "changes-INITIAL_FORMS": 1,
        "changes-MIN_NUM_FORMS": 0,
        "changes-MAX_NUM_FORMS": 1000,
        "changes-0-id": membership.changes.get().pk,
        "changes-0-membership": membership.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "0–20" in str(response.context["adminform"].form.errors)
    response = client.post(url, {**data, "expert_scores": '{"rd_management": 18}'})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.expert_scores, membership.stage) == ({"rd_management": 18}, Stage.POOL)
