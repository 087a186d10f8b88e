"""The login's refusals in plain Chinese: the lockout rule from the settings and whom to ask (issue 9)."""

import datetime as dt

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_wrong_password_says_the_rule_and_whom_to_ask(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
    page = client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong"}).content.decode()
    assert "用户名或密码不正确，请重新输入（密码区分大小写）。连续输错5次，账号将锁定30分钟；" in page
    assert "忘记密码或账号被锁定，请联系区科技局系统管理员。" in page
    assert "请输入一个正确的" not in page


def test_the_rule_follows_the_settings(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(hours=2)
    page = client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong"}).content.decode()
    assert "连续输错3次，账号将锁定2小时" in page
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong"})
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "连续3次密码错误，为保护账号安全已锁定2小时。请2小时后再试，或联系区科技局系统管理员解锁。" in text
