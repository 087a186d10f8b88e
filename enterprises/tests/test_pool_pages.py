"""The enterprise page, its child records, pool moves in the browser-less sense, bulk actions, scope."""

import datetime as dt

import pytest
from django.urls import reverse

from core.testing import assert_out_of_scope
from enterprises import services
from enterprises.models import EnterpriseYear, Pool, PoolMembership, PoolStageChange, RDProject, Stage, Visit
from enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory, RDProjectFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2023, 5, 10)


@pytest.fixture
def ent(changle):
    return EnterpriseFactory(name="南通嘉兆电子有限公司", town=changle, founded_on=dt.date(2015, 1, 1))


@pytest.fixture
def qiangji(ent, staff_user):
    return services.pool_enter(enterprise=ent, pool=Pool.QIANGJI, year=2023, user=staff_user, on=DAY)


# ---- the enterprise page ------------------------------------------------------------------


def test_enterprise_page_shows_everything(client, staff_user, ent, qiangji, make_user):
    services.pool_advance(membership=qiangji, to_stage=Stage.RD_FILED, user=staff_user, on=dt.date(2023, 6, 2))
    EnterpriseYearFactory(enterprise=ent, year=2022, revenue=4321)
    RDProjectFactory(enterprise=ent, title="5G射频前端模组研发")
    officer = make_user("grid", "town_officer", ent.town)
    Visit.objects.create(
        enterprise=ent, officer=officer, visited_on=dt.date(2023, 6, 5), content="了解研发投入归集情况"
    )
    client.force_login(staff_user)
    html = client.get(ent.get_absolute_url()).content.decode()
    for text in [
        "2023年 强基计划",
        "研发项目备案",
        "2023-06-02",
        "张" if staff_user.last_name else "staff",
        "4,321",
        "5G射频前端模组研发",
        "了解研发投入归集情况",
        "高企诊断",
        "变更记录",
        "预申报",
    ]:
        assert text in html, text
    # Only the moves the rules allow now are offered.
    assert "?stage=pre_applied" in html and "?stage=rejected" in html and "?stage=candidate" not in html


def test_officer_sees_the_page_but_no_pool_buttons(client, officer, ent, qiangji):
    client.force_login(officer)
    html = client.get(ent.get_absolute_url()).content.decode()
    assert "强基计划" in html
    assert "?stage=" not in html and "纳入培育库" not in html
    move = reverse("enterprises:poolmembership_move", args=[qiangji.pk])
    assert client.get(move).status_code == 403
    assert client.post(move, {"stage": "rd_filed"}).status_code == 403
    assert client.post(reverse("enterprises:poolmembership_add", args=[ent.pk]), {}).status_code == 403
    qiangji.refresh_from_db()
    assert qiangji.stage == Stage.POOL


def test_diagnosis_tab(client, staff_user, ent):
    for year in (2020, 2021, 2022):
        EnterpriseYearFactory(enterprise=ent, year=year, rd_expense=60)  # 2% of sales: fails rd_ratio
    client.force_login(staff_user)
    response = client.get(reverse("enterprises:enterprise_diagnosis", args=[ent.pk]) + "?as_of=2023-06-30")
    html = response.content.decode()
    rd = next(c for c in response.context["result"].hte.conditions if c.code == "rd_ratio")
    assert rd.status == "fail"
    assert "研究开发费用占销售收入比例" in html and "不符合" in html and "还差" in html
    assert "企业创新能力评价" in html and "专家评判" in html and "科技型中小企业评价" in html


# ---- yearly figures and R&D filings -------------------------------------------------------


def test_add_and_edit_a_year(client, officer, ent):
    client.force_login(officer)  # the grid officer of the town collects the figures
    url = reverse("enterprises:enterpriseyear_add", args=[ent.pk])
    response = client.post(url, {"year": 2022, "revenue": "1200.5", "employees": 40, "rd_staff": 8})
    assert response.status_code == 302 and response["Location"].endswith("#years")
    year = EnterpriseYear.objects.get(enterprise=ent, year=2022)
    response = client.post(
        reverse("enterprises:enterpriseyear_edit", args=[year.pk]), {"year": 2022, "revenue": 1300, "employees": 40}
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.revenue == 1300 and year.rd_staff is None
    # The same year twice is refused on the field.
    response = client.post(url, {"year": 2022})
    assert "2022年的经营数据已录入" in str(response.context["form"].errors["year"])


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"employees": 10, "rd_staff": 12}, "rd_staff", "科技人员数（12）不能多于职工总数（10）"),
        ({"revenue": "-5"}, "revenue", "营业收入(万元)不能为负数"),
        (
            {"rd_expense": 10, "rd_expense_domestic": 12},
            "rd_expense_domestic",
            "境内研发费用（12）不能多于研发费用总额（10）",
        ),
        ({"employees": -1}, "employees", "不能为负数"),
    ],
)
def test_bad_figures_are_refused_on_the_field(client, staff_user, ent, data, field, message):
    client.force_login(staff_user)
    response = client.post(reverse("enterprises:enterpriseyear_add", args=[ent.pk]), {"year": 2022, **data})
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not EnterpriseYear.objects.exists()


