"""Test fixtures and the contract helpers every model's tests call (imported by the root conftest.py).

- `assert_out_of_scope(client, obj)`: the proof of docs/domain.md §1 — a town officer asking for another
  town's object gets 404 on every route and does not find it in the export. A route it is told
  to check that does not resolve fails the test (it is never skipped).
- `assert_queries(target, key)`: the query count of one page, export or call equals the baseline
  pinned in `<app>/tests/query_counts.json` (the number and why it is that number).
- `ModelContract`: both, for a model's every page, as one test class per model
  (`class TestVisitContract(ModelContract): ...`); see docs/adding-a-model.md.
"""

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    "captured_queries",
    "assert_queries",
    "query_baseline",
    "Page",
    "ModelContract",
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


def export_rows(client, list_url, query=""):
    """The data rows of a list page's xlsx export, as lists of cell values: the title row, the
    header row and the 序号 column of a filed export (core.exports.write_xlsx) left out."""
    response = client.get(f"{list_url}?{query}&export=xlsx" if query else f"{list_url}?export=xlsx")
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    if len(rows) >= 2 and rows[1] and rows[1][0] == "序号":
        return [row[1:] for row in rows[2:]]
    return rows[1:]


# ---- the scope contract ------------------------------------------------------------------

SCOPED_ACTIONS = ("detail", "history", "edit", "delete")


def _reverse(name, args=()):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        raise AssertionError(
            f"the route {name!r} does not resolve: mount it (core.routing.object_urls in the app's urls.py) "
            "or, if the model has no such page, leave it out of actions= / pass export=False"
        ) from None


def assert_out_of_scope(client, obj, *, actions=SCOPED_ACTIONS, export=True, marker=None, urls=()):
    """`client` is logged in as a user who must not see `obj`: 404 everywhere, absent from the export.

    `actions`: the object's routes (`<app>:<model>_<action>`, with its pk) answering 404 to GET,
    and to POST for edit and delete. `export`: the model's list route exports rows and `obj` must
    not be among them (False for a model without a list). `marker`: the text that identifies the
    object in an export row (default str(obj)). `urls`: further URLs of the object (actions under
    it, add routes under it) that must answer 404 to GET and POST.
    Returns the names of what was checked.
    """
    checked = []
    for action in actions:
        url = _reverse(obj.url_name(action), [obj.pk])
        assert client.get(url).status_code == 404, f"GET {url} must answer 404"
        if action in ("edit", "delete"):
            assert client.post(url, {}).status_code == 404, f"POST {url} must answer 404"
        checked.append(action)
    for url in urls:
        assert client.get(url).status_code == 404, f"GET {url} must answer 404"
        # 405: a page that takes no POST (nothing is revealed or written)
        assert client.post(url, {}).status_code in (404, 405), f"POST {url} must answer 404"
        checked.append(url)
    if export:
        list_url = _reverse(obj.url_name("list"))
        marker = marker or str(obj)
        rows = export_rows(client, list_url)
        assert not any(marker in " ".join(str(v) for v in row if v is not None) for row in rows), (
            f"{marker} must not appear in the export of {list_url}"
        )
        checked.append("export")
    return checked


# ---- query counts ------------------------------------------------------------------------

QUERY_COUNTS_FILE = "tests/query_counts.json"


def captured_queries(target, url=None, *, status=200):
    """The queries one GET of `url` by the test client `target` makes (the body read to the end:
    an export streams), or one call of `target()`. A list of {"sql", "time"} dicts."""
    with CaptureQueriesContext(connection) as ctx:
        if url is None:
            target()
        else:
            response = target.get(url)
            assert response.status_code == status, f"GET {url}: {response.status_code}"
            if response.streaming:
                b"".join(response.streaming_content)
    return ctx.captured_queries


def baselines_path(key):
    """`enterprises:enterprise_list` → enterprises/tests/query_counts.json (the app's own file)."""
    app_label = key.split(":", 1)[0]
    return Path(apps.get_app_config(app_label).path) / QUERY_COUNTS_FILE


def _baselines(path):
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _pinned_count(entry) -> int:
    """An entry's count; `"per_panel": n` adds n for every panel registered on the enterprise page
    (core.panels: each app's panels cost the page one query each, whichever apps are installed)."""
    count = entry["queries"]
    if entry.get("per_panel"):
        from core import panels

        count += entry["per_panel"] * len(panels.panels())
    return count


def query_baseline(key) -> int:
    """The pinned count of `key` (for a test that checks a page makes exactly one query more)."""
    return _pinned_count(_baselines(baselines_path(key))[key])


