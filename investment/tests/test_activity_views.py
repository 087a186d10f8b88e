"""The activity pages: the phone form, refusals shown on their field, who may write funds, the
weekly pages for a unit's head and the bureau, hostile filters and text."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from investment.models import ClientVisit, Fund
from investment.tests.factories_activity import EventFactory, FundFactory, MemberFactory, VisitFactory, at

pytestmark = pytest.mark.django_db


def test_an_officer_on_the_team_records_a_visit_as_themself(client, officer, changle):
    me = MemberFactory(town=changle, user=officer, name="陈网格员")
    client.force_login(officer)
    page = client.get(reverse("investment:clientvisit_add"))
    assert page.status_code == 200
    assert page.context["form"].initial["member"] == me.pk
    now = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
    response = client.post(
        reverse("investment:clientvisit_add"),
        {"member": me.pk, "visited_at": now.strftime("%Y-%m-%dT%H:%M"), "counterpart": "上海甲公司", "city": "上海"},
    )
    assert response.status_code == 302 and response.url == reverse("investment:clientvisit_list")
    visit = ClientVisit.objects.get()
    assert (visit.member, visit.visited_at, visit.city) == (me, now, "上海")


def test_the_forms_show_the_services_refusal_on_the_field(client, officer, changle):
    gone = MemberFactory(town=changle, active_to=dt.date(2023, 1, 31))
    client.force_login(officer)
    later = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("investment:clientvisit_add"), {"member": gone.pk, "visited_at": later, "counterpart": "x", "city": ""}
    )
    assert page.status_code == 200
    # The member is not on the team today: not even offered.
    assert "member" in page.context["form"].errors
    me = MemberFactory(town=changle)
    page = client.post(
        reverse("investment:clientvisit_add"), {"member": me.pk, "visited_at": later, "counterpart": "x", "city": ""}
    )
    assert "晚于现在" in page.context["form"].errors["visited_at"][0]
    assert not ClientVisit.objects.exists()


def test_a_fund_above_target_without_reason_is_shown_on_raised_size(client, staff_user):
    client.force_login(staff_user)
    page = client.post(
        reverse("investment:fund_add"),
        {"name": "甲基金", "kind": "angel", "target_size": "1000", "raised_size": "1200", "counts_as_new": "on"},
    )
    assert page.status_code == 200 and "超募说明" in page.context["form"].errors["raised_size"][0]
    assert not Fund.objects.exists()


def test_only_the_bureau_writes_funds(client, officer, leader_user, staff_user):
    fund = FundFactory(stage_on=dt.date(2023, 3, 1))
    for user in (officer, leader_user):
        client.force_login(user)
        assert client.get(reverse("investment:fund_detail", args=[fund.pk])).status_code == 200
        assert client.get(reverse("investment:fund_add")).status_code == 403
        assert client.get(reverse("investment:fund_edit", args=[fund.pk])).status_code == 403
        assert (
            client.post(reverse("investment:fund_move", args=[fund.pk]), {"to_stage": "established"}).status_code == 403
        )
    client.force_login(staff_user)
    response = client.post(
        reverse("investment:fund_move", args=[fund.pk]), {"to_stage": "established", "on": "2023-05-01", "note": ""}
    )
    assert response.status_code == 302
    fund.refresh_from_db()
    assert fund.stage == "established"


def test_the_fund_totals_read_the_goal_from_the_target(client, staff_user, towns):
    from core.models import Target

    Target.objects.update_or_create(year=2023, kpi="invest.fund_raised", town=None, defaults={"value": 100})
    FundFactory(raised_size=250000, stage_on=dt.date(2023, 3, 1))
    client.force_login(staff_user)
    page = client.get(reverse("investment:fund_totals"))
    totals = page.context["totals"]
    assert totals["goal_yi"] == 100 and totals["new_raised_yi"] == 25 and totals["goal_pct"] == 25
    Target.objects.filter(kpi="invest.fund_raised").delete()
    assert client.get(reverse("investment:fund_totals")).context["totals"]["goal_pct"] is None


def test_a_units_head_opens_the_short_list_on_their_unit(client, officer, changle, sanxing, staff_user):
    MemberFactory(town=changle, user=officer, is_head=True, unit_name="常乐镇", name="陈负责人")
    short_here = MemberFactory(town=changle, unit_name="常乐镇", name="常乐未达标")
    last_monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday() + 7)
    client.force_login(officer)
    page = client.get(reverse("investment:team_short"))
    names = [m.name for m in page.context["table"].data]
    assert short_here.name in names
    assert page.context["week"] == last_monday
    MemberFactory(town=sanxing, unit_name="三星镇", name="三星未达标")
    client.force_login(staff_user)
    names = [m.name for m in client.get(reverse("investment:team_short")).context["table"].data]
    assert {"常乐未达标", "三星未达标"} <= set(names)


def test_a_member_who_met_the_rule_is_not_on_the_short_list(client, staff_user, changle):
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday() + 7)
    good = MemberFactory(town=changle, name="达标者", active_from=monday - dt.timedelta(days=30))
    for i in range(6):
        VisitFactory(member=good, visited_at=at(monday + dt.timedelta(days=i % 3), 10 + i))
    client.force_login(staff_user)
    page = client.get(reverse("investment:team_short"))
    assert "达标者" not in [m.name for m in page.context["table"].data]
    week = client.get(reverse("investment:team_week") + f"?week={monday.isoformat()}")
    assert "达标者" in [m.name for m in week.context["table"].data]
    assert week.context["summary"]["short"] == 0


@pytest.mark.parametrize(
    "name,query",
    [
        ("investment:team_week", "week=abc&town=xyz&unit_kind=%00"),
        ("investment:team_short", "week=2023-02-30"),
        ("investment:clientvisit_list", "visited_from=nope&member=abc&place=<script>"),
        ("investment:investmentevent_list", "held_from=2023-13-01&kind=zzz"),
        ("investment:fund_list", "counts_as_new=maybe&stage=zz"),
    ],
)
def test_hostile_filters_never_500(client, staff_user, officer, name, query):
    for user in (staff_user, officer):
        client.force_login(user)
        assert client.get(reverse(name) + "?" + query).status_code == 200
        assert client.get(reverse(name) + "?" + query + "&export=csv").status_code == 200


def test_script_in_text_fields_is_escaped(client, staff_user, changle):
    event = EventFactory(title="<script>alert(1)</script>", host="<b>主办</b>")
    member = MemberFactory(town=changle, name="<script>x</script>")
    visit = VisitFactory(member=member, counterpart="<script>y</script>")
    client.force_login(staff_user)
    for url in (
        event.get_absolute_url(),
        reverse("investment:investmentevent_list"),
        visit.get_absolute_url(),
        reverse("investment:clientvisit_list"),
        member.get_absolute_url(),
        reverse("investment:team_week") + "?week=2023-03-06",
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<script>x" not in body and "<script>y" not in body, url


def test_two_people_saving_the_same_fund_the_second_is_told(client, staff_user, bureau_admin):
    from core.services import edit_token

    fund = FundFactory(stage_on=dt.date(2023, 3, 1), raised_size=1000)
    token = edit_token(fund)
    data = {"name": fund.name, "kind": fund.kind, "target_size": "100000", "counts_as_new": "on", "edit_token": token}
    client.force_login(staff_user)
    assert (
        client.post(reverse("investment:fund_edit", args=[fund.pk]), {**data, "raised_size": "2000"}).status_code == 302
    )
    client.force_login(bureau_admin)
    page = client.post(reverse("investment:fund_edit", args=[fund.pk]), {**data, "raised_size": "3000"})
    assert page.status_code == 200 and "已被" in str(page.context["form"].non_field_errors())
    fund.refresh_from_db()
    assert fund.raised_size == 2000


def test_a_heads_default_unit_holds_for_another_week_and_the_export(client, officer, changle):
    MemberFactory(town=changle, user=officer, is_head=True, unit_name="常乐镇", name="陈负责人")
    MemberFactory(town=changle, unit_kind="carrier", unit_name="长海大厦", name="载体成员")
    client.force_login(officer)
    page = client.get(reverse("investment:team_short") + "?week=2023-03-06")
    assert "载体成员" not in [m.name for m in page.context["table"].data]
    export = client.get(reverse("investment:team_short") + "?week=2023-03-06&export=csv")
    assert "载体成员" not in b"".join(export.streaming_content).decode("utf-8-sig")
    everyone = client.get(reverse("investment:team_short") + "?week=2023-03-06&unit_kind=&unit_name=&town=")
    assert "载体成员" in [m.name for m in everyone.context["table"].data]


def test_the_visit_form_offers_recent_open_projects_and_a_preselected_one(client, officer, changle, sanxing):
    from investment import forms
    from investment.tests.factories_activity import ProjectFactory

    MemberFactory(town=changle, user=officer)
    old = ProjectFactory(town=changle, stage_on=dt.date(2020, 1, 1))
    recent = ProjectFactory.create_batch(3, town=changle, stage_on=dt.date(2023, 5, 1))
    ProjectFactory(town=changle, stage="dropped")
    elsewhere = ProjectFactory(town=sanxing)
    client.force_login(officer)
    original, forms.RECENT_PROJECTS = forms.RECENT_PROJECTS, 3
    try:
        offered = set(client.get(reverse("investment:clientvisit_add")).context["form"].fields["project"].queryset)
        assert offered == set(recent)
        url = reverse("investment:clientvisit_add") + f"?project={old.pk}"
        form = client.get(url).context["form"]
        assert old in set(form.fields["project"].queryset) and form.initial["project"] == old.pk
        url = reverse("investment:clientvisit_add") + f"?project={elsewhere.pk}"
        assert elsewhere not in set(client.get(url).context["form"].fields["project"].queryset)
    finally:
        forms.RECENT_PROJECTS = original
