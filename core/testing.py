"""Test fixtures and helpers shared by every app (imported by the root conftest.py).

`assert_out_of_scope(client, obj)` is the reusable proof of docs/domain.md §1: a town officer asking for
another town's object gets 404 on detail, history, edit, delete and does not find it in exports.
Every scoped model's tests call it.
"""

import io

import openpyxl
import pytest
from django.urls import NoReverseMatch, reverse

__all__ = [
    "towns",
    "changle",
    "sanxing",
    "bureau_admin",
    "staff_user",
    "leader_user",
    "officer",
    "other_officer",
    "make_user",
    "assert_out_of_scope",
    "export_rows",
]

DEMO_PASSWORD = "Haimen@2023"


@pytest.fixture
def towns(db):
    from core.demo import seed_dictionaries

    return seed_dictionaries()


@pytest.fixture
def changle(towns):
    return towns["常乐镇"]


@pytest.fixture
def sanxing(towns):
    return towns["三星镇"]


@pytest.fixture
def make_user(db):
    from accounts.models import User

    def make(username, role, town=None, password=DEMO_PASSWORD):
        user = User(username=username, role=role, town=town, is_staff=role == "bureau_admin")
        user.is_superuser = role == "bureau_admin"
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def bureau_admin(make_user):
    return make_user("admin", "bureau_admin")


@pytest.fixture
def staff_user(make_user):
    return make_user("staff", "bureau_staff")


@pytest.fixture
def leader_user(make_user):
    return make_user("leader", "leader")


@pytest.fixture
def officer(make_user, changle):
    return make_user("officer", "town_officer", changle)


@pytest.fixture
def other_officer(make_user, sanxing):
    return make_user("officer_sanxing", "town_officer", sanxing)


def _url(obj, action):
    try:
        return reverse(obj.url_name(action), args=[obj.pk])
    except NoReverseMatch:
        return None


def export_rows(client, list_url, query=""):
    """The rows of a list page's xlsx export, as lists of cell values (header excluded)."""
    response = client.get(f"{list_url}?{query}&export=xlsx" if query else f"{list_url}?export=xlsx")
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def assert_out_of_scope(client, obj, *, marker=None):
    """`client` is logged in as a user who must not see `obj`: 404 everywhere, absent from exports.

    `marker` is a text that identifies the object in an export row (default: str(obj)).
    """
    checked = []
    for action in ("detail", "history", "edit", "delete"):
        url = _url(obj, action)
        if url is None:
            continue
        assert client.get(url).status_code == 404, f"GET {url} must answer 404"
        if action in ("edit", "delete"):
            assert client.post(url, {}).status_code == 404, f"POST {url} must answer 404"
        checked.append(action)
    assert "detail" in checked, "the model must have a detail route"
    try:
        list_url = reverse(obj.url_name("list"))
    except NoReverseMatch:
        return checked
    marker = marker or str(obj)
    rows = export_rows(client, list_url)
    assert not any(marker in " ".join(str(v) for v in row if v is not None) for row in rows), (
        f"{marker} must not appear in the export"
    )
    checked.append("export")
    return checked
