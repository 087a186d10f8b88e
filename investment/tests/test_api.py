"""/api/v1/investment-projects/ and -leads/: the pages' scope, rules and workflow."""

import datetime as dt

import pytest

from investment.models import InvestmentProject
from investment.models import ProjectStage as S
from investment.tests.factories import direction, make_lead, make_project

pytestmark = pytest.mark.django_db


def test_api_scope_rules_and_moves(client, staff_user, other_officer, leader_user, changle):
    project = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1))])
    lead = make_lead(changle)
    client.force_login(other_officer)
    assert client.get(f"/api/v1/investment-projects/{project.pk}/").status_code == 404
    assert client.post(f"/api/v1/investment-projects/{project.pk}/move/", {"to_stage": "signed"}).status_code == 404
    assert client.get(f"/api/v1/investment-leads/{lead.pk}/").status_code == 404
    assert client.get("/api/v1/investment-projects/").json()["count"] == 0

    client.force_login(staff_user)
    url = f"/api/v1/investment-projects/{project.pk}/move/"
    response = client.post(url, {"to_stage": "landed"}, content_type="application/json")
    assert response.status_code == 400 and "不能直接改为“落地”" in str(response.json())
    response = client.post(
        url, {"to_stage": "signed", "on": "2023-03-01", "seen_stage": "talking"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["stage"] == "signed"
    response = client.post(url, {"to_stage": "dropped", "seen_stage": "talking"}, content_type="application/json")
    assert response.status_code == 400 and "您看到的是“在谈”" in str(response.json())
    # The stage is read only in the record: a PATCH cannot skip the workflow.
    client.patch(f"/api/v1/investment-projects/{project.pk}/", {"stage": "landed"}, content_type="application/json")
    assert InvestmentProject.objects.get(pk=project.pk).stage == S.SIGNED
    d = direction()
    new = {"name": "API项目", "chain": d.chain_id, "direction": d.pk, "town": changle.pk, "source_kind": "town"}
    response = client.post("/api/v1/investment-projects/", new, content_type="application/json")
    assert response.status_code == 201 and response.json()["stage"] == "lead"
    assert InvestmentProject.objects.get(name="API项目").changes.count() == 1

    client.force_login(leader_user)
    assert client.post(url, {"to_stage": "landed"}, content_type="application/json").status_code == 403
