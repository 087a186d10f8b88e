"""Visit pages: the phone form, the scoped type-ahead, lists and exports, follow-ups, photos."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.testing import assert_out_of_scope, export_rows
from enterprises import services
from enterprises.models import Visit, VisitPhoto
from enterprises.tests.factories import EnterpriseFactory, VisitFactory, image_upload

pytestmark = pytest.mark.django_db

ADD = "/visits/new/"


def _post_data(enterprise, **extra):
    return {
        "enterprise": enterprise.pk,
        "visited_on": "2023-05-10",
        "kind": "onsite",
        "needs": ["technology", "talent"],
        "content": "了解研发项目备案情况",
        "problem": "缺少检测设备",
        "follow_up": "open",
        "resolution": "",
        **extra,
    }


def _record(user, enterprise, **fields):
    values = {"visited_on": dt.date(2023, 5, 10), "content": "走访", **fields}
    return services.visit_record(instance=Visit(enterprise=enterprise, **values), user=user)


@pytest.fixture
def two_towns(changle, sanxing):
    """An enterprise in the officer's town (常乐镇) and one in another town (三星镇)."""
    own = EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle, is_key=True)
    other = EnterpriseFactory(name="三星某纺织科技有限公司", town=sanxing, is_key=True)
    return own, other


def test_the_spec_url_of_the_visit_form():
    assert reverse("enterprises:visit_add") == ADD
    assert reverse("enterprises:visit_list") == "/visits/"
    assert reverse("enterprises:enterprise_list") == "/enterprises/"


def test_officer_records_a_visit_with_photos(client, officer, two_towns):
    own, _ = two_towns
    client.force_login(officer)
    page = client.get(ADD)
    assert page.status_code == 200
    assert f'max="{timezone.localdate().isoformat()}"' in page.content.decode()
    data = _post_data(own, photos=[image_upload("现场1.jpg"), image_upload("现场2.png", fmt="PNG")])
    response = client.post(ADD, data)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert (visit.officer, visit.needs, visit.follow_up) == (officer, ["technology", "talent"], "open")
    assert visit.photos.count() == 2
    own.refresh_from_db()
    assert own.last_visited_on == dt.date(2023, 5, 10)
    detail = client.get(visit.get_absolute_url()).content.decode()
    for photo in visit.photos.all():
        assert reverse("enterprises:visit_photo_thumb", args=[photo.pk]) in detail
        assert reverse("enterprises:visit_photo", args=[photo.pk]) in detail
    assert "/media/" not in detail


def test_date_defaults_to_today(client, officer):
    client.force_login(officer)
    form = client.get(ADD).context["form"]
    assert form["visited_on"].value() == timezone.localdate()


def test_enterprise_parameter_preselects_only_within_scope(client, officer, two_towns):
    own, other = two_towns
    client.force_login(officer)
    html = client.get(f"{ADD}?enterprise={own.pk}").content.decode()
    assert own.name in html and f'name="enterprise" value="{own.pk}"' in html
    html = client.get(f"{ADD}?enterprise={other.pk}").content.decode()
    assert other.name not in html and 'id="id_enterprise_search"' in html


def test_bad_photo_refused_on_the_field_and_nothing_saved(client, officer, two_towns):
    own, _ = two_towns
    client.force_login(officer)
    fake = SimpleUploadedFile("合同扫描.jpg", "文本文件改了扩展名".encode(), "image/jpeg")
    response = client.post(ADD, _post_data(own, photos=[image_upload("好.jpg"), fake]))
    assert response.status_code == 200
    errors = response.context["form"].errors["photos"]
    assert any("“合同扫描.jpg”不是JPEG或PNG图片" in e for e in errors)
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()
    # The picked enterprise stays picked, so the officer only fixes the photo.
    assert f'name="enterprise" value="{own.pk}"' in response.content.decode()


def test_future_date_and_missing_enterprise_are_chinese_field_errors(client, officer, two_towns):
    own, _ = two_towns
    client.force_login(officer)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(ADD, _post_data(own, visited_on=tomorrow))
    assert response.context["form"].errors["visited_on"] == ["走访日期不能晚于今天。"]
    response = client.post(ADD, {**_post_data(own), "enterprise": ""})
    assert response.context["form"].errors["enterprise"] == ["请先搜索并选择走访的企业。"]
    assert "请先搜索并选择走访的企业。" in response.content.decode()
    assert not Visit.objects.exists()


def test_officer_cannot_post_another_towns_enterprise(client, officer, two_towns):
    _, other = two_towns
    client.force_login(officer)
    response = client.post(ADD, _post_data(other))
    assert response.context["form"].errors["enterprise"] == ["该企业不在您负责的区镇，请重新选择。"]
    assert not Visit.objects.exists()


