"""/api/v1/client-visits/, /investment-events/, /investment-team/, /funds/: the pages' scope and services."""

import datetime as dt

import pytest
from django.utils import timezone

from investment.models import ClientVisit, Fund
from investment.tests.factories_activity import MemberFactory, VisitFactory

pytestmark = pytest.mark.django_db


def test_client_visits_api_scope_and_rules(client, officer, other_officer, changle, sanxing):
    mine = MemberFactory(town=changle)
    theirs = MemberFactory(town=sanxing)
    visit = VisitFactory(member=mine)
    client.force_login(other_officer)
    assert client.get(f"/api/v1/client-visits/{visit.pk}/").status_code == 404
    assert client.get(f"/api/v1/investment-team/{mine.pk}/").status_code == 404
    client.force_login(officer)
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    data = {"member": mine.pk, "visited_at": later, "counterpart": "甲公司", "city": "上海"}
    response = client.post("/api/v1/client-visits/", data, content_type="application/json")
    assert response.status_code == 400 and "晚于现在" in str(response.json())
    data["visited_at"] = "2023-05-26T14:30:00+08:00"
    data["member"] = theirs.pk
    response = client.post("/api/v1/client-visits/", data, content_type="application/json")
    assert response.status_code == 400  # another town's member: not in the officer's choices
    data["member"] = mine.pk
    assert client.post("/api/v1/client-visits/", data, content_type="application/json").status_code == 201
    assert ClientVisit.objects.count() == 2


def test_funds_api_is_the_bureaus(client, officer, staff_user):
    data = {"name": "天使基金甲", "kind": "angel", "target_size": "1000", "raised_size": "1500"}
    client.force_login(officer)
    assert client.post("/api/v1/funds/", data, content_type="application/json").status_code == 403
    client.force_login(staff_user)
    response = client.post("/api/v1/funds/", data, content_type="application/json")
    assert response.status_code == 400 and "超募说明" in str(response.json())
    data["over_target_reason"] = "社会资本超额认缴"
    assert client.post("/api/v1/funds/", data, content_type="application/json").status_code == 201
    assert Fund.objects.get().changes.count() == 1


def test_an_event_is_recorded_with_its_members_and_projects_through_the_api(client, staff_user, changle):
    """investment-events/ writes the projects presented and the members who went, through
    event_save: a member not on the team that day is refused, naming the field."""
    from investment.models import InvestmentEvent
    from investment.tests.factories_activity import ProjectFactory

    on_team = MemberFactory(town=changle)
    left = MemberFactory(town=changle, active_from=dt.date(2022, 1, 1), active_to=dt.date(2023, 2, 1))
    project = ProjectFactory(town=changle)
    client.force_login(staff_user)
    data = {
        "kind": "topic", "held_on": "2023-03-01", "title": "API专题活动", "city": "上海", "host": "区科技局",
        "members": [on_team.pk, left.pk], "projects": [project.pk],
    }  # fmt: skip
    response = client.post("/api/v1/investment-events/", data, content_type="application/json")
    assert response.status_code == 400 and "members" in response.json()
    assert not InvestmentEvent.objects.exists()
    data["members"] = [on_team.pk]
    response = client.post("/api/v1/investment-events/", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    event = InvestmentEvent.objects.get()
    assert (list(event.members.all()), list(event.projects.all())) == ([on_team], [project])
