"""The 变更记录 tab reads like the rest of the portal: 是/否, names, choice labels (issue 9)."""

import pytest
from django.urls import reverse

from core import changelog
from enterprises import services
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_history_shows_yes_no_names_and_labels(client, staff_user, other_officer, changle, sanxing):
    officer = other_officer  # 三星镇's
    ent = EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle, is_key=False)
    ent.is_key, ent.town, ent.grid_officer = True, sanxing, officer
    services.enterprise_save(instance=ent, user=staff_user)

    client.force_login(staff_user)
    page = client.get(reverse("enterprises:enterprise_history", args=[ent.pk])).content.decode()
    assert "True" not in page and "False" not in page
    assert '<del class="text-danger">否</del> → <span class="text-success">是</span>' in page
    assert f'<del class="text-danger">{changle}</del> → <span class="text-success">{sanxing}</span>' in page
    assert str(officer) in page
    assert f">{officer.pk}<" not in page  # the person, never their id


def test_one_readable_value_function_for_the_tab_and_the_stale_edit_message(changle, sanxing):
    from enterprises.models import Enterprise

    is_key = Enterprise._meta.get_field("is_key")
    town = Enterprise._meta.get_field("town")
    assert changelog._readable(is_key, "True") == "是"
    assert changelog._readable(is_key, "False") == "否"
    assert changelog._readable(town, str(sanxing.pk)) == str(sanxing)
    assert changelog._readable(town, "None") == "（空）"
    assert changelog._readable(None, "x" * 50) == "x" * 39 + "…"
    assert changelog._readable(None, "x" * 50, limit=None) == "x" * 50
