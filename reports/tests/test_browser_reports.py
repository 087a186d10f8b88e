"""Browser journey: staff writes a highlight paragraph, starts the half-year summary, watches its
progress (htmx polling, a real worker when Redis is there) and downloads the .docx."""

import datetime as dt
import os

import pytest
from docx import Document

from core.testing import DEMO_PASSWORD
from enterprises import services
from enterprises.models import Pool, Stage
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR", "")


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.fixture
def worker(request):
    """The real worker when Redis is configured (progress is then really polled); else eager."""
    from django.conf import settings

    if settings.REDIS_URL:
        return request.getfixturevalue("celery_worker_process")
    return None


@pytest.mark.parametrize("width", [1440, 390])
def test_staff_writes_a_highlight_builds_watches_and_downloads(
    page_factory, make_user, changle, worker, width, tmp_path
):
    staff = make_user("staff", "bureau_staff")
    services.pool_enter(
        enterprise=EnterpriseFactory(name="南通报告旅程企业", town=changle),
        pool=Pool.FANXING,
        year=2023,
        stage=Stage.REGISTERED,
        user=staff,
        on=dt.date(2023, 6, 10),
        certificate_no="202332061400077",
        certified_on=dt.date(2023, 6, 10),
    )
    page = page_factory(width=width, height=900)
    _login(page, "staff")
    page.goto(page.base_url + "/")
    nav = page.locator("a.nav-link", has_text="报告")
    if width >= 1000:
        nav.first.click()
        page.wait_for_url("**/reports/")
    else:
        page.goto(page.base_url + "/reports/")
    page.get_by_role("link", name="报告段落（主要成效、工作打算）").click()
    page.goto(page.base_url + "/reports/notes/?year=2023&period=H1")
    page.select_option("#id_section", "opening")
    page.fill("#id_text", "澳斯康上榜中国独角兽企业榜单<b>“首家”</b>")
    page.get_by_role("button", name="保存段落").click()
    page.wait_for_load_state()
    assert page.locator(".note-text").first.inner_text() == "澳斯康上榜中国独角兽企业榜单<b>“首家”</b>"
    _shot(page, f"notes-{width}.png")

    page.goto(page.base_url + "/reports/")
    page.fill("#id_year", "2023")
    page.select_option("#id_period", "H1")
    page.get_by_role("button", name="生成报告").click()
    page.wait_for_url("**/reports/*/")
    assert page.locator("#report-status").is_visible()
    _shot(page, f"report-progress-{width}.png")
    download_button = page.locator("#download-docx")
    download_button.wait_for(timeout=90_000)  # htmx polls the status until the build is done
    _shot(page, f"report-done-{width}.png")
    with page.expect_download() as info:
        download_button.click()
    path = tmp_path / "summary.docx"
    info.value.save_as(path)
    assert info.value.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "澳斯康上榜中国独角兽企业榜单<b>“首家”</b>" in text and "入库1家" in text

    page.goto(page.base_url + "/reports/")
    assert page.locator("table").get_by_text("2023年上半年工作总结").first.is_visible()
    _shot(page, f"report-list-{width}.png")
    assert not page.console_errors
