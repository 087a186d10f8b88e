"""The pages: the board's button move (htmx) and its refusal when the card moved meanwhile, a
refused move shown on the move form, hostile input (bad filters, <script> in names), 转为项目."""

import datetime as dt

import pytest
from django.urls import reverse

from investment import services
from investment.models import InvestmentLead, InvestmentProject
from investment.models import ProjectStage as S
from investment.tests.factories import make_lead, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def talking(town, user, **fields):
    return make_project(town, user, [(S.TALKING, dt.date(2023, 2, 1))], **fields)


def test_board_button_moves_and_redraws(staff, changle, staff_user):
    project = talking(changle, staff_user, name="东研计量校准中心项目")
    url = reverse("investment:board_move", args=[project.pk])
    response = staff.post(url, {"to_stage": "signed", "seen_stage": "talking"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "已进入“签约”" in html and "data-board-notice" in html
    assert f'data-id="{project.pk}" data-stage="signed"' in html
    project.refresh_from_db()
    assert project.stage == S.SIGNED


def test_board_move_of_a_card_moved_meanwhile_is_refused_and_put_back(staff, changle, staff_user, make_user):
    colleague = make_user("colleague", "bureau_staff")
    project = talking(changle, staff_user)
    services.project_move(project=project, to_stage=S.DROPPED, user=colleague)
    url = reverse("investment:board_move", args=[project.pk])
    response = staff.post(url, {"to_stage": "signed", "seen_stage": "talking"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "data-board-error" in html and "您看到的是“在谈”" in html
    assert f'data-id="{project.pk}" data-stage="dropped"' in html  # shown where it really is
    assert InvestmentProject.objects.get(pk=project.pk).stage == S.DROPPED


def test_board_move_not_allowed_and_plain_post(staff, changle, staff_user):
    project = talking(changle, staff_user)
    url = reverse("investment:board_move", args=[project.pk])
    response = staff.post(url, {"to_stage": "landed", "seen_stage": "talking"})
    assert response.status_code == 302
    page = staff.get(response.url)
    assert "不能直接改为“落地”" in page.content.decode()


def test_leader_cannot_move_and_sees_no_buttons(client, leader_user, changle, staff_user):
    project = talking(changle, staff_user)
    client.force_login(leader_user)
    assert client.post(reverse("investment:board_move", args=[project.pk]), {"to_stage": "signed"}).status_code == 403
    board = client.get(reverse("investment:board")).content.decode()
    assert "hx-post" not in board and 'data-may-move="0"' in board


def test_move_form_shows_the_refusal_on_the_form(staff, changle, staff_user):
    project = talking(changle, staff_user)
    url = reverse("investment:investmentproject_move", args=[project.pk])
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = staff.post(url, {"to_stage": "signed", "on": tomorrow, "seen_stage": "talking"})
    assert response.status_code == 200 and "不能填写将来的日期" in response.content.decode()
    response = staff.post(url, {"to_stage": "signed", "on": "2023-03-01", "seen_stage": "talking"})
    assert response.status_code == 302
    assert InvestmentProject.objects.get(pk=project.pk).stage == S.SIGNED


def test_key_and_recognize_pages(staff, changle, staff_user):
    project = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1)), (S.SIGNED, dt.date(2023, 3, 1))])
    staff.post(reverse("investment:investmentproject_key", args=[project.pk]), {"is_key": "1"})
    url = reverse("investment:investmentproject_recognize", args=[project.pk])
    assert staff.post(url, {"nt_recognized_on": "2023-04-01"}).status_code == 302
    project.refresh_from_db()
    assert project.is_key and project.nt_recognized_on == dt.date(2023, 4, 1)
    detail = staff.get(project.get_absolute_url()).content.decode()
    assert "重点科创项目" in detail and "南通市科创项目" in detail


@pytest.mark.parametrize(
    "query",
    ["town=abc", "stage=nope", "signed_after=2023-13-45", "owner=999999", "is_key=maybe", "q=%00", "chain=-1"],
)
def test_invalid_filters_never_500(staff, changle, staff_user, query):
    talking(changle, staff_user)
    for name in ("investment:investmentproject_list", "investment:board", "investment:investmentlead_list"):
        assert staff.get(f"{reverse(name)}?{query}").status_code == 200
    assert staff.get(f"{reverse('investment:investmentproject_list')}?{query}&export=csv").status_code == 200


