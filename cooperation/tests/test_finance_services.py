"""Science finance and intermediaries: every rule of the services, with its Chinese refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cooperation import rules, services
from cooperation.models import Bank, BankKind, BankStatus, Financing, FinancingKind, IntermediaryReview, Product
from cooperation.tests.finance_factories import BankFactory, IntermediaryFactory, credit, loan
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def firm(changle):
    return EnterpriseFactory(town=changle)


@pytest.fixture
def bank():
    return BankFactory()


MAY_1 = D(2023, 5, 1)


def new_loan(firm, bank, amount, on=MAY_1, note=""):
    return Financing(enterprise=firm, bank=bank, kind=FinancingKind.LOAN, amount=Decimal(amount), on=on, note=note)


def refusal(call):
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


def test_a_loan_above_its_credit_line_without_a_note_is_refused(firm, bank, staff_user):
    credit(firm, bank, 500, D(2023, 3, 1))
    errors = refusal(lambda: services.financing_save(instance=new_loan(firm, bank, "600"), user=staff_user))
    assert errors["amount"] == [
        "放款 600 万元超过该企业在该银行的授信额度 500 万元；如属实（如已提高授信），请在备注中说明"
    ]
    assert not Financing.objects.filter(kind=FinancingKind.LOAN).exists()
    saved = services.financing_save(instance=new_loan(firm, bank, "600", note="5月提高授信至800万元"), user=staff_user)
    assert saved.pk
    assert services.financing_save(instance=new_loan(firm, bank, "500", on=D(2023, 5, 2)), user=staff_user).pk  # equal


def test_the_credit_line_is_the_latest_at_the_same_bank_on_or_before_the_loan(firm, bank, staff_user):
    other = BankFactory()
    credit(firm, bank, 300, D(2023, 1, 10))
    credit(firm, bank, 900, D(2023, 6, 1))  # raised later: does not cover a May loan
    credit(firm, other, 2000, D(2023, 1, 1))  # another bank's line does not either
    errors = refusal(lambda: services.financing_save(instance=new_loan(firm, bank, "400"), user=staff_user))
    assert "授信额度 300 万元" in errors["amount"][0]
    assert services.financing_save(instance=new_loan(firm, bank, "400", on=D(2023, 6, 2)), user=staff_user).pk


def test_a_loan_without_any_credit_line_is_kept(firm, bank, staff_user):
    assert services.financing_save(instance=new_loan(firm, bank, "1200"), user=staff_user).pk


def test_lowering_a_credit_line_below_a_loan_it_covers_is_refused(firm, bank, staff_user):
    line = credit(firm, bank, 800, D(2023, 3, 1))
    loan(firm, bank, 700, D(2023, 4, 1))
    line.amount = Decimal("600")
    errors = refusal(lambda: services.financing_save(instance=line, user=staff_user))
    assert "2023-04-01 放款 700 万元" in errors["amount"][0]
    line.refresh_from_db()
    assert line.amount == Decimal("800")
    line.amount = Decimal("700")
    services.financing_save(instance=line, user=staff_user)


def test_a_new_line_below_a_loan_it_now_covers_is_refused(firm, bank, staff_user):
    """A line recorded later but dated between an earlier line and a loan covers that loan from then
    on: below it, without the loan's note saying why, it is refused like a lowered line."""
    credit(firm, bank, 800, D(2023, 3, 1))
    loan(firm, bank, 700, D(2023, 4, 1))
    lower = Financing(enterprise=firm, bank=bank, kind=FinancingKind.CREDIT, amount=Decimal("500"), on=D(2023, 3, 15))
    errors = refusal(lambda: services.financing_save(instance=lower, user=staff_user))
    assert errors["amount"] == [
        "该授信下已有 2023-04-01 放款 700 万元，授信额度不能低于放款金额（或在那笔放款的备注中说明）"
    ]
    assert Financing.objects.filter(kind=FinancingKind.CREDIT).count() == 1
    after = Financing(enterprise=firm, bank=bank, kind=FinancingKind.CREDIT, amount=Decimal("500"), on=D(2023, 4, 2))
    assert services.financing_save(instance=after, user=staff_user).pk  # dated after the loan: covers none


def test_deleting_a_line_hands_its_loans_to_the_line_before(firm, bank, staff_user, client, bureau_admin):
    """A deleted line's loans fall under the line before it: refused (service, page, admin) while one,
    without a note, would exceed it; with no earlier line, or a high enough one, the line goes."""
    from django.urls import reverse

    credit(firm, bank, 500, D(2023, 1, 10))
    raised = credit(firm, bank, 800, D(2023, 3, 1))
    loan(firm, bank, 700, D(2023, 4, 1))
    with pytest.raises(ValidationError) as refused:
        services.financing_delete(instance=raised, user=staff_user)
    assert refused.value.messages == [
        "删除后，其下的放款归入 2023-01-10 的授信（500 万元）：该授信下已有 2023-04-01 放款 700 万元，"
        "授信额度不能低于放款金额（或在那笔放款的备注中说明）"
    ]
    client.force_login(bureau_admin)
    page = client.post(reverse("cooperation:financing_delete", args=[raised.pk]))
    assert page.status_code == 200 and "删除后，其下的放款归入 2023-01-10 的授信" in page.content.decode()
    admin_url = reverse("admin:cooperation_financing_delete", args=[raised.pk])
    answer = client.post(admin_url, {"post": "yes"}, follow=True)
    assert answer.status_code == 200 and "删除后，其下的放款归入" in answer.content.decode()
    changelist = reverse("admin:cooperation_financing_changelist")
    selected = {"action": "delete_selected", "_selected_action": [raised.pk], "post": "yes"}
    answer = client.post(changelist, selected, follow=True)  # 删除所选: the same refusal, nothing deleted
    assert answer.status_code == 200 and "删除后，其下的放款归入" in answer.content.decode()
    assert Financing.objects.filter(pk=raised.pk).exists()

    Financing.objects.filter(kind=FinancingKind.LOAN).update(note="另有授信")
    services.financing_delete(instance=raised, user=staff_user)
    assert not Financing.objects.filter(pk=raised.pk).exists()


