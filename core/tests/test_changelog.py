import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_logged_with_user_and_diff(client, staff_user, changle):
    client.force_login(staff_user)
    code = valid_credit_code(1)
    response = client.post(
        reverse("enterprises:enterprise_add"),
        {"name": "江苏海赛未来科技有限公司", "credit_code": code, "town": changle.pk},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    ent = Enterprise.objects.get(credit_code=code)
    created = LogEntry.objects.get_for_object(ent).get(action=LogEntry.Action.CREATE)
    assert created.actor == staff_user

    response = client.post(
        reverse("enterprises:enterprise_edit", args=[ent.pk]),
        {"name": "江苏海赛未来科技有限公司", "credit_code": code, "town": changle.pk, "employees": 120},
    )
    assert response.status_code == 302
    updated = LogEntry.objects.get_for_object(ent).get(action=LogEntry.Action.UPDATE)
    assert updated.actor == staff_user
    assert updated.changes_dict["employees"] == ["None", "120"]
    assert "updated_at" not in updated.changes_dict  # noise is not a change

    history = client.get(reverse("enterprises:enterprise_history", args=[ent.pk]))
    assert "职工总数" in history.content.decode()

    pk = ent.pk
    assert client.post(reverse("enterprises:enterprise_delete", args=[pk])).status_code == 302
    deleted = LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).get()
    assert deleted.actor == staff_user
    assert not Enterprise.objects.filter(pk=pk).exists()


def test_writes_outside_requests_can_name_their_actor(staff_user, changle):
    from core.changelog import acting_as

    with acting_as(staff_user, batch="test-batch"):
        ent = EnterpriseFactory(town=changle)
    entry = LogEntry.objects.get_for_object(ent).get()
    assert entry.actor == staff_user
    assert entry.cid == "test-batch"


def test_bulk_creation_entries_match_what_a_save_logs(changle, officer):
    """log_bulk entries for bulk-created rows carry the same diff auditlog writes on save()."""
    from auditlog.diff import model_instance_diff

    from core.changelog import creation_entries
    from enterprises.models import Visit

    ent = EnterpriseFactory(town=changle, grid_officer=officer, employees=30, rd_staff=4, is_key=True)
    visit = Visit.objects.create(enterprise=ent, officer=officer, visited_on="2023-05-10", needs=["technology"])
    for obj in (ent, visit, changle):
        ((logged, action, changes),) = creation_entries([obj])
        assert logged is obj and action == LogEntry.Action.CREATE
        assert changes == {k: list(v) for k, v in model_instance_diff(None, obj).items()}
