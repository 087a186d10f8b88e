"""An officer's records stay in their town (pages and API alike); another town's record is a 404
to every API method, DELETE included."""

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory
from enterprises.tests.test_grid_officer_rule import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_another_towns_record_is_a_404_to_every_api_method(client, officer, sanxing, method):
    other = EnterpriseFactory(town=sanxing)
    client.force_login(officer)
    response = getattr(client, method)(f"/api/v1/enterprises/{other.pk}/", {}, content_type="application/json")
    assert response.status_code == 404
    assert Enterprise.objects.filter(pk=other.pk).exists()


def test_an_officer_still_cannot_delete_their_own_towns_record(client, officer, changle):
    own = EnterpriseFactory(town=changle)
    client.force_login(officer)
    assert client.delete(f"/api/v1/enterprises/{own.pk}/").status_code == 403


@pytest.mark.parametrize("town", [None, "sanxing"])
def test_an_officer_cannot_clear_or_move_the_town_by_api(client, officer, changle, sanxing, town):
    own = EnterpriseFactory(town=changle)
    client.force_login(officer)
    value = sanxing.pk if town else None
    response = client.patch(f"/api/v1/enterprises/{own.pk}/", {"town": value}, content_type="application/json")
    assert response.status_code == 400 and "town" in response.json()
    assert Enterprise.objects.get(pk=own.pk).town == changle


def test_an_officer_cannot_clear_the_town_on_the_page(client, officer, changle):
    own = EnterpriseFactory(town=changle)
    client.force_login(officer)
    url = reverse("enterprises:enterprise_edit", args=[own.pk])
    form = client.get(url).context["form"]
    assert form.fields["town"].required
    response = client.post(url, form_data(form, town=""))
    assert response.status_code == 200 and "town" in response.context["form"].errors
    assert Enterprise.objects.get(pk=own.pk).town == changle


def test_the_service_keeps_an_officers_record_in_their_town(officer, changle):
    from django.core.exceptions import ValidationError

    from enterprises import services

    own = EnterpriseFactory(town=changle)
    own.town = None
    with pytest.raises(ValidationError) as exc:
        services.enterprise_save(instance=own, user=officer)
    assert "town" in exc.value.message_dict


def test_staff_may_still_clear_a_town(client, staff_user, changle):
    own = EnterpriseFactory(town=changle)
    client.force_login(staff_user)
    response = client.patch(f"/api/v1/enterprises/{own.pk}/", {"town": None}, content_type="application/json")
    assert response.status_code == 200
    assert Enterprise.objects.get(pk=own.pk).town is None
