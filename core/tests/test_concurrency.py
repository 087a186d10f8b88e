"""Lost updates: an edit made from a stale form or API version is refused, nothing overwritten."""

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from enterprises.tests.test_grid_officer_rule import form_data

pytestmark = pytest.mark.django_db


def _open(client, url):
    return client.get(url).context["form"]


def test_the_second_of_two_open_forms_is_refused_and_the_first_change_kept(client, staff_user, officer, changle):
    enterprise = EnterpriseFactory(town=changle, contact_phone="13800000000", contact_name="王经理")
    url = reverse("enterprises:enterprise_edit", args=[enterprise.pk])
    client.force_login(officer)
    officers_form = _open(client, url)
    client.force_login(staff_user)
    staffs_form = _open(client, url)

    client.force_login(officer)
    assert client.post(url, form_data(officers_form, contact_phone="13900000000")).status_code == 302

    client.force_login(staff_user)
    response = client.post(url, form_data(staffs_form, contact_name="李经理"))
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert "联系电话 13800000000 → 13900000000" in message and "请刷新后再改" in message
    assert str(officer) in message
    assert response.context["reload_url"] == url
    enterprise.refresh_from_db()
    assert (enterprise.contact_phone, enterprise.contact_name) == ("13900000000", "王经理")

    # Opened again, the form saves.
    assert client.post(url, form_data(_open(client, url), contact_name="李经理")).status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.contact_phone, enterprise.contact_name) == ("13900000000", "李经理")


def test_every_edited_model_is_protected(client, staff_user, changle):
    year = EnterpriseYearFactory(enterprise=EnterpriseFactory(town=changle), revenue=3000)
    url = reverse("enterprises:enterpriseyear_edit", args=[year.pk])
    client.force_login(staff_user)
    first, second = _open(client, url), _open(client, url)
    assert client.post(url, form_data(first, revenue="3100")).status_code == 302
    response = client.post(url, form_data(second, revenue="3200"))
    assert response.status_code == 200 and "请刷新后再改" in str(response.context["form"].non_field_errors())
    year.refresh_from_db()
    assert year.revenue == 3100


def test_a_stale_api_put_answers_409_with_what_changed(client, staff_user, officer, changle):
    enterprise = EnterpriseFactory(town=changle, contact_phone="13800000000")
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    client.force_login(staff_user)
    seen = client.get(url)
    version, etag = seen.json()["version"], seen["ETag"]
    assert version

    client.force_login(officer)
    assert client.patch(url, {"contact_phone": "13900000000"}, content_type="application/json").status_code == 200

    client.force_login(staff_user)
    body = {**seen.json(), "contact_name": "李经理", "version": version}
    body.pop("id"), body.pop("town_name"), body.pop("last_visited_on")
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 409, response.content
    assert {"field": "联系电话", "old": "13800000000", "new": "13900000000"} in response.json()["changes"]
    response = client.patch(url, {"contact_name": "李经理"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    enterprise.refresh_from_db()
    assert (enterprise.contact_phone, enterprise.contact_name) == ("13900000000", "")

    fresh = client.get(url)
    response = client.patch(
        url, {"contact_name": "李经理"}, content_type="application/json", HTTP_IF_MATCH=fresh["ETag"]
    )
    assert response.status_code == 200
    assert response.json()["version"] != fresh.json()["version"]


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_the_other_is_refused(staff_user, officer, changle):
    """The row lock: the second save waits for the first to commit, then finds a new version."""
    import threading

    from django.db import connection, transaction

    from core import services

    enterprise = EnterpriseFactory(town=changle, contact_phone="13800000000")
    token = services.edit_token(enterprise)
    gate, outcomes = threading.Barrier(2), {}

    def save(name, phone, hold):
        try:
            copy = Enterprise.objects.get(pk=enterprise.pk)
            copy.contact_phone, copy.edit_token = phone, token
            gate.wait()
            with transaction.atomic():
                services.model_save(instance=copy, user=staff_user)
                if hold:
                    import time

                    time.sleep(0.5)  # the other save is waiting on the row lock now
            outcomes[name] = "saved"
        except services.StaleEdit:
            outcomes[name] = "refused"
        except Exception as exc:  # shown in the assertion below
            outcomes[name] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n, p, h)) for n, p, h in [("a", "139", True), ("b", "137", False)]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(n for n, o in outcomes.items() if o == "saved")
    assert Enterprise.objects.get(pk=enterprise.pk).contact_phone == {"a": "139", "b": "137"}[winner]


def test_odd_versions_are_a_conflict_not_a_500(client, staff_user, changle):
    enterprise = EnterpriseFactory(town=changle)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    client.force_login(staff_user)
    for version in [12, "abc", "2020-01-01T00:00:00+00:00~x", ["x"]]:
        response = client.patch(url, {"contact_name": "甲", "version": version}, content_type="application/json")
        assert response.status_code == 409, (version, response.status_code)
    weak = f"W/{client.get(url)['ETag']}"
    for if_match in (weak, "*"):
        response = client.patch(url, {"contact_name": "乙"}, content_type="application/json", HTTP_IF_MATCH=if_match)
        assert response.status_code == 200