def test_script_in_text_fields_is_escaped(staff, changle, staff_user):
    evil = "<script>alert(1)</script>"
    project = talking(changle, staff_user, name=f"项目{evil}", counterpart=evil, source_unit=evil, note=evil)
    lead = make_lead(changle, name=f"目标{evil}", contact=evil, city=evil)
    for url in (
        reverse("investment:board"),
        reverse("investment:investmentproject_list"),
        project.get_absolute_url(),
        reverse("investment:investmentproject_history", args=[project.pk]),
        reverse("investment:investmentlead_list"),
        lead.get_absolute_url(),
    ):
        html = staff.get(url).content.decode()
        assert evil not in html, url
        assert "&lt;script&gt;" in html, url


def test_convert_page_makes_the_project(staff, changle, staff_user):
    lead = make_lead(changle, name="杭州汇智集成电路研究院")
    url = reverse("investment:investmentlead_convert", args=[lead.pk])
    response = staff.post(
        url, {"stage": "talking", "on": "2023-05-02", "source_kind": "entrusted", "source_unit": "上海科技交流中心"}
    )
    project = InvestmentProject.objects.get(name="杭州汇智集成电路研究院")
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert (project.stage, project.source_kind) == (S.TALKING, "entrusted")
    assert InvestmentLead.objects.get(pk=lead.pk).project == project
    again = staff.post(url, {"stage": "lead", "on": "2023-05-02", "source_kind": "town"})
    assert "不能重复转换" in again.content.decode()


def test_new_project_form_enters_at_the_reported_stage(staff, changle):
    from investment.tests.factories import direction

    d = direction()
    data = {
        "name": "新录入项目", "chain": d.chain.pk, "direction": d.pk, "town": changle.pk, "source_kind": "town",
        "stage": "talking", "stage_on": "2023-05-05",
    }  # fmt: skip
    response = staff.post(reverse("investment:investmentproject_add"), data)
    project = InvestmentProject.objects.get(name="新录入项目")
    assert response.status_code == 302
    assert (project.stage, project.stage_on) == (S.TALKING, dt.date(2023, 5, 5))
    assert project.changes.get().to_stage == S.TALKING


def test_redis_down_does_not_500_the_board(staff, changle, staff_user, settings):
    from haimen_sci import settings as project_settings

    settings.CACHES = project_settings.redis_caches("redis://127.0.0.1:1/0")  # nothing listens there
    project = talking(changle, staff_user)
    assert staff.get(reverse("investment:board")).status_code == 200
    url = reverse("investment:board_move", args=[project.pk])
    assert staff.post(url, {"to_stage": "signed", "seen_stage": "talking"}, HTTP_HX_REQUEST="true").status_code == 200


def test_officer_edits_a_project_the_bureau_owns_without_changing_its_owner(client, officer, changle, staff_user):
    project = talking(changle, staff_user, owner=staff_user)
    client.force_login(officer)
    url = reverse("investment:investmentproject_edit", args=[project.pk])
    form = client.get(url).context["form"]
    assert staff_user in form.fields["owner"].queryset
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(counterpart="深圳某创投", is_key="")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    project.refresh_from_db()
    assert (project.counterpart, project.owner) == ("深圳某创投", staff_user)


def test_deleting_a_converted_project_frees_its_lead(staff, changle, staff_user):
    lead = make_lead(changle)
    project = services.lead_convert(lead=lead, user=staff_user, on=dt.date(2023, 5, 1))
    assert staff.post(reverse("investment:investmentproject_delete", args=[project.pk])).status_code == 302
    lead.refresh_from_db()
    assert lead.project is None and lead.status == "contacting"


def test_delete_a_lead(staff, changle):
    lead = make_lead(changle)
    assert staff.post(reverse("investment:investmentlead_delete", args=[lead.pk])).status_code == 302
    assert not InvestmentLead.objects.filter(pk=lead.pk).exists()