def test_add_rd_project_and_negative_budget(client, staff_user, officer, ent):
    client.force_login(staff_user)
    url = reverse("enterprises:rdproject_add", args=[ent.pk])
    response = client.post(url, {"year": 2023, "title": "新型涂层", "budget": "-1", "filed_on": "2023-03-01"})
    assert "不能为负数" in str(response.context["form"].errors["budget"])
    response = client.post(url, {"year": 2023, "title": "新型涂层", "budget": "80", "filed_on": "2023-03-01"})
    assert response.status_code == 302 and response["Location"].endswith("#rd")
    project = RDProject.objects.get(enterprise=ent)
    # Officers may correct a filing but not mark it reviewed (the bureau reviews filings).
    client.force_login(officer)
    assert client.get(url).status_code == 403
    form = client.get(reverse("enterprises:rdproject_edit", args=[project.pk])).context["form"]
    assert "reviewed" not in form.fields


# ---- moving a membership ------------------------------------------------------------------


def test_move_form_shows_the_service_refusal_on_the_field(client, staff_user, qiangji):
    client.force_login(staff_user)
    url = reverse("enterprises:poolmembership_move", args=[qiangji.pk])
    response = client.post(url, {"stage": "recognized", "certificate_no": "GR1", "certified_on": "2023-06-01"})
    assert response.status_code == 200
    assert "当前为“入库培育”，不能直接改为“已认定”" in str(response.context["form"].errors["stage"])
    qiangji.refresh_from_db()
    assert qiangji.stage == Stage.POOL


def test_move_then_certificate_step(client, staff_user, ent, qiangji):
    client.force_login(staff_user)
    qiangji.stage = Stage.EXPERT_REVIEW  # walked up the path earlier
    qiangji.save()
    url = reverse("enterprises:poolmembership_move", args=[qiangji.pk])
    response = client.get(url + "?stage=recognized")
    assert response.context["form"].needs_certificate
    response = client.post(url, {"stage": "recognized", "on": "2023-11-20"})
    assert "须填写证书编号" in str(response.context["form"].errors["certificate_no"])
    response = client.post(
        url,
        {
            "stage": "recognized",
            "certificate_no": "GR202332001234",
            "certified_on": "2023-11-20",
            "next": ent.get_absolute_url(),
        },
    )
    assert response.status_code == 302 and response["Location"] == ent.get_absolute_url()
    qiangji.refresh_from_db()
    assert (qiangji.stage, qiangji.certificate_no, str(qiangji.certified_on)) == (
        "recognized",
        "GR202332001234",
        "2023-11-20",
    )
    html = client.get(ent.get_absolute_url()).content.decode()
    assert "GR202332001234" in html and "有效期至" in html and "2026-11-20" in html


def test_one_move_is_dated_within_its_year_as_a_bulk_move(client, staff_user, qiangji):
    """The bulk move's date rule (services.stage_date_error) on the single move: a date before the
    membership's year is refused; a later one (a 2023 member filed in January 2024) needs the
    confirmation, which the form shows only then; nothing moves until it is given."""
    client.force_login(staff_user)
    url = reverse("enterprises:poolmembership_move", args=[qiangji.pk])
    assert "later_confirmed" in client.get(url).context["form"].fields
    assert client.get(url).context["form"].fields["later_confirmed"].widget.is_hidden

    early = client.post(url, {"stage": "rd_filed", "on": "2022-12-31"})
    assert "日期2022-12-31早于2023年" in str(early.context["form"].errors["on"])
    later = client.post(url, {"stage": "rd_filed", "on": "2024-01-05"})
    form = later.context["form"]
    assert "确属该日期请勾选“确认日期晚于年度”" in str(form.errors["on"])
    assert not form.fields["later_confirmed"].widget.is_hidden
    qiangji.refresh_from_db()
    assert qiangji.stage == Stage.POOL and qiangji.changes.count() == 1

    done = client.post(url, {"stage": "rd_filed", "on": "2024-01-05", "later_confirmed": "on"})
    assert done.status_code == 302
    qiangji.refresh_from_db()
    assert (qiangji.stage, str(qiangji.stage_on)) == ("rd_filed", "2024-01-05")


