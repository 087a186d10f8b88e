"""The main pages work under the Content-Security-Policy: no console error, no violation."""

import pytest

from core.testing import DEMO_PASSWORD
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_violations(page):
    page.violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.violations.append(msg.text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_main_pages_under_the_policy(page_factory, make_user, changle):
    officer = make_user("officer", "town_officer", town=changle)
    enterprise = EnterpriseFactory(name="南通慧起点智能科技有限公司", town=changle, grid_officer=officer)
    page = page_factory()
    _watch_violations(page)
    response = page.goto(page.base_url + "/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    _login(page, "officer")
    for path in ["/", "/enterprises/", f"/enterprises/{enterprise.pk}/", "/visits/new/"]:
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")

    # The visit form's script (moved out of the page) still runs: enterprise search, Enter kept
    # from submitting the search, the photo preview and the one-tap save.
    page.goto(page.base_url + f"/visits/new/?enterprise={enterprise.pk}")
    page.wait_for_load_state("networkidle")
    button = page.locator(".visit-form button[type=submit]")
    page.evaluate("document.querySelector('.visit-form').addEventListener('submit', e => e.preventDefault())")
    button.click()
    assert button.is_disabled() and button.inner_text() == "正在保存…"

    # ECharts (the dashboard's charts) draws under the policy too.
    page.goto(page.base_url + "/")
    page.add_script_tag(url=page.base_url + "/static/vendor/echarts/echarts.min.js")
    page.evaluate(
        """() => {
            const box = document.createElement('div');
            box.style.width = '400px'; box.style.height = '300px';
            document.body.append(box);
            const chart = echarts.init(box);
            chart.setOption({xAxis: {data: ['H1', 'H2']}, yAxis: {}, series: [{type: 'bar', data: [117, 83]}],
                             tooltip: {}});
            return chart.getDom().querySelector('canvas') !== null;
        }"""
    )
    assert page.violations == []
    assert page.console_errors == []
