"""Browser journeys (1440×900 and 390×844): staff drag a project from 在谈 to 签约 on the board and see
the move in its history; a card moved meanwhile by a colleague is put back with the reason; on a
phone the board's buttons move a card."""

import datetime as dt

import pytest

from core.testing import DEMO_PASSWORD
from investment import services
from investment.models import InvestmentProject
from investment.models import ProjectStage as S
from investment.tests.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def drag(page, card, target):
    """A mouse drag as a person does it (SortableJS runs on pointer events: forceFallback)."""
    box, to = card.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 12)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 20, box["y"] + 30, steps=5)
    page.mouse.move(to["x"] + to["width"] / 2, to["y"] + 40, steps=20)
    page.mouse.up()


def test_staff_drag_a_project_from_talks_to_signed_and_see_it_in_the_history(page_factory, staff_user, changle):
    project = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 3, 1))], name="澜芯射频芯片设计项目")
    make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 2, 1)), (S.SIGNED, dt.date(2023, 4, 1))])
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    page.goto(page.base_url + "/investment/board/")
    assert page.locator('[data-count="signed"]').inner_text() == "1"
    card = page.locator(f'.board-card[data-id="{project.pk}"]')
    drag(page, card, page.locator('.board-cards[data-stage="signed"]'))
    page.wait_for_selector("[data-board-notice]")
    assert "已进入“签约”" in page.locator("[data-board-notice]").inner_text()
    assert page.locator(f'.board-cards[data-stage="signed"] .board-card[data-id="{project.pk}"]').count() == 1
    assert page.locator('[data-count="signed"]').inner_text() == "2"
    assert page.locator('[data-count="talking"]').inner_text() == "0"
    page.screenshot(path="/tmp/investment-board-1440.png", full_page=True)
    project.refresh_from_db()
    assert project.stage == S.SIGNED
    page.locator(f'.board-card[data-id="{project.pk}"] .board-card-title').click()
    page.wait_for_url(page.base_url + project.get_absolute_url())
    history = page.locator("[data-testid=stage-history]").inner_text()
    assert "在谈 → 签约" in history and "staff" in history  # the move, and who made it
    page.get_by_role("link", name="变更记录").click()
    page.wait_for_url(page.base_url + f"/investment/{project.pk}/history/")
    log = page.locator("body").inner_text()
    assert "阶段" in log and "签约" in log  # the change log has the stage change too
    assert page.console_errors == []


def test_a_card_moved_meanwhile_is_put_back_with_the_reason(page_factory, staff_user, make_user, changle):
    colleague = make_user("colleague", "bureau_staff")
    project = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 3, 1))], name="博睿工业机器人项目")
    page = page_factory(width=1440, height=900)
    log_in(page, "staff")
    page.goto(page.base_url + "/investment/board/")
    services.project_move(project=project, to_stage=S.DROPPED, user=colleague)  # while the page is open
    drag(page, page.locator(f'.board-card[data-id="{project.pk}"]'), page.locator('.board-cards[data-stage="signed"]'))
    page.wait_for_selector("[data-board-error]")
    assert "您看到的是“在谈”" in page.locator("[data-board-error]").inner_text()
    assert page.locator(f'.board-cards[data-stage="dropped"] .board-card[data-id="{project.pk}"]').count() == 1
    assert InvestmentProject.objects.get(pk=project.pk).stage == S.DROPPED
    assert page.console_errors == []


def test_phone_moves_a_card_by_its_button(page_factory, staff_user, changle):
    project = make_project(changle, staff_user, [(S.TALKING, dt.date(2023, 3, 1))], name="云帆储能变流器项目")
    phone = page_factory(width=390, height=844)
    log_in(phone, "staff")
    phone.goto(phone.base_url + "/investment/board/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the board scrolls inside itself
    phone.locator(f'.board-card[data-id="{project.pk}"]').get_by_role("button", name="签约").click()
    phone.wait_for_selector("[data-board-notice]")
    phone.screenshot(path="/tmp/investment-board-390.png", full_page=True)
    assert InvestmentProject.objects.get(pk=project.pk).stage == S.SIGNED
    assert phone.console_errors == []
