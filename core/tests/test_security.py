"""Error pages, the Content-Security-Policy, the address lockout and the schema's login."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from core.testing import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def text(response):
    return response.content.decode()


# ---------------------------------------------------------------- error pages


def test_404_is_chinese_in_the_portal_layout(client, staff_user, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in text(response) and "Not Found" not in text(response)
    assert 'href="/static/css/portal.css"' in text(response)
    client.force_login(staff_user)
    response = client.get("/enterprises/999999999/")
    assert response.status_code == 404
    assert "页面不存在" in text(response)
    assert "退出登录" in text(response)  # the navigation of a signed-in user


def test_500_renders_without_a_request_or_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
        page = render_to_string("500.html")  # as Django renders it: no request, no context processors
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode() and "Server Error" not in response.content.decode()
    assert "系统出错了" in page and "portal.css" in page


def test_500_of_a_failing_view(client, staff_user, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(staff_user)

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("accounts.views.HomeView.get", boom)
    response = client.get("/")
    assert response.status_code == 500
    assert "系统出错了" in text(response)


def test_403_is_chinese():
    request = RequestFactory().get("/")
    request.user = None
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_csrf_failure_is_chinese_in_the_portal_layout(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "staff", "password": "x"})
    assert response.status_code == 403
    assert "页面已过期" in text(response) and "CSRF verification failed" not in text(response)
    assert 'href="/static/css/portal.css"' in text(response)


# ---------------------------------------------------------------- Content-Security-Policy


def test_every_page_carries_the_policy(client, staff_user):
    for response in (client.get(LOGIN), client.get("/no-such-page/")):
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"


TEMPLATE_DIRS = [Path(django_settings.BASE_DIR) / "templates"] + [
    Path(django_settings.BASE_DIR) / app / "templates" for app in ("core", "accounts", "enterprises", "reports")
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)


def test_no_template_has_an_inline_script_or_handler():
    """The policy forbids them; a template that brings one back would break silently in the browser."""
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html") if folder.exists() else []:
            content = path.read_text()
            name = path.relative_to(django_settings.BASE_DIR)
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
                found += [f"{name}: {m.group(0)}" for m in pattern.finditer(content)]
    assert found == []


# ---------------------------------------------------------------- lockout of one address trying many usernames


def test_one_address_trying_many_usernames_is_locked_out(client, staff_user, make_user, settings):
    settings.AXES_ADDRESS_USERNAME_LIMIT = 4
    make_user("leader2", "leader")
    for i in range(4):  # one try each: far below the per-username limit
        response = client.post(LOGIN, {"username": f"guess{i}", "password": "wrong-password"})
        assert response.status_code == 200
    # Now even a right password from that address is refused, with the lockout page...
    response = client.post(LOGIN, {"username": "staff", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "已暂时锁定" in text(response)
    # ...while the same account from another address logs in.
    other = Client(REMOTE_ADDR="10.1.2.3")
    response = other.post(LOGIN, {"username": "leader2", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_an_office_behind_one_address_is_not_locked_by_a_few_typos(client, staff_user, settings):
    settings.AXES_ADDRESS_USERNAME_LIMIT = 4
    for name in ("staf", "stafff", "sttaff"):
        client.post(LOGIN, {"username": name, "password": DEMO_PASSWORD})
    response = client.post(LOGIN, {"username": "staff", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_failures_older_than_the_cool_off_do_not_count(client, staff_user, settings):
    from axes.models import AccessFailureLog
    from django.utils import timezone

    settings.AXES_ADDRESS_USERNAME_LIMIT = 2
    for name in ("a1", "a2"):
        client.post(LOGIN, {"username": name, "password": "x"})
    AccessFailureLog.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    assert client.post(LOGIN, {"username": "staff", "password": DEMO_PASSWORD}).status_code == 302


# ---------------------------------------------------------------- the API schema


def test_api_schema_needs_a_login(client, staff_user):
    assert client.get(reverse("api-schema")).status_code in {401, 403}
    client.force_login(staff_user)
    assert client.get(reverse("api-schema")).status_code == 200