def assert_queries(target, key, url=None):
    """The queries of one page (GET `url` with the client `target`) or call (`target()`) number
    exactly the baseline `key` pinned in the app's tests/query_counts.json.

    Keys are `<app>:<page>` (the URL name) with a suffix for a variant: `enterprises:enterprise_list`,
    `enterprises:enterprise_list export`, `enterprises:enterprise_list officer`. Returns the queries.
    """
    queries = captured_queries(target, url)
    path = baselines_path(key)
    pinned = _baselines(path).get(key)
    count = len(queries)
    where = f"{key.split(':', 1)[0]}/{QUERY_COUNTS_FILE}"
    sqls = "\n".join(f"  {i}. {q['sql'][:160]}" for i, q in enumerate(queries, 1))
    if pinned is None:
        raise AssertionError(
            f"no pinned query count for {key!r} ({count} queries): add to {where}\n"
            f'  "{key}": {{"queries": {count}, "why": "<what each query reads>"}}\n'
            f"the {count} queries:\n{sqls}"
        )
    expected = _pinned_count(pinned)
    assert count == expected, (
        f"{key} made {count} queries, the pinned baseline is {expected} ({pinned.get('why', '')}).\n"
        f'If the change is intended (a new read the page needs, or one saved), set "queries": {count} for '
        f'{key!r} in {where} and say in "why" what each query reads; '
        f"if a count grows with the rows, fix the page (select_related/prefetch_related) instead.\n"
        f"the {count} queries:\n{sqls}"
    )
    return queries


# ---- the contract every model's tests call ----------------------------------------------------


@dataclass
class Page:
    """One page of a model whose queries are pinned: the URL name, where the pk comes from, who looks.

    `args(sample)` gives the URL's arguments (None = no arguments); `user` is a fixture name;
    `query` a query string; `export` also pins the page's xlsx export (key + " export").
    """

    name: str
    args: object = None
    user: str = "staff_user"
    query: str = ""
    export: bool = False
    variant: str = ""
    extra: dict = field(default_factory=dict)

    def key(self, app_label):
        return f"{app_label}:{self.name}" + (f" {self.variant}" if self.variant else "")

    def url(self, app_label, sample):
        args = self.args(sample) if self.args is not None else []
        url = _reverse(f"{app_label}:{self.name}", args)
        return f"{url}?{self.query}" if self.query else url


class ModelContract:
    """The contract tests of one model, configured by attributes (docs/adding-a-model.md):

        class TestVisitContract(ModelContract):
            model = Visit
            pages = [Page("visit_list", user="officer", export=True), Page("visit_detail", args=pk)]

            @pytest.fixture
            def sample(self, changle, officer): ...   # one record of 常乐镇 with a few related rows

            @pytest.fixture
            def more(self, changle, officer): ...     # a callable adding rows (and children of the sample)

    Tests: the record is out of scope for 三星镇's officer on every route (`scope_actions`,
    `scope_export`, `scope_urls(sample)`); every page's (and export's) query count equals its
    pinned baseline with the sample data and again after `more()` — so no count grows with the
    rows. Counts are taken with a cold cache.
    """

    model = None
    pages: list[Page] = []
    scope_actions = SCOPED_ACTIONS
    scope_export = True  # False for a model without a list page

    def scope_urls(self, sample):
        """Further URLs of the record (actions on it, add routes under it) that must answer 404."""
        return []

    def scope_marker(self, sample):
        return str(sample)

    def pytest_generate_tests(self, metafunc):
        if "page" in metafunc.fixturenames:
            pages = [(p, False) for p in self.pages] + [(p, True) for p in self.pages if p.export]
            label = self.model._meta.app_label
            metafunc.parametrize("page,export", pages, ids=[p.key(label) + (" export" if e else "") for p, e in pages])

    @pytest.mark.django_db
    def test_out_of_scope_everywhere(self, client, other_officer, sample):
        client.force_login(other_officer)
        assert_out_of_scope(
            client,
            sample,
            actions=self.scope_actions,
            export=self.scope_export,
            marker=self.scope_marker(sample),
            urls=self.scope_urls(sample),
        )

    @pytest.mark.django_db
    def test_query_count_is_pinned(self, client, request, sample, more, page, export):
        label = self.model._meta.app_label
        client.force_login(request.getfixturevalue(page.user))
        url = page.url(label, sample) + (("&" if page.query else "?") + "export=xlsx" if export else "")
        key = page.key(label) + (" export" if export else "")
        cache.clear()
        assert_queries(client, key, url)
        more()
        cache.clear()
        assert_queries(client, key, url)
