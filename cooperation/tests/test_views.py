"""The pages under hostile input: invalid filters answer with the form (never a 500), text is escaped,
an officer cannot put a record in another town, two people saving the same contract do not lose an edit."""

import datetime as dt

import pytest
from django.urls import reverse

from cooperation.models import EventKind, IAEvent, Registration
from cooperation.tests.factories import IACooperationFactory, IAEventFactory, TechContractFactory
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"

BAD_FILTERS = [
    ("cooperation:techcontract_list", "year=abc&enterprise__town=99999999&registered_from=2023-13-45&status=x"),
    ("cooperation:techcontract_list", "batch=%00abc&q=%00"),
    ("cooperation:iacooperation_list", "institution=abc&signed_to=yesterday&year=99999"),
    ("cooperation:iaevent_list", "month=13&town=-1&held_from=abc"),
    ("cooperation:rectify_list", "enterprise__town=abc"),
    ("cooperation:institution_list", "region=mars"),
    ("cooperation:event_monthly", "year=abc"),
]


@pytest.mark.parametrize("name,query", BAD_FILTERS)
def test_invalid_filters_never_500(client, staff_user, name, query):
    client.force_login(staff_user)
    assert client.get(f"{reverse(name)}?{query}").status_code == 200
    if name != "cooperation:event_monthly":
        assert client.get(f"{reverse(name)}?{query}&export=xlsx").status_code == 200


def test_text_is_escaped_everywhere(client, staff_user, changle):
    client.force_login(staff_user)
    enterprise = EnterpriseFactory(town=changle, name=f"南通{SCRIPT}有限公司")
    project = IACooperationFactory(enterprise=enterprise, title=SCRIPT, institution__name=SCRIPT)
    contract = TechContractFactory(
        enterprise=enterprise, title=SCRIPT, counterpart=SCRIPT, status=Registration.RECTIFY,
        registered_on=None, rectify_reason=SCRIPT, rectify_since=dt.date(2023, 5, 1),
    )  # fmt: skip
    event = IAEventFactory(town=changle, title=SCRIPT, expert=SCRIPT, problem=SCRIPT, kind=EventKind.CLINIC)
    event.enterprises.set([enterprise])
    pages = [
        reverse("cooperation:iacooperation_list"),
        project.get_absolute_url(),
        reverse("cooperation:techcontract_list"),
        reverse("cooperation:rectify_list"),
        contract.get_absolute_url(),
        reverse("cooperation:iaevent_list"),
        event.get_absolute_url(),
        project.institution.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "&lt;script&gt;" in html, url


def test_officer_cannot_place_an_event_in_another_town(client, officer, sanxing, changle):
    client.force_login(officer)
    EnterpriseFactory(town=changle, name="南通维柏思特衬布有限公司")
    response = client.post(
        reverse("cooperation:iaevent_add"),
        {"kind": "clinic", "title": "巡诊", "held_on": "2023-06-01", "town": sanxing.pk, "expert": "王教授",
         "enterprises": "维柏思特衬布"},
    )  # fmt: skip
    assert response.status_code == 200 and not IAEvent.objects.exists()
    assert client.get(reverse("cooperation:techcontract_add")).status_code == 403  # contracts are the bureau's


def test_two_people_saving_the_same_contract(client, staff_user, make_user):
    contract = TechContractFactory(status=Registration.PENDING, registered_on=None)
    other = make_user("staff2", role="bureau_staff")
    client.force_login(staff_user)
    form = client.get(reverse("cooperation:techcontract_edit", args=[contract.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(enterprise=contract.enterprise.name, title="第一人的修改", edit_token=form.fields["edit_token"].initial)
    client.force_login(other)
    first = client.get(reverse("cooperation:techcontract_edit", args=[contract.pk])).context["form"]
    second_data = {**data, "title": "第二人的修改", "edit_token": first.fields["edit_token"].initial}
    assert client.post(reverse("cooperation:techcontract_edit", args=[contract.pk]), second_data).status_code == 302
    client.force_login(staff_user)
    response = client.post(reverse("cooperation:techcontract_edit", args=[contract.pk]), data)
    assert response.status_code == 200 and "您的修改没有保存" in response.content.decode()
    contract.refresh_from_db()
    assert contract.title == "第二人的修改"


def test_register_and_send_back_from_the_contract_page(client, staff_user, officer, changle):
    contract = TechContractFactory(enterprise__town=changle, status=Registration.PENDING, registered_on=None)
    client.force_login(officer)
    assert client.get(reverse("cooperation:techcontract_register", args=[contract.pk])).status_code == 403
    client.force_login(staff_user)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "退回整改" in page and "登记" in page
    url = reverse("cooperation:techcontract_rectify", args=[contract.pk])
    assert client.post(url, {"reason": "缺少技术成果权属证明", "on": "2023-05-01"}).status_code == 302
    assert "缺少技术成果权属证明" in client.get(reverse("cooperation:rectify_list")).content.decode()
    url = reverse("cooperation:techcontract_register", args=[contract.pk])
    response = client.post(url, {"registered_on": "2023-04-01"})
    assert "早于要求整改日期" in response.content.decode()
    assert client.post(url, {"registered_on": "2023-05-20"}).status_code == 302
    contract.refresh_from_db()
    assert contract.status == Registration.REGISTERED and contract.registered_on == dt.date(2023, 5, 20)
    assert "整改后已登记" in client.get(contract.get_absolute_url()).content.decode()


def test_a_repeated_registration_number_is_named_once_on_the_form(client, staff_user, changle):
    TechContractFactory(reg_number="23320614000888")
    enterprise = EnterpriseFactory(town=changle)
    client.force_login(staff_user)
    data = {
        "reg_number": "23320614000888", "title": "重复", "enterprise": enterprise.name, "direction": "output",
        "kind": "development", "contract_amount": "10", "tech_amount": "5", "status": "pending",
    }  # fmt: skip
    html = client.post(reverse("cooperation:techcontract_add"), data).content.decode()
    assert html.count("合同登记编号 23320614000888 已登记过") == 1 and "已存在" not in html