def test_staff_record_visits_in_any_town_leader_cannot(client, staff_user, leader_user, two_towns):
    _, other = two_towns
    client.force_login(staff_user)
    assert client.post(ADD, _post_data(other)).status_code == 302
    assert Visit.objects.get().officer == staff_user
    client.force_login(leader_user)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, _post_data(other)).status_code == 403
    assert client.get(reverse("enterprises:visit_enterprise_search") + "?q=三星").status_code == 403
    assert Visit.objects.count() == 1


def test_enterprise_search_is_scoped_and_matches_name_or_code(client, officer, staff_user, two_towns):
    own, other = two_towns
    url = reverse("enterprises:visit_enterprise_search")
    client.force_login(officer)
    assert own.name in client.get(url, {"q": "精密"}).content.decode()
    assert own.name in client.get(url, {"q": own.credit_code[-8:].lower()}).content.decode()
    html = client.get(url, {"q": "科技有限公司"}).content.decode()
    assert other.name not in html
    assert "只能选择本区镇的企业" in html
    assert client.get(url, {"pick": other.pk}).status_code == 404
    picked = client.get(url, {"pick": own.pk}).content.decode()
    assert f'name="enterprise" value="{own.pk}"' in picked
    client.force_login(staff_user)
    html = client.get(url, {"q": "有限公司"}).content.decode()
    assert own.name in html and other.name in html


def test_enterprise_search_shows_a_few_and_own_grid_enterprises_first(client, officer, changle):
    EnterpriseFactory.create_batch(12, town=changle)
    mine = EnterpriseFactory(name="南通海门测试科技有限公司9999", town=changle, grid_officer=officer)
    client.force_login(officer)
    results = client.get(reverse("enterprises:visit_enterprise_search"), {"q": "测试科技"}).context["results"]
    assert len(results) == 8 and results[0] == mine


def test_another_towns_visit_is_out_of_scope_everywhere(client, officer, other_officer, two_towns):
    own, other = two_towns
    theirs = _record(other_officer, other)
    _record(officer, own)
    client.force_login(officer)
    checked = assert_out_of_scope(client, theirs, marker=other.name)
    assert checked == ["detail", "history", "edit", "delete", "export"]
    for name in ("visit_mine", "visit_follow_ups"):
        rows = export_rows(client, reverse(f"enterprises:{name}"))
        assert all(other.name not in " ".join(map(str, row)) for row in rows)
    follow_up = reverse("enterprises:visit_follow_up", args=[theirs.pk])
    assert client.get(follow_up).status_code == 404
    assert client.post(follow_up, {"follow_up": "resolved", "resolution": "x"}).status_code == 404


