"""Follow-ups (issue 9): dated notes kept in a timeline, 问题 required while open, the same-day
duplicate asked about, 更新跟进 from the visit's and the enterprise's pages, the queue's
已等待N天, sorting and search."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises import selectors, services
from enterprises.models import FollowUpNote, Visit
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2023, 5, 10)


def _record(user, enterprise, **fields):
    values = {"visited_on": DAY, "content": "走访", **fields}
    return services.visit_record(instance=Visit(enterprise=enterprise, **values), user=user)


@pytest.fixture
def ent(changle):
    return EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle)


# ---- services ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["open", "in_progress"])
def test_an_open_follow_up_needs_a_problem(officer, ent, status):
    with pytest.raises(ValidationError) as exc:
        _record(officer, ent, follow_up=status, problem="  ")
    assert "请填写企业反映的问题" in exc.value.message_dict["problem"][0]
    assert _record(officer, ent, follow_up=status, problem="缺检测设备").pk
    _record(
        officer, ent, follow_up="none", visited_on=DAY - dt.timedelta(days=1)
    )  # nothing to follow: no problem needed


def test_a_second_visit_the_same_day_is_asked_about(officer, ent, changle):
    _record(officer, ent)
    with pytest.raises(ValidationError) as exc:
        _record(officer, ent, content="第二次")
    assert exc.value.message_dict["confirm_duplicate"] == [
        "2023-05-10已有一条南通常乐精密机械有限公司的走访记录。如确是另一次走访，请勾选“仍然保存”后再保存。"
    ]
    second = services.visit_record(
        instance=Visit(enterprise=ent, visited_on=DAY, content="第二次"), user=officer, confirm_duplicate=True
    )
    assert ent.visits.count() == 2
    services.visit_record(instance=second, user=officer)  # editing a visit is not a second one
    _record(officer, EnterpriseFactory(town=changle))  # another enterprise the same day
    _record(officer, ent, visited_on=DAY + dt.timedelta(days=1))  # the same enterprise another day


def test_follow_up_notes_are_kept_dated_and_update_the_visit_in_one_write(officer, staff_user, ent):
    visit = _record(officer, ent, follow_up="open", problem="需要对接高校")
    visit.follow_up = "in_progress"
    services.visit_follow_up(instance=visit, user=officer, note="已联系南通大学", on=DAY + dt.timedelta(days=3))
    visit.follow_up, visit.resolution = "resolved", "已签技术合同"
    services.visit_follow_up(instance=visit, user=staff_user, note="签约", on=DAY + dt.timedelta(days=20))

    visit.refresh_from_db()
    assert (visit.follow_up, visit.resolution) == ("resolved", "已签技术合同")
    notes = list(selectors.follow_up_notes(visit))
    assert [(n.on, n.note, n.status, n.written_by) for n in notes] == [
        (DAY + dt.timedelta(days=20), "签约", "resolved", staff_user),
        (DAY + dt.timedelta(days=3), "已联系南通大学", "in_progress", officer),
    ]
    assert LogEntry.objects.get_for_object(notes[0]).exists()  # notes are in the change log


def test_a_refused_follow_up_writes_nothing(officer, ent):
    visit = _record(officer, ent, follow_up="open", problem="需要对接高校")
    visit.follow_up = "resolved"  # without 办理结果
    with pytest.raises(ValidationError) as exc:
        services.visit_follow_up(instance=visit, user=officer, note="办结")
    assert "resolution" in exc.value.message_dict
    assert not FollowUpNote.objects.exists()
    visit.refresh_from_db()
    assert visit.follow_up == "open"


def test_follow_up_date_and_note_rules(officer, ent):
    visit = _record(officer, ent, follow_up="open", problem="需要对接高校")
    cases = [
        ({"note": "x", "on": timezone.localdate() + dt.timedelta(days=1)}, "on", "跟进日期不能晚于今天。"),
        ({"note": "x", "on": DAY - dt.timedelta(days=1)}, "on", "跟进日期不能早于走访日期2023-05-10。"),
        ({"note": ""}, "note", "请填写本次跟进情况，或改变跟进状态。"),
    ]
    for kwargs, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            services.visit_follow_up(instance=visit, user=officer, **kwargs)
        assert exc.value.message_dict[field] == [message]
    services.visit_follow_up(instance=visit, user=officer, note="打电话确认进度")  # today by default
    assert visit.notes.get().on == timezone.localdate()


# ---- pages ---------------------------------------------------------------------------------


def test_follow_up_from_the_visit_page_returns_there_with_the_note(client, officer, ent):
    visit = _record(officer, ent, follow_up="open", problem="需要对接高校")
    client.force_login(officer)
    page = client.get(visit.get_absolute_url()).content.decode()
    url = reverse("enterprises:visit_follow_up", args=[visit.pk])
    assert f"{url}?next=" in page and "更新跟进" in page and "尚无跟进记录" in page

    form = client.get(f"{url}?next={visit.get_absolute_url()}").content.decode()
    assert 'name="note"' in form and 'name="on"' in form and "hx-post" not in form
    response = client.post(
        url,
        {"follow_up": "in_progress", "note": "已联系南通大学", "on": "2023-05-12", "next": visit.get_absolute_url()},
    )
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "2023-05-12" in page and "已联系南通大学" in page


def test_follow_up_from_the_enterprise_page(client, officer, leader_user, ent):
    visit = _record(officer, ent, follow_up="open", problem="需要对接高校")
    _record(officer, ent, visited_on=DAY - dt.timedelta(days=5))  # nothing to follow up: no button
    url = reverse("enterprises:visit_follow_up", args=[visit.pk])
    client.force_login(officer)
    page = client.get(ent.get_absolute_url()).content.decode()
    assert page.count("更新跟进") == 1 and f"{url}?next=" in page
    response = client.post(url, {"follow_up": "in_progress", "note": "约了下周", "next": ent.get_absolute_url()})
    assert response.status_code == 302 and response.url == ent.get_absolute_url()
    client.force_login(leader_user)  # leaders read, they do not update
    assert "更新跟进" not in client.get(ent.get_absolute_url()).content.decode()


def test_a_foreign_next_is_ignored(client, officer, ent):
    visit = _record(officer, ent, follow_up="open", problem="需要对接高校")
    client.force_login(officer)
    url = reverse("enterprises:visit_follow_up", args=[visit.pk])
    response = client.post(url, {"follow_up": "in_progress", "note": "x", "next": "https://evil.example/"})
    assert response.url == visit.get_absolute_url()


def test_the_queue_shows_waiting_days_sorts_and_searches(client, officer, changle):
    today = timezone.localdate()
    a = EnterpriseFactory(name="A甲精密机械有限公司", town=changle)
    b = EnterpriseFactory(name="B乙新材料有限公司", town=changle)
    old = _record(officer, b, visited_on=today - dt.timedelta(days=40), follow_up="open", problem="缺检测设备")
    recent = _record(officer, a, visited_on=today - dt.timedelta(days=10), follow_up="open", problem="融资需求")
    client.force_login(officer)
    url = reverse("enterprises:visit_follow_ups")

    def names(query=""):
        page = client.get(f"{url}?{query}").content.decode()
        return re.findall(r"follow-up-card.*?fw-semibold me-auto[^>]*>([^<]*)", page, re.S), page

    order, page = names()
    assert order == [b.name, a.name]  # the longest waiting first
    assert "已等待40天" in page and "已等待10天" in page
    assert page.index('<option value="waiting"') < page.index('<option value="newest"')  # the default shows first

    old.follow_up = "in_progress"  # a note restarts the wait
    services.visit_follow_up(instance=old, user=officer, note="已联系", on=today - dt.timedelta(days=2))
    order, page = names()
    assert "已等待2天" in page and order == [a.name, b.name]

    assert names("order=enterprise")[0] == [a.name, b.name]  # by name (A before B)
    assert names("order=newest")[0] == [a.name, b.name]  # visited 10 days ago before 40
    assert names("order=waiting")[0] == [a.name, b.name]
    assert names("q=融资")[0] == [a.name]  # the problem
    assert names("q=乙新材料")[0] == [b.name]  # the enterprise's name
    assert recent.pk


def test_the_visit_form_asks_before_a_second_visit_the_same_day(client, officer, ent):
    _record(officer, ent)
    client.force_login(officer)
    data = {
        "enterprise": ent.pk,
        "visited_on": "2023-05-10",
        "kind": "onsite",
        "content": "第二次",
        "follow_up": "none",
    }
    refused = client.post(reverse("enterprises:visit_add"), data)
    body = refused.content.decode()
    assert refused.status_code == 200 and "仍然保存" in body and 'name="confirm_duplicate"' in body
    assert ent.visits.count() == 1
    saved = client.post(reverse("enterprises:visit_add"), {**data, "confirm_duplicate": "on"})
    assert saved.status_code == 302 and ent.visits.count() == 2
