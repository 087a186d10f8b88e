"""Hooks and fixes of the generic views, forms, filters and exports (core/)."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.exports import ExportColumn
from core.views import add_service_errors
from enterprises.forms import EnterpriseForm
from enterprises.models import Enterprise, TechField, Visit
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_date_inputs_carry_iso_dates_so_an_edit_keeps_them(staff_user):
    form = EnterpriseForm(instance=Enterprise(name="某公司", founded_on=dt.date(2019, 5, 1)), user=staff_user)
    html = str(form["founded_on"])
    assert 'type="date"' in html and 'value="2019-05-01"' in html


def test_export_cells_show_choice_labels_as_text_and_lists_as_joined_labels():
    assert ExportColumn("技术领域", "tech_field", choices=TechField.choices).display("electronics") == "电子信息"
    needs = ExportColumn("企业需求", "needs", choices=Visit.Need.choices)
    assert needs.display(["technology", "funding"]) == "技术、资金"
    assert needs.display([]) == ""


def test_invalid_filter_shows_the_error_and_no_rows(client, staff_user):
    EnterpriseFactory()
    client.force_login(staff_user)
    response = client.get(reverse("enterprises:enterprise_list"), {"tech_field": "astrology"})
    assert response.status_code == 200
    assert "tech_field" in response.context["filter"].form.errors
    assert list(response.context["table"].page.object_list) == []


def test_list_title_and_folded_filters(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("enterprises:enterprise_list"))
    assert response.context["list_title"] == "企业" and response.context["filters_active"] is False
    # The search box is always in view on a phone: only the other filters unfold when in use.
    assert client.get(reverse("enterprises:enterprise_list"), {"q": "澳斯康"}).context["filters_active"] is False
    assert client.get(reverse("enterprises:enterprise_list"), {"tech_field": "electronics"}).context["filters_active"]


def test_service_errors_on_fields_the_form_does_not_show_go_on_top():
    class OnlyResolution(forms.ModelForm):
        class Meta:
            model = Visit
            fields = ["resolution"]

    form = OnlyResolution(data={"resolution": ""})
    assert form.is_valid()
    errors = {"resolution": "请填写办理结果。", "visited_on": "走访日期不能晚于今天。"}
    add_service_errors(form, ValidationError(errors))
    assert form.errors["resolution"] == ["请填写办理结果。"]
    assert form.non_field_errors() == ["走访日期：走访日期不能晚于今天。"]


def test_a_list_page_counts_its_rows_once(client, staff_user):
    from core.testing import captured_queries

    EnterpriseFactory.create_batch(3)
    client.force_login(staff_user)
    queries = captured_queries(client, reverse("enterprises:enterprise_list"))
    assert client.get(reverse("enterprises:enterprise_list")).context["table"].paginator.count == 3
    assert sum('COUNT(*) AS "__count"' in q["sql"] for q in queries) == 1
