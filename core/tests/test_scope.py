import pytest
from django.urls import reverse

from core.testing import assert_out_of_scope
from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_officer_gets_404_for_another_towns_enterprise_everywhere(client, officer, sanxing, changle):
    other = EnterpriseFactory(town=sanxing, name="三星某纺织科技有限公司")
    own = EnterpriseFactory(town=changle, name="常乐某智能装备有限公司")
    client.force_login(officer)
    checked = assert_out_of_scope(client, other)
    assert checked == ["detail", "history", "edit", "delete", "export"]
    # ...while the own town's enterprise is there, editable but not deletable.
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(reverse("enterprises:enterprise_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("enterprises:enterprise_delete", args=[own.pk])).status_code == 403
    assert Enterprise.objects.filter(pk=own.pk).exists()


def test_officer_without_town_sees_nothing(client, make_user, changle):
    EnterpriseFactory(town=changle)
    user = make_user("no_town", "town_officer", None)
    assert Enterprise.objects.for_user(user).count() == 0


def test_bureau_roles_see_all_towns(staff_user, leader_user, bureau_admin, changle, sanxing):
    EnterpriseFactory(town=changle)
    EnterpriseFactory(town=sanxing)
    EnterpriseFactory(town=None)
    for user in (staff_user, leader_user, bureau_admin):
        assert Enterprise.objects.for_user(user).count() == 3


def test_leader_reads_but_writes_nothing(client, leader_user, changle):
    ent = EnterpriseFactory(town=changle)
    client.force_login(leader_user)
    assert client.get(ent.get_absolute_url()).status_code == 200
    assert client.get(reverse("enterprises:enterprise_edit", args=[ent.pk])).status_code == 403
    assert client.post(reverse("enterprises:enterprise_delete", args=[ent.pk])).status_code == 403
    assert client.get(reverse("enterprises:enterprise_add")).status_code == 403


def test_officer_cannot_move_an_enterprise_to_another_town(client, officer, changle, sanxing):
    ent = EnterpriseFactory(town=changle)
    client.force_login(officer)
    data = {"name": ent.name, "credit_code": ent.credit_code, "town": sanxing.pk}
    response = client.post(reverse("enterprises:enterprise_edit", args=[ent.pk]), data)
    assert response.status_code == 200  # the form refuses the choice
    ent.refresh_from_db()
    assert ent.town == changle


def test_filter_choices_are_scoped(client, officer, changle):
    client.force_login(officer)
    response = client.get(reverse("enterprises:enterprise_list"))
    towns = list(response.context["filter"].form.fields["town"].queryset)
    assert towns == [changle]


def test_role_rules_per_role(make_user, changle):
    """Each role's rights, spelled out here (not read from the role groups under test)."""
    from core import scope
    from enterprises.models import PoolMembership, Visit

    expected = {  # role: (sees all towns, bureau, imports, creates visits, deletes visits)
        "bureau_admin": (True, True, True, True, True),
        "bureau_staff": (True, True, True, True, True),
        "leader": (True, False, False, False, False),
        "town_officer": (False, False, True, True, False),
    }
    for role, rights in expected.items():
        user = make_user(f"u_{role}", role, changle if role == "town_officer" else None)
        user.is_superuser = False  # make_user makes bureau_admin a superuser; test the role itself
        got = (
            scope.sees_all_towns(user),
            scope.is_bureau(user),
            scope.can_import(user),
            scope.can_create(user, Visit),
            scope.can_delete(user, Visit),
        )
        assert got == rights, role
        assert scope.can_change(user, PoolMembership) == rights[1], role
    superuser = make_user("root", "leader")
    superuser.is_superuser = True
    assert scope.role_of(superuser) == "bureau_admin" and scope.is_bureau(superuser) and superuser.is_admin
