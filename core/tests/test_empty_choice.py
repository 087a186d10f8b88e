"""Selects say 请选择 (forms) or 全部 (filters), never Django's "---------" (issue 9)."""

import pytest
from django import forms
from django.urls import reverse

from core.forms import label_empty_choice
from core.models import Town
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_model_and_plain_choice_fields_get_the_label(towns):
    town = forms.ModelChoiceField(queryset=Town.objects.all())
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")])
    required = forms.ModelChoiceField(queryset=Town.objects.all(), empty_label=None)
    for field in (town, kind, required):
        label_empty_choice(field)
    assert town.empty_label == "请选择"
    assert list(kind.choices)[0] == ("", "请选择")
    assert required.empty_label is None  # a select without an empty choice keeps none


@pytest.mark.parametrize(
    "name, args",
    [
        ("enterprises:enterprise_add", []),
        ("enterprises:enterprise_list", []),
        ("enterprises:visit_list", []),
        ("enterprises:visit_follow_ups", []),
        ("enterprises:enterpriseyear_add", "enterprise"),
        ("enterprises:poolmembership_add", "enterprise"),
    ],
)
def test_no_dashes_on_the_pages(client, staff_user, changle, name, args):
    ent = EnterpriseFactory(town=changle)
    client.force_login(staff_user)
    url = reverse(name, args=[ent.pk] if args == "enterprise" else args)
    page = client.get(url).content.decode()
    assert "---------" not in page


def test_a_label_the_form_chose_stays():
    from django import forms

    from core.forms import label_empty_choice
    from core.models import Town

    field = forms.ModelChoiceField(queryset=Town.objects.none(), required=False, empty_label="全区")
    label_empty_choice(field)
    assert field.empty_label == "全区"
