import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from core.demo import seed_dictionaries, seed_users
from core.testing import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

HOME_TEMPLATES = {
    "admin": "accounts/home_staff.html",
    "staff": "accounts/home_staff.html",
    "leader": "accounts/home_leader.html",
    "officer": "accounts/home_officer.html",
}


@pytest.mark.parametrize("username", sorted(HOME_TEMPLATES))
def test_each_demo_role_logs_in_and_lands_on_its_home(client, username):
    towns = seed_dictionaries()
    seed_users(DEMO_PASSWORD, towns)  # the demo accounts exactly as seed_demo makes them
    response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert HOME_TEMPLATES[username] in [t.name for t in response.templates]
    assert response.context["user"].username == username


def test_every_page_but_login_and_healthz_needs_a_login(client):
    for url in ["/", reverse("enterprises:enterprise_list"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("healthz")).status_code in {200, 503}


def test_repeated_failed_logins_lock_the_account_and_are_logged(client, staff_user, settings):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "staff", "password": "wrong-password"})
    assert AccessFailureLog.objects.filter(username="staff").count() == settings.AXES_FAILURE_LIMIT
    assert AccessAttempt.objects.get(username="staff").failures_since_start == settings.AXES_FAILURE_LIMIT
    # Now even the right password is refused, with a Chinese explanation.
    response = client.post(url, {"username": "staff", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()


def test_password_change_applies_validators(client, staff_user):
    client.force_login(staff_user)
    url = reverse("accounts:password_change")
    response = client.post(url, {"old_password": DEMO_PASSWORD, "new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    response = client.post(
        url, {"old_password": DEMO_PASSWORD, "new_password1": "Kj8#haimen2024", "new_password2": "Kj8#haimen2024"}
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password("Kj8#haimen2024")


def test_town_officer_needs_a_town(make_user):
    from django.core.exceptions import ValidationError

    from accounts.models import User

    user = User(username="x", role="town_officer")
    with pytest.raises(ValidationError):
        user.full_clean()


def test_seed_demo_refuses_without_debug_unless_forced(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    call_command("seed_demo", "--force", "--json")  # idempotency: enterprises/tests/test_demo.py

    from accounts.models import User
    from core.demo import DEMO_USERS, GRID_OFFICERS
    from core.models import Town

    # The four named demo accounts plus a grid officer for each of the other 14 towns.
    assert {"admin", "staff", "leader", "officer"} <= set(User.objects.values_list("username", flat=True))
    assert User.objects.count() == len(DEMO_USERS) + len(GRID_OFFICERS) == 18
    assert Town.objects.count() == 15


def test_officer_home_shows_own_recent_visits_and_warnings(client, officer, changle, django_assert_max_num_queries):
    import datetime as dt

    from enterprises.tests.factories import EnterpriseFactory, VisitFactory

    ent = EnterpriseFactory(town=changle, name="南通常乐某科技有限公司")
    VisitFactory(enterprise=ent, officer=officer, visited_on=dt.date(2026, 1, 5))
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert "南通常乐某科技有限公司" in html
    assert "到期老高企（12个月内）" in html
