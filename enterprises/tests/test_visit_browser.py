"""Browser journey: a town officer records a visit on a 390×844 phone, photo included."""

import re

import pytest
from PIL import Image

from core.testing import DEMO_PASSWORD
from enterprises.models import Visit
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_officer_records_a_visit_on_a_phone(page_factory, officer, changle, sanxing, tmp_path):
    own = EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle, is_key=True)
    EnterpriseFactory(name="三星精密纺织有限公司", town=sanxing)
    photo = tmp_path / "现场.png"
    Image.new("RGB", (800, 600), (40, 140, 90)).save(photo, "PNG")

    page = page_factory(width=390, height=844)
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")

    page.goto(page.base_url + "/visits/new/")
    assert _fits_the_screen(page)
    page.fill("#id_enterprise_search", "精密")
    results = page.locator("#enterprise-results button")
    results.first.wait_for()
    assert results.all_inner_texts() and all("三星" not in text for text in results.all_inner_texts())
    results.filter(has_text=own.name).click()
    assert page.locator("[data-picked-enterprise]").inner_text() == own.name

    page.get_by_text("电话", exact=True).click()
    page.get_by_text("技术", exact=True).click()
    page.get_by_text("资金", exact=True).click()
    page.fill("#id_content", "了解企业高企申报准备情况")
    page.fill("#id_problem", "缺少研发费用归集辅导")
    page.get_by_text("待跟进", exact=True).click()
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="保存走访").click()
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    assert page.locator(".photo-tile img").count() == 1

    visit = Visit.objects.get()
    assert (visit.enterprise, visit.officer, visit.kind) == (own, officer, "phone")
    assert visit.needs == ["technology", "funding"] and visit.follow_up == "open"
    assert visit.photos.get().image.name.endswith(".png")

    page.goto(page.base_url + "/visits/mine/")
    card = page.locator(".visit-card", has_text=own.name)
    assert card.is_visible()
    assert "技术、资金" in card.inner_text()
    assert _fits_the_screen(page)
    assert page.console_errors == []
