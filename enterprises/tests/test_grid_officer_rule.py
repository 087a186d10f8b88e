"""Who may be an enterprise's 科技网格员: one rule on the form, the API, the bulk assignment.

An active 区镇科技网格员 of the enterprise's town; an officer chooses among their own town's
officers only and sees no other user by name.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises import services
from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def form_data(form, **changes):
    """What a browser would post back for an unchanged form, with `changes`."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return data


@pytest.fixture
def people(make_user, changle, sanxing, officer, other_officer, bureau_admin, leader_user, staff_user):
    colleague = make_user("grid_changle2", "town_officer", changle)
    retired = make_user("grid_changle_old", "town_officer", changle)
    retired.is_active = False
    retired.save()
    return {
        "colleague": colleague,
        "retired": retired,
        "admin": bureau_admin,
        "leader": leader_user,
        "staff": staff_user,
        "other_town": other_officer,
    }


def test_an_officers_choices_are_their_own_towns_officers(client, officer, people):
    enterprise = EnterpriseFactory(town=officer.town, grid_officer=officer)
    client.force_login(officer)
    form = client.get(reverse("enterprises:enterprise_edit", args=[enterprise.pk])).context["form"]
    choices = set(form.fields["grid_officer"].queryset)
    assert choices == {officer, people["colleague"]}


def test_staff_choices_are_every_active_town_officer(client, staff_user, officer, people):
    enterprise = EnterpriseFactory(town=officer.town)
    client.force_login(staff_user)
    form = client.get(reverse("enterprises:enterprise_edit", args=[enterprise.pk])).context["form"]
    assert set(form.fields["grid_officer"].queryset) == {officer, people["colleague"], people["other_town"]}


@pytest.mark.parametrize("who", ["admin", "leader", "staff", "other_town", "retired"])
def test_an_officer_cannot_make_anyone_else_the_grid_officer_by_form(client, officer, people, who):
    enterprise = EnterpriseFactory(town=officer.town, grid_officer=officer)
    client.force_login(officer)
    url = reverse("enterprises:enterprise_edit", args=[enterprise.pk])
    form = client.get(url).context["form"]
    response = client.post(url, form_data(form, grid_officer=people[who].pk))
    assert response.status_code == 200 and response.context["form"].errors
    assert Enterprise.objects.get(pk=enterprise.pk).grid_officer == officer


def test_an_officer_can_choose_a_colleague_by_form(client, officer, people):
    enterprise = EnterpriseFactory(town=officer.town, grid_officer=officer)
    client.force_login(officer)
    url = reverse("enterprises:enterprise_edit", args=[enterprise.pk])
    form = client.get(url).context["form"]
    assert client.post(url, form_data(form, grid_officer=people["colleague"].pk)).status_code == 302
    assert Enterprise.objects.get(pk=enterprise.pk).grid_officer == people["colleague"]


@pytest.mark.parametrize("who", ["admin", "leader", "other_town", "retired"])
def test_an_officer_cannot_make_anyone_else_the_grid_officer_by_api(client, officer, people, who):
    enterprise = EnterpriseFactory(town=officer.town, grid_officer=officer)
    client.force_login(officer)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    response = client.patch(url, {"grid_officer": people[who].pk}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert Enterprise.objects.get(pk=enterprise.pk).grid_officer == officer


def test_staff_cannot_give_an_enterprise_another_towns_officer(client, staff_user, officer, people):
    enterprise = EnterpriseFactory(town=officer.town)
    client.force_login(staff_user)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    response = client.patch(url, {"grid_officer": people["other_town"].pk}, content_type="application/json")
    assert response.status_code == 400 and "三星镇" in str(response.json())
    response = client.patch(url, {"grid_officer": people["colleague"].pk}, content_type="application/json")
    assert response.status_code == 200
    assert Enterprise.objects.get(pk=enterprise.pk).grid_officer == people["colleague"]


def test_the_service_holds_the_rule(staff_user, officer, people):
    enterprise = EnterpriseFactory(town=officer.town)
    enterprise.grid_officer = people["other_town"]
    with pytest.raises(ValidationError) as exc:
        services.enterprise_save(instance=enterprise, user=staff_user)
    assert "grid_officer" in exc.value.message_dict
    enterprise.grid_officer = people["leader"]
    with pytest.raises(ValidationError):
        services.enterprise_save(instance=enterprise, user=staff_user)


def test_bulk_assignment_checks_each_enterprises_town(staff_user, officer, people, sanxing):
    enterprise = EnterpriseFactory(town=officer.town)
    with pytest.raises(ValidationError):
        services.enterprises_assign(enterprises=[enterprise], user=staff_user, grid_officer=people["other_town"])
    with pytest.raises(ValidationError):
        services.enterprises_assign(enterprises=[enterprise], user=staff_user, grid_officer=people["leader"])
    services.enterprises_assign(
        enterprises=[enterprise], user=staff_user, town=sanxing, grid_officer=people["other_town"]
    )
    assert Enterprise.objects.get(pk=enterprise.pk).grid_officer == people["other_town"]


def test_an_unchanged_grid_officer_does_not_block_other_edits(staff_user, officer, people):
    # A grid officer who has since left keeps the enterprise editable until someone changes it.
    enterprise = EnterpriseFactory(town=officer.town, grid_officer=people["retired"])
    enterprise.contact_phone = "13800000000"
    services.enterprise_save(instance=enterprise, user=staff_user)
    assert Enterprise.objects.get(pk=enterprise.pk).contact_phone == "13800000000"
