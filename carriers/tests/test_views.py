"""The pages: a form shows the service's refusal on the field; a report recorded from the carrier page
shows in its chart data; the level move page; who may do what."""

import datetime as dt

import pytest
from django.urls import reverse

from carriers import services
from carriers.models import ApplicationStage, ConstructionReport, Kind, LevelApplication
from carriers.tests.factories import CarrierFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_record_a_quarterly_report_from_the_carrier_page(client, staff_user, changle):
    carrier = CarrierFactory(town=changle)
    client.force_login(staff_user)
    add = reverse("carriers:constructionreport_add") + f"?carrier={carrier.pk}"
    form = client.get(add).content.decode()
    assert f'<option value="{carrier.pk}" selected>' in form
    data = {
        "carrier": carrier.pk,
        "year": 2023,
        "quarter": 2,
        "planned_pct": "60",
        "actual_pct": "45",
        "assessment": "pass",
    }
    response = client.post(add, data)
    assert response.status_code == 302 and response.url == carrier.get_absolute_url()
    page = client.get(carrier.get_absolute_url()).content.decode()
    assert 'id="progress-data"' in page and '"actual": [45.0]' in page
    assert "carriers_progress.js" in page and "<script>" not in page  # CSP: no inline script

    again = client.post(add, data)  # the same quarter again
    assert again.status_code == 200
    assert "2023年第2季度已报送过" in again.content.decode()
    assert ConstructionReport.objects.count() == 1


def test_percent_refusal_shows_on_the_field(client, staff_user, changle):
    carrier = CarrierFactory(town=changle)
    client.force_login(staff_user)
    data = {"carrier": carrier.pk, "year": 2023, "quarter": 1, "planned_pct": "160", "actual_pct": "45"}
    response = client.post(reverse("carriers:constructionreport_add"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "planned_pct" in form.errors
    assert not ConstructionReport.objects.exists()


def test_move_page_offers_only_allowed_stages_and_moves(client, staff_user, leader_user, changle):
    carrier = CarrierFactory(town=changle)
    application = services.application_enter(
        instance=LevelApplication(carrier=carrier, applied_as=Kind.INCUBATOR, year=2023),
        user=staff_user,
        on=dt.date(2023, 3, 1),
    )
    url = reverse("carriers:levelapplication_move", args=[application.pk])
    client.force_login(leader_user)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    choices = [value for value, _ in client.get(url).context["form"].fields["to_stage"].choices]
    assert choices == [ApplicationStage.CITY_PASSED, ApplicationStage.REJECTED]
    response = client.post(url, {"to_stage": ApplicationStage.RECOGNIZED, "on": "2023-05-30"})
    assert response.status_code == 200  # not an allowed move
    response = client.post(url, {"to_stage": ApplicationStage.CITY_PASSED, "on": "2023-05-30"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.stage, application.stage_on) == (ApplicationStage.CITY_PASSED, dt.date(2023, 5, 30))


def test_behind_list_and_totals_for_a_leader(client, leader_user, changle):
    behind = CarrierFactory(town=changle, name="落后载体")
    ReportFactory(carrier=behind, planned_pct=70, actual_pct=40)
    client.force_login(leader_user)
    page = client.get(reverse("carriers:behind_schedule")).content.decode()
    assert "落后载体" in page and "30.0" in page
    assert client.get(reverse("carriers:totals")).status_code == 200
    assert client.get(reverse("carriers:constructionreport_add")).status_code == 403


def test_tenant_added_by_credit_code(client, staff_user, changle):
    from carriers.models import Tenancy
    from enterprises.tests.factories import EnterpriseFactory

    carrier = CarrierFactory(town=changle, opened_on=dt.date(2020, 1, 1))
    firm = EnterpriseFactory(town=changle)
    client.force_login(staff_user)
    url = reverse("carriers:tenancy_add") + f"?carrier={carrier.pk}"
    data = {"carrier": carrier.pk, "enterprise": "91320684MA0000000X", "moved_in_on": "2022-03-01"}
    response = client.post(url, data)
    assert response.status_code == 200 and "平台中没有这个统一社会信用代码的企业" in response.content.decode()
    data["enterprise"] = firm.credit_code
    data["moved_in_on"] = "2019-12-31"  # before the carrier opened: the service's refusal on the field
    response = client.post(url, data)
    assert "早于载体启用日期" in str(response.context["form"].errors["moved_in_on"])
    data["moved_in_on"] = "2022-03-01"
    assert client.post(url, data).status_code == 302
    tenancy = Tenancy.objects.get()
    assert tenancy.enterprise == firm
    edit = client.get(reverse("carriers:tenancy_edit", args=[tenancy.pk])).content.decode()
    assert f'value="{firm.credit_code}"' in edit


def test_delete_page_made_from_the_mixin_deletes(client, staff_user, changle):
    # CarrierMixin carries the edit form; the delete view views_for makes from it must still
    # take the confirm POST (it used to bind the edit form, fail it and show the page again).
    from carriers.models import Carrier

    carrier = CarrierFactory(town=changle)
    client.force_login(staff_user)
    response = client.post(reverse("carriers:carrier_delete", args=[carrier.pk]))
    assert response.status_code == 302
    assert not Carrier.objects.filter(pk=carrier.pk).exists()
