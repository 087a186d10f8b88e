"""Browser journeys of science finance (1440×900 and 390×844): staff record a loan from an
enterprise's page, are refused for exceeding the credit line, explain it in the note and see it in
the enterprise's 科技金融 panel; an officer sees the panel of their town's enterprise, without 添加."""

import datetime as dt

import pytest

from cooperation.models import Financing
from cooperation.tests.finance_factories import BankFactory, credit
from core.testing import DEMO_PASSWORD
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_staff_record_a_loan_above_the_line_then_explain_it(page_factory, staff_user, changle):
    firm = EnterpriseFactory(town=changle, name="南通维柏思特衬布有限公司")
    bank = BankFactory(name="江苏海门某农村商业银行", short_name="某农商行")
    credit(firm, bank, 3000, dt.date(2023, 5, 9))
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    page.goto(page.base_url + firm.get_absolute_url())
    page.locator("#panel-financing").get_by_role("link", name="添加").click()
    page.wait_for_url("**/cooperation/finance/new/?enterprise=*")
    assert page.input_value("#id_enterprise") == firm.credit_code
    page.select_option("#id_bank", str(bank.pk))
    page.select_option("#id_kind", "loan")
    page.fill("#id_amount", "3500")
    page.fill("#id_on", "2023-05-30")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "放款 3500 万元超过该企业在该银行的授信额度 3000 万元" in page.content()
    page.screenshot(path="/tmp/shots-13b/browser-loan-refused-1440.png", full_page=True)
    assert not Financing.objects.filter(kind="loan").exists()
    page.fill("#id_note", "6月授信提高至4000万元")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert Financing.objects.filter(kind="loan", amount=3500).count() == 1
    page.goto(page.base_url + firm.get_absolute_url())
    panel = page.locator("#panel-financing")
    assert "共 2 条" in panel.inner_text() and "3,500" in panel.inner_text()
    assert page.console_errors == []


def test_officer_sees_their_enterprises_financing_on_a_phone(page_factory, officer, changle):
    firm = EnterpriseFactory(town=changle, name="南通森达装饰材料有限公司")
    credit(firm, BankFactory(short_name="某农商行"), 1000, dt.date(2023, 6, 27))
    page = page_factory(width=390, height=844)
    log_in(page, "officer")
    page.goto(page.base_url + firm.get_absolute_url())
    panel = page.locator("#panel-financing")
    panel.scroll_into_view_if_needed()
    text = panel.inner_text()
    assert "授信" in text and "1,000" in text and "某农商行" in text
    assert panel.get_by_role("link", name="添加").count() == 0  # the bureau records financing
    page.screenshot(path="/tmp/shots-13b/browser-officer-panel-390.png", full_page=True)
    assert page.console_errors == []