def test_move_by_htmx_answers_with_the_form_and_redirects_on_success(client, staff_user, ent, qiangji):
    client.force_login(staff_user)
    url = reverse("enterprises:poolmembership_move", args=[qiangji.pk])
    partial = client.get(url + "?stage=rd_filed", HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"hx-post" in partial.content
    done = client.post(url, {"stage": "rd_filed", "next": ent.get_absolute_url()}, HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == ent.get_absolute_url()
    # `next` never leaves the site.
    evil = client.post(
        reverse("enterprises:poolmembership_move", args=[qiangji.pk]),
        {"stage": "pre_applied", "next": "https://evil.example/"},
    )
    assert evil["Location"] == ent.get_absolute_url() + "#pools"


def test_enter_a_pool_from_the_page(client, staff_user, ent):
    client.force_login(staff_user)
    url = reverse("enterprises:poolmembership_add", args=[ent.pk])
    response = client.post(url, {"pool": "fanxing", "year": 2023, "stage": "registered", "certificate_no": ""})
    assert "须填写证书编号" in str(response.context["form"].errors["certificate_no"])
    response = client.post(url, {"pool": "fanxing", "year": 2023, "on": "2023-03-01"})
    assert response.status_code == 302
    assert PoolMembership.objects.get(enterprise=ent).stage == Stage.TARGET
    response = client.post(url, {"pool": "fanxing", "year": 2023})
    assert "已在2023年繁星计划中" in str(response.context["form"].non_field_errors())


def test_pangao_form(client, staff_user, ent, qiangji):
    pangao = services.pool_enter(enterprise=ent, pool=Pool.PANGAO, year=2023, user=staff_user, on=DAY)
    client.force_login(staff_user)
    url = reverse("enterprises:poolmembership_pangao", args=[pangao.pk])
    response = client.post(
        url, {"level": "potential_unicorn", "recommended_provincial": "on", "recommended_on": "2023-04-01"}
    )
    assert response.status_code == 302
    pangao.refresh_from_db()
    assert pangao.level == "potential_unicorn" and pangao.recommended_on == dt.date(2023, 4, 1)
    # The 攀高 form belongs to 攀高 memberships only.
    assert client.get(reverse("enterprises:poolmembership_pangao", args=[qiangji.pk])).status_code == 404


def test_membership_edit_records_expert_scores(client, staff_user, officer, qiangji):
    client.force_login(staff_user)
    url = reverse("enterprises:poolmembership_edit", args=[qiangji.pk])
    response = client.post(url, {"note": "", "expert_rd_management": 25})
    assert "最高20分" in str(response.context["form"].errors["expert_rd_management"])
    response = client.post(url, {"note": "预审", "expert_rd_management": 16, "expert_ip_advanced": 6})
    assert response.status_code == 302
    qiangji.refresh_from_db()
    assert qiangji.expert_scores == {"ip_advanced": 6, "rd_management": 16}
    client.force_login(officer)
    assert client.get(url).status_code == 403


# ---- bulk actions on the list ---------------------------------------------------------------


def _bulk(client, action, pks, **fields):
    data = {"_action": action, "pk": [str(pk) for pk in pks]}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(reverse("enterprises:enterprise_list") + "?town=", data)


def test_bulk_registration_with_a_first_number(client, staff_user, changle):
    enterprises = [EnterpriseFactory(name=f"繁星企业{i}", town=changle) for i in range(3)]
    for e in enterprises:
        services.pool_enter(enterprise=e, pool=Pool.FANXING, year=2023, stage=Stage.EVALUATED, user=staff_user, on=DAY)
    client.force_login(staff_user)
    pasted = f"{enterprises[1].credit_code}\t2023320614000777"
    response = _bulk(
        client,
        "pool_move",
        [e.pk for e in enterprises],
        pool="fanxing",
        year=2023,
        stage="registered",
        on="2023-06-30",
        first_number="HM2023-008",
        numbers=pasted,
    )
    assert response.status_code == 302, response.context["bulk_forms"]
    numbers = dict(PoolMembership.objects.filter(pool="fanxing").values_list("enterprise__name", "certificate_no"))
    assert numbers == {"繁星企业0": "HM2023-008", "繁星企业1": "2023320614000777", "繁星企业2": "HM2023-009"}
    assert set(PoolStageChange.objects.filter(to_stage="registered").values_list("on", flat=True)) == {
        dt.date(2023, 6, 30)
    }


def test_bulk_move_refusal_is_shown_and_nothing_moves(client, staff_user, changle):
    a = EnterpriseFactory(name="甲企业", town=changle)
    b = EnterpriseFactory(name="乙企业", town=changle)
    services.pool_enter(enterprise=a, pool=Pool.QIANGJI, year=2023, stage=Stage.PRE_APPLIED, user=staff_user, on=DAY)
    services.pool_enter(enterprise=b, pool=Pool.QIANGJI, year=2023, stage=Stage.POOL, user=staff_user, on=DAY)
    client.force_login(staff_user)
    response = _bulk(client, "pool_move", [a.pk, b.pk], pool="qiangji", year=2023, stage="candidate", on="2023-06-30")
    assert response.status_code == 200
    html = response.content.decode()
    assert "乙企业当前为“入库培育”，不能直接改为“拟申报”" in html
    assert html.count("checked") >= 2  # the same rows stay ticked
    assert not PoolMembership.objects.filter(stage="candidate").exists()


def test_bulk_numbers_missing_or_unknown_are_named(client, staff_user, changle):
    a = EnterpriseFactory(name="甲企业", town=changle)
    b = EnterpriseFactory(name="乙企业", town=changle)
    client.force_login(staff_user)
    response = _bulk(
        client,
        "pool_move",
        [a.pk, b.pk],
        pool="fanxing",
        year=2023,
        stage="registered",
        on="2023-06-30",
        numbers="甲企业 No-1\n丙企业 No-2",
    )
    errors = response.context["bulk_forms"][1][1].errors
    assert "第2行：“丙企业”不是勾选的企业" in str(errors["numbers"])
    response = _bulk(
        client,
        "pool_move",
        [a.pk, b.pk],
        pool="fanxing",
        year=2023,
        stage="registered",
        on="2023-06-30",
        numbers="甲企业 No-1",
    )
    assert "以下企业还没有：乙企业" in str(response.context["bulk_forms"][1][1].errors["numbers"])


def test_bulk_assign_and_nothing_selected(client, staff_user, changle, sanxing, make_user):
    grid = make_user("grid_sx", "town_officer", sanxing)
    enterprises = [EnterpriseFactory(town=None) for _ in range(2)]
    client.force_login(staff_user)
    response = _bulk(client, "assign", [e.pk for e in enterprises], town=sanxing.pk, grid_officer=grid.pk)
    assert response.status_code == 302
    assert {(e.town_id, e.grid_officer_id) for e in type(enterprises[0]).objects.all()} == {(sanxing.pk, grid.pk)}
    response = _bulk(client, "assign", [], town=sanxing.pk)
    assert "请先在列表中勾选" in response.content.decode()
    response = _bulk(client, "assign", [enterprises[0].pk], town=changle.pk, grid_officer=grid.pk)
    assert "不能分配到常乐镇的企业" in response.content.decode()


def test_bulk_actions_are_for_bureau_staff(client, officer, leader_user, changle):
    e = EnterpriseFactory(town=changle)
    for user in (officer, leader_user):
        client.force_login(user)
        assert "bulk-form" not in client.get(reverse("enterprises:enterprise_list")).content.decode()
        assert _bulk(client, "assign", [e.pk], town=changle.pk).status_code == 403


def test_bulk_with_a_row_outside_the_scope_answers_404(client, staff_user, other_officer, changle, make_user):
    # An officer has no bulk actions at all; a crafted id of another town must still not be confirmed.
    e = EnterpriseFactory(town=changle)
    client.force_login(other_officer)
    assert _bulk(client, "assign", [e.pk], town=changle.pk).status_code in (403, 404)


# ---- the scope on every new route -----------------------------------------------------------


def test_other_towns_records_answer_404_everywhere(client, other_officer, staff_user, ent, qiangji):
    year = EnterpriseYearFactory(enterprise=ent, year=2022)
    project = RDProjectFactory(enterprise=ent)
    client.force_login(other_officer)
    for obj in (ent, qiangji, year, project):
        assert_out_of_scope(client, obj, export=obj is ent)  # only enterprises have a list
    assert client.get(reverse("enterprises:enterprise_diagnosis", args=[ent.pk])).status_code == 404
    for url in [
        reverse("enterprises:enterpriseyear_add", args=[ent.pk]),
        reverse("enterprises:rdproject_add", args=[ent.pk]),
        reverse("enterprises:poolmembership_add", args=[ent.pk]),
        reverse("enterprises:poolmembership_move", args=[qiangji.pk]),
        reverse("enterprises:poolmembership_pangao", args=[qiangji.pk]),
        reverse("enterprises:poolmembership_edit", args=[qiangji.pk]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"stage": "rd_filed", "year": 2021}).status_code == 404, url
    assert EnterpriseYear.objects.count() == 1 and RDProject.objects.count() == 1
    for url in [
        reverse("enterprises:warnings"),
        reverse("enterprises:warnings_no_rd"),
        reverse("enterprises:diagnosis_ranking") + "?year=2023",
    ]:
        assert ent.name not in client.get(url).content.decode(), url
