"""Fixtures every app's tests share: users per role, towns, the scope helper, a live worker, a browser."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from core.testing import *  # noqa: F403  (fixtures and the scope helper)
from haimen_sci.celery import app as celery_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    """Skip what this machine cannot run, and say so in the summary."""
    no_browser = not Path(CHROMIUM).exists()
    no_redis = not django_settings.REDIS_URL
    for item in items:
        if no_browser and "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}"))
        if no_redis and "worker" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="REDIS_URL not set: no broker for a real worker"))
        if "benchmark" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="benchmarks run from scripts/bench_*.py"))


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    # Tests serve static files from the finders; the manifest needs collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    settings.STRICT_URLS = True  # a view action whose route does not resolve fails the test (core.views)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    # Tasks run in-process unless a test asks for the real worker (celery_worker_process).
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _dashboard_cache_namespace():
    # The dashboard caches figures in Redis, shared by tests and xdist workers: one namespace each.
    import uuid

    from reports.dashboard import figures

    figures.namespace = uuid.uuid4().hex[:10]
    yield
    figures.namespace = ""


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real `celery worker` process on the test database and the real Redis broker."""
    from django.db import connection

    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env["REDIS_URL"] = django_settings.REDIS_URL
    # Uploads (imports) are stored under the test's MEDIA_ROOT; the worker must read them there.
    env["MEDIA_ROOT"] = str(django_settings.MEDIA_ROOT)
    # A queue of its own, so a stray worker elsewhere on the machine never takes the test's tasks.
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    celery_app.conf.task_default_queue = queue
    celery_app.conf.task_always_eager = False
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "haimen_sci", "worker", "--pool=solo", "-Q", queue, "-l", "warning"],
        env=env,
        cwd=django_settings.BASE_DIR,
        start_new_session=True,
    )
    try:
        yield queue
    finally:
        celery_app.conf.task_default_queue = "celery"
        celery_app.conf.task_always_eager = True
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser, live_server):
    """Open a page at a viewport; fail the test on any console error or page error."""
    contexts = []

    def make(width=1366, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def realdata():
    """Real-world spreadsheets by name, from settings.REALDATA_DIR (the REALDATA_DIR variable).

    A clone has no such folder, so a test that asks for one skips, saying why; .ci/run sets it
    when the folder sits next to the checkout. Files built in the tests cover the same behaviour.
    """

    def path(name: str) -> Path:
        folder = django_settings.REALDATA_DIR
        if not folder:
            pytest.skip(f"REALDATA_DIR not set: the real spreadsheet {name} is not available")
        found = Path(folder) / name
        if not found.is_file():
            pytest.skip(f"{name} not found in REALDATA_DIR ({folder})")
        return found

    return path


def redis_server_binary():
    return shutil.which("redis-server")