def test_dates_in_the_future_are_refused(firm, bank, staff_user):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    record = Financing(enterprise=firm, bank=bank, kind=FinancingKind.CONNECT, on=tomorrow)
    errors = refusal(lambda: services.financing_save(instance=record, user=staff_user))
    assert errors["on"] == [f"日期 {tomorrow} 晚于今天，不能登记将来发生的事"]


def test_credit_and_loan_need_an_amount_and_other_products_a_name(firm, bank, staff_user):
    record = Financing(enterprise=firm, bank=bank, kind=FinancingKind.CREDIT, on=D(2023, 3, 1), product=Product.OTHER)
    errors = refusal(lambda: services.financing_save(instance=record, user=staff_user))
    assert errors["amount"] == ["授信和放款须填写金额（万元，大于0）"]
    assert errors["product_name"] == ["金融产品为“其他”时须填写产品名称"]
    connect = Financing(enterprise=firm, bank=bank, kind=FinancingKind.CONNECT, on=D(2023, 3, 1))
    assert services.financing_save(instance=connect, user=staff_user).amount is None  # a 对接 may have none


def test_a_tech_branch_in_preparation_grants_no_credit(firm, staff_user):
    parent = BankFactory(name="某农商行")
    branch = Bank.objects.create(
        name="某农商行科技支行", kind=BankKind.TECH_BRANCH, parent=parent, status=BankStatus.PREPARING
    )
    record = Financing(enterprise=firm, bank=branch, kind=FinancingKind.CREDIT, amount=100, on=D(2023, 3, 1))
    assert refusal(lambda: services.financing_save(instance=record, user=staff_user))["bank"] == [
        "某农商行科技支行 尚在筹建，不能授信或放款"
    ]
    record.kind, record.amount = FinancingKind.CONNECT, None  # but may meet enterprises
    assert services.financing_save(instance=record, user=staff_user).pk


def test_a_branch_belongs_to_a_bank(staff_user):
    orphan = Bank(name="无主科技支行", kind=BankKind.TECH_BRANCH)
    assert refusal(lambda: services.bank_save(instance=orphan, user=staff_user))["parent"] == [
        "科技支行、科技金融事业部须选择所属银行"
    ]


def test_the_same_record_twice_is_refused_on_the_field(firm, bank, staff_user):
    credit(firm, bank, 500, D(2023, 3, 1))
    twin = Financing(enterprise=firm, bank=bank, kind=FinancingKind.CREDIT, amount=600, on=D(2023, 3, 1))
    assert "已录入" in refusal(lambda: services.financing_save(instance=twin, user=staff_user))["on"][0]


@pytest.mark.parametrize(
    "score,grade",
    [("100", "excellent"), ("90", "excellent"), ("89.9", "good"), ("75", "good"), ("74.9", "pass"), ("60", "pass"),
     ("59.9", "fail"), ("0", "fail")],
)  # fmt: skip
def test_the_grade_follows_the_score(score, grade, staff_user):
    review = IntermediaryReview(intermediary=IntermediaryFactory(), year=2023, score=Decimal(score))
    assert services.review_save(instance=review, user=staff_user).grade == grade
    assert rules.grade_for(Decimal(score)) == grade


def test_one_evaluation_per_agency_and_year(staff_user):
    agency = IntermediaryFactory()
    services.review_save(instance=IntermediaryReview(intermediary=agency, year=2023, score=80), user=staff_user)
    twin = IntermediaryReview(intermediary=agency, year=2023, score=70)
    assert refusal(lambda: services.review_save(instance=twin, user=staff_user))["year"] == [
        f"{agency} 2023年已评价过，请修改那一条"
    ]
    bad = IntermediaryReview(intermediary=agency, year=2024, score=101)
    assert refusal(lambda: services.review_save(instance=bad, user=staff_user))["score"] == ["得分应在 0–100 之间"]


def test_an_officer_cannot_record_financing_of_another_town(client, officer, sanxing, bank):
    from django.urls import reverse

    stranger = EnterpriseFactory(town=sanxing)
    client.force_login(officer)
    # Officers do not create financing records (the bureau does): 403 on the add page.
    assert client.get(reverse("cooperation:financing_add")).status_code == 403
    line = credit(stranger, bank, 100, D(2023, 3, 1))
    assert client.get(reverse("cooperation:financing_edit", args=[line.pk])).status_code == 404
