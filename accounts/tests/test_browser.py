"""Browser journey: every demo user logs in through the real login page and meets no console error."""

import pytest
from django.core.management import call_command

from core.testing import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_each_demo_user_logs_in_without_console_errors(page_factory, width):
    call_command("seed_demo", "--force", "--json")
    for username in ["admin", "staff", "leader", "officer"]:
        page = page_factory(width=width, height=844 if width == 390 else 900)
        page.goto(page.base_url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(page.base_url + "/")
        assert page.locator("h1").first.is_visible()
        # Every page the navigation offers this role opens without an error.
        links = page.eval_on_selector_all("nav a.nav-link", "els => els.map(e => e.getAttribute('href'))")
        for href in links:
            response = page.goto(page.base_url + href)
            assert response.status < 400, (username, href, response.status)
        assert page.console_errors == [], (username, page.console_errors)
        page.context.close()
