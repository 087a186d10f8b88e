"""Browser journeys of an officer on a 390×844 phone: nothing typed is lost, photos as phones take them."""

import io
import os
import re

import pytest
from PIL import Image

from core.testing import DEMO_PASSWORD
from enterprises.models import Visit
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")


def _phone(page_factory, officer):
    page = page_factory(width=390, height=844)
    page.goto(page.base_url + "/accounts/login/")
    _log_in(page, officer.username)
    page.wait_for_url(page.base_url + "/")
    return page


def _draft_keys(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('visit-draft:'))")


def test_draft_survives_an_ended_session(page_factory, officer, changle):
    own = EnterpriseFactory(name="南通常乐精密机械有限公司", town=changle)
    page = _phone(page_factory, officer)
    page.goto(f"{page.base_url}/visits/new/?enterprise={own.pk}")
    assert page.locator("[data-picked-enterprise]").inner_text() == own.name
    page.get_by_text("上门走访", exact=True).click()
    page.fill("#id_content", "了解企业高企申报准备情况")
    page.fill("#id_problem", "缺少研发费用归集辅导")
    page.get_by_text("待跟进", exact=True).click()

    # Switching to WeChat and back: the session has ended by the time 保存 is tapped.
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="保存走访").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    notice = page.locator("[data-session-ended]")
    assert "登录已失效" in notice.inner_text()
    assert page.locator("[data-draft-note]").is_visible()
    assert not Visit.objects.exists()

    _log_in(page, officer.username)
    page.wait_for_url(re.compile(rf"/visits/new/\?enterprise={own.pk}$"))
    banner = page.locator(".draft-banner")
    assert own.name in banner.inner_text()
    assert page.input_value("#id_content") == ""
    banner.get_by_role("button", name="恢复草稿").click()
    assert page.input_value("#id_content") == "了解企业高企申报准备情况"
    assert page.input_value("#id_problem") == "缺少研发费用归集辅导"
    assert page.locator("input[name=follow_up][value=open]").is_checked()
    assert page.locator("input[name=kind][value=onsite]").is_checked()

    page.get_by_role("button", name="保存走访").click()
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    assert "已保存" in page.locator(".alert-success").inner_text()
    visit = Visit.objects.get()
    assert (visit.enterprise, visit.content, visit.follow_up) == (own, "了解企业高企申报准备情况", "open")
    assert _draft_keys(page) == []  # saved: the draft is gone
    assert page.console_errors == []


def test_no_signal_keeps_the_draft_and_says_so(page_factory, officer, changle):
    own = EnterpriseFactory(name="南通常乐电子有限公司", town=changle)
    page = _phone(page_factory, officer)
    page.goto(f"{page.base_url}/visits/new/?enterprise={own.pk}")
    page.fill("#id_content", "没有信号时填写")
    page.context.set_offline(True)
    page.get_by_role("button", name="保存走访").click()
    status = page.locator("#visit-form-status")
    status.wait_for()
    assert "没有网络信号" in status.inner_text() and "草稿" in status.inner_text()
    assert _draft_keys(page) == [f"visit-draft:{officer.pk}:new-{own.pk}"]
    assert page.input_value("#id_content") == "没有信号时填写"

    # A closed tab: the draft is offered again on the next visit to the same form, not on another.
    page.context.set_offline(False)
    page.goto(page.base_url + "/visits/new/")
    assert page.locator(".draft-banner").count() == 0
    page.goto(f"{page.base_url}/visits/new/?enterprise={own.pk}")
    page.locator(".draft-banner").get_by_role("button", name="恢复草稿").click()
    page.get_by_role("button", name="保存走访").click()
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    assert Visit.objects.get().content == "没有信号时填写"
    # Messages are not errors; the offline fetch's net::ERR_INTERNET_DISCONNECTED is the only one.
    assert all("ERR_INTERNET_DISCONNECTED" in error for error in page.console_errors)


def _camera_photo(path):
    """A 4000×3000 noisy JPEG at quality 95 (>5 MB), taken with the phone on its side (EXIF 6)."""
    noise = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    noise.save(path, "JPEG", quality=95, exif=exif)
    return path


def test_a_12mb_camera_photo_goes_through_and_survives_a_form_error(page_factory, officer, changle, tmp_path):
    own = EnterpriseFactory(name="南通常乐光电科技有限公司", town=changle)
    photo = _camera_photo(tmp_path / "IMG_0001.jpg")
    assert photo.stat().st_size > 5 * 1024 * 1024
    page = _phone(page_factory, officer)
    page.goto(page.base_url + "/visits/new/")
    page.fill("#id_content", "照片测试")
    page.set_input_files("#id_photos", str(photo))
    tile = page.locator("#photo-preview .photo-tile")
    tile.wait_for(timeout=30000)
    assert "IMG_0001.jpg" in tile.inner_text()

    # No enterprise picked: the form is refused, and the photo is still there.
    page.get_by_role("button", name="保存走访").click()
    page.locator(".alert-danger", has_text="未保存").wait_for()
    assert "请先搜索并选择" in page.locator("form.visit-form").inner_text()
    assert page.locator("#photo-preview .photo-tile").count() == 1
    assert page.locator("[data-photos-dropped]").count() == 0
    assert page.evaluate("document.getElementById('id_photos').files.length") == 1

    page.fill("#id_enterprise_search", "光电")
    page.locator("#enterprise-results button", has_text=own.name).click()
    page.get_by_role("button", name="保存走访").click()
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    stored = Visit.objects.get().photos.get()
    assert stored.image.size < 1024 * 1024
    with stored.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert image.size == (1200, 1600)  # upright (EXIF applied), longest side 1600
    assert page.console_errors == []