def test_officer_edits_but_never_deletes_their_own_visit(client, officer, two_towns):
    own, _ = two_towns
    visit = _record(officer, own)
    client.force_login(officer)
    edit = reverse("enterprises:visit_edit", args=[visit.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _post_data(own, content="补充：企业计划申报高企", photos=[image_upload()]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.content == "补充：企业计划申报高企" and visit.photos.count() == 1
    delete = reverse("enterprises:visit_delete", args=[visit.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert "删除照片" not in client.get(edit).content.decode()
    history = client.get(reverse("enterprises:visit_history", args=[visit.pk])).content.decode()
    assert "补充：企业计划申报高企" in history and "照片" in history


def test_staff_delete_a_visit_and_last_visited_follows(client, staff_user, officer, two_towns):
    own, _ = two_towns
    visit = _record(officer, own)
    client.force_login(staff_user)
    assert client.post(reverse("enterprises:visit_delete", args=[visit.pk])).status_code == 302
    own.refresh_from_db()
    assert own.last_visited_on is None


def test_lists_show_only_the_officers_town(client, officer, other_officer, make_user, two_towns, changle):
    own, other = two_towns
    colleague = make_user("colleague", "town_officer", changle)
    mine = _record(officer, own, follow_up="open", problem="缺资金")
    theirs_same_town = _record(colleague, own, visited_on=dt.date(2023, 6, 1))
    _record(other_officer, other, follow_up="open", problem="缺场地")
    client.force_login(officer)

    def records(name):
        return [row.record for row in client.get(reverse(f"enterprises:{name}")).context["table"].page.object_list]

    assert records("visit_list") == [theirs_same_town, mine]
    assert records("visit_mine") == [mine]
    assert records("visit_follow_ups") == [mine]
    assert [row[1] for row in export_rows(client, reverse("enterprises:visit_list"))] == [own.name, own.name]
    towns = list(client.get(reverse("enterprises:visit_list")).context["filter"].form.fields["town"].queryset)
    assert towns == [changle]
    officers = client.get(reverse("enterprises:visit_list")).context["filter"].form.fields["officer"].queryset
    assert set(officers) == {officer, colleague}


def test_visit_filters(client, staff_user, officer, other_officer, two_towns, sanxing):
    own, other = two_towns
    a = _record(officer, own, kind="phone", needs=["funding"], follow_up="open", problem="贷款", content="苏科贷")
    b = _record(other_officer, other, visited_on=dt.date(2023, 4, 1), needs=["talent", "space"])
    client.force_login(staff_user)
    url = reverse("enterprises:visit_list")

    def found(query):
        return {row.record for row in client.get(url, query).context["table"].page.object_list}

    assert found({"town": sanxing.pk}) == {b}
    assert found({"officer": officer.pk}) == {a}
    assert found({"kind": "phone"}) == {a}
    assert found({"needs": "space"}) == {b}
    assert found({"follow_up": "open"}) == {a}
    assert found({"visited_on_after": "2023-05-01"}) == {a}
    assert found({"visited_on_before": "2023-04-30"}) == {b}
    assert found({"q": "苏科贷"}) == {a}
    assert found({"q": "纺织"}) == {b}
    assert found({"enterprise": other.pk}) == {b}
    assert "只显示一家企业的走访记录" in client.get(url, {"enterprise": other.pk}).content.decode()
    invalid = client.get(url, {"kind": "nonsense"})  # shows the error and no rows, never a 500
    assert invalid.status_code == 200 and "kind" in invalid.context["filter"].form.errors
    assert list(invalid.context["table"].page.object_list) == []
    rows = export_rows(client, url, "needs=talent")
    assert len(rows) == 1 and rows[0][6] == "人才、场地" and rows[0][1] == other.name


def test_follow_up_is_updated_inline_with_htmx(client, officer, two_towns):
    own, _ = two_towns
    visit = _record(officer, own, follow_up="open", problem="需要对接高校")
    client.force_login(officer)
    url = reverse("enterprises:visit_follow_up", args=[visit.pk])
    htmx = {"HTTP_HX_REQUEST": "true"}

    page = client.get(reverse("enterprises:visit_follow_ups")).content.decode()
    assert f'hx-get="{url}"' in page
    form = client.get(url, **htmx)
    assert form.templates[0].name == "enterprises/includes/follow_up_card.html"
    assert 'name="resolution"' in form.content.decode()

    refused = client.post(url, {"follow_up": "resolved", "resolution": ""}, **htmx)
    assert "跟进状态为“已解决”时，请填写办理结果。" in refused.content.decode()
    assert '<span class="badge text-bg-warning">待跟进</span>' in refused.content.decode()  # what is saved
    visit.refresh_from_db()
    assert visit.follow_up == "open"

    saved = client.post(url, {"follow_up": "resolved", "resolution": "已对接南通大学"}, **htmx)
    assert saved.status_code == 200 and "已保存" in saved.content.decode()
    visit.refresh_from_db()
    assert (visit.follow_up, visit.resolution) == ("resolved", "已对接南通大学")
    assert "更新跟进" in client.get(url + "?card=1", **htmx).content.decode()

    plain = client.post(url, {"follow_up": "in_progress", "resolution": "已对接南通大学"})
    assert plain.status_code == 302 and plain.url == visit.get_absolute_url()  # the visit page, with the note


def test_leader_reads_follow_ups_but_cannot_update(client, leader_user, officer, two_towns):
    own, _ = two_towns
    visit = _record(officer, own, follow_up="open", problem="缺研发人员")
    client.force_login(leader_user)
    page = client.get(reverse("enterprises:visit_follow_ups")).content.decode()
    assert own.name in page and "更新跟进" not in page
    url = reverse("enterprises:visit_follow_up", args=[visit.pk])
    assert client.post(url, {"follow_up": "resolved", "resolution": "x"}).status_code == 403


def test_photos_are_served_only_within_scope(client, officer, other_officer, two_towns):
    own, _ = two_towns
    visit = services.visit_record(
        instance=Visit(enterprise=own, visited_on=dt.date(2023, 5, 10)), user=officer, photos=[image_upload()]
    )
    photo = visit.photos.get()
    full = reverse("enterprises:visit_photo", args=[photo.pk])
    thumb = reverse("enterprises:visit_photo_thumb", args=[photo.pk])
    client.force_login(officer)
    response = client.get(full)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert client.get(thumb)["Content-Type"] == "image/jpeg"
    assert client.get("/media/" + photo.image.name).status_code == 404  # never world-readable
    client.force_login(other_officer)
    assert client.get(full).status_code == 404 and client.get(thumb).status_code == 404
    client.logout()
    assert client.get(full).status_code == 302  # to the login page


def test_key_enterprises_due_page(client, officer, leader_user, two_towns, changle):
    own, other = two_towns
    visited = EnterpriseFactory(name="本季已走访企业", town=changle, is_key=True)
    _record(officer, visited, visited_on=timezone.localdate())
    EnterpriseFactory(name="非重点企业", town=changle)
    client.force_login(officer)
    response = client.get(reverse("enterprises:visit_due"))
    names = [row.record.name for row in response.context["table"].page.object_list]
    assert names == [own.name]
    assert response.context["coverage"]["total"] == 2 and response.context["coverage"]["visited"] == 1
    html = response.content.decode()
    assert f"{ADD}?enterprise={own.pk}" in html and "覆盖率 50%" in html
    assert [row[0] for row in export_rows(client, reverse("enterprises:visit_due"))] == [own.name]
    client.force_login(leader_user)
    html = client.get(reverse("enterprises:visit_due")).content.decode()
    assert other.name in html and f"{ADD}?enterprise=" not in html


def test_navigation_marks_the_visit_form_not_the_list(client, officer):
    client.force_login(officer)
    items = {item["label"]: item["active"] for item in client.get(ADD).context["nav_items"]}
    assert items["记走访"] is True and items["走访"] is False
    items = {item["label"]: item["active"] for item in client.get("/visits/mine/").context["nav_items"]}
    assert items["走访"] is True and items["记走访"] is False


def test_visit_factory_rows_show_in_lists(client, staff_user, officer, changle):
    VisitFactory(enterprise=EnterpriseFactory(town=changle), officer=officer)
    client.force_login(staff_user)
    assert client.get(reverse("enterprises:visit_list")).context["table"].paginator.count == 1


def test_follow_ups_list_the_longest_waiting_first(client, officer, two_towns):
    own, _ = two_towns
    recent = _record(officer, own, visited_on=dt.date(2023, 6, 1), follow_up="open", problem="缺研发人员")
    old = _record(officer, own, visited_on=dt.date(2023, 2, 1), follow_up="in_progress", problem="缺研发人员")
    _record(officer, own, visited_on=dt.date(2023, 1, 1), follow_up="resolved", resolution="已办结")
    client.force_login(officer)
    table = client.get(reverse("enterprises:visit_follow_ups")).context["table"]
    assert [row.record for row in table.page.object_list] == [old, recent]


def test_admin_lists_visits_and_keeps_last_visited(client, bureau_admin, officer, two_towns):
    own, _ = two_towns
    visit = _record(officer, own)
    client.force_login(bureau_admin)
    assert client.get(reverse("admin:enterprises_visit_changelist")).status_code == 200
    assert client.get(reverse("admin:enterprises_visit_change", args=[visit.pk])).status_code == 200
    response = client.post(reverse("admin:enterprises_visit_delete", args=[visit.pk]), {"post": "yes"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.last_visited_on is None


def test_home_shows_the_visit_work_of_the_officers_town(client, officer, other_officer, two_towns):
    own, other = two_towns
    _record(officer, own, follow_up="open", problem="缺研发人员", visited_on=timezone.localdate())
    _record(other_officer, other, follow_up="open", problem="缺研发人员")
    client.force_login(officer)
    queues = {q["label"]: q for q in client.get("/").context["queues"]}
    assert queues["待跟进事项"]["count"] == 1
    assert queues["待跟进事项"]["url"] == "/visits/follow-ups/"
    assert queues["本季度未走访的重点企业"]["count"] == 0  # its one key enterprise was visited today


def test_history_has_no_relation_noise_and_counts_photos(client, officer, two_towns):
    own, _ = two_towns
    visit = services.visit_record(
        instance=Visit(enterprise=own, visited_on=dt.date(2023, 5, 10), needs=["technology", "funding"]),
        user=officer,
        photos=[image_upload()],
    )
    client.force_login(officer)
    html = client.get(reverse("enterprises:visit_history", args=[visit.pk])).content.decode()
    assert "VisitPhoto.None" not in html and "0张" in html and "1张" in html


def test_a_photo_whose_file_is_gone_answers_404(client, officer, two_towns):
    own, _ = two_towns
    visit = services.visit_record(
        instance=Visit(enterprise=own, visited_on=dt.date(2023, 5, 10)), user=officer, photos=[image_upload()]
    )
    photo = visit.photos.get()
    photo.image.storage.delete(photo.image.name)
    client.force_login(officer)
    assert client.get(reverse("enterprises:visit_photo", args=[photo.pk])).status_code == 404
    assert client.get(reverse("enterprises:visit_photo_thumb", args=[photo.pk])).status_code == 404
