"""With Redis down (a closed port, not the shared server stopped): the portal keeps working.

The cache falls back to computing without it; a task that cannot be queued says so within
about 2 s and its run is marked failed with that reason, never left "continuing in the background".
"""

import time

import pytest
from django.urls import reverse

from core import importing
from core.models import ImportRun
from enterprises.tests.factories import EnterpriseFactory
from enterprises.tests.import_files import template_rows, xlsx
from haimen_sci import settings as project_settings
from haimen_sci.celery import app as celery_app

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens here


@pytest.fixture
def redis_down(settings):
    """The project's own cache and Celery settings, pointed at a Redis that is not there."""
    # Saved before the settings change: Celery reads its conf from the Django settings lazily.
    saved = {k: celery_app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = project_settings.redis_caches(DEAD_REDIS)
    settings.CELERY_BROKER_URL = DEAD_REDIS
    celery_app.conf.update(broker_url=DEAD_REDIS, result_backend=DEAD_REDIS, task_always_eager=False)
    _forget_connections()
    yield
    celery_app.conf.update(saved)
    _forget_connections()


def _forget_connections():
    # The connection pool, the producer pool built on it (cached by app.amqp) and the result
    # backend all remember the broker they were made for: a test that left the producer pool
    # behind made every later test of the process publish to the dead port.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    for name in ("backend",):
        celery_app._local.__dict__.pop(name, None)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_the_ranking_and_the_exports_compute_without_the_cache(staff, changle, redis_down):
    EnterpriseFactory(town=changle)
    assert staff.get(reverse("enterprises:diagnosis_ranking")).status_code == 200
    assert staff.get(reverse("enterprises:diagnosis_ranking"), {"export": "xlsx"}).status_code == 200
    response = staff.get(reverse("enterprises:enterprise_list"), {"export": "csv"})
    assert response.status_code == 200 and "南通海门测试" in b"".join(response.streaming_content).decode()


def test_a_small_import_works_without_the_cache(staff, towns, redis_down):
    response = staff.post(reverse("enterprises:import"), {"file": _upload(3)})
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302 and run.status == ImportRun.Status.PREVIEWED
    staff.post(reverse("enterprises:import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE


def test_a_large_import_says_the_queue_is_down_within_2s_and_the_run_fails(staff, towns, redis_down, monkeypatch):
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 5)
    started = time.monotonic()
    response = staff.post(reverse("enterprises:import"), {"file": _upload(8)})
    elapsed = time.monotonic() - started
    run = ImportRun.objects.latest("pk")
    assert elapsed < 3, f"took {elapsed:.1f}s"
    assert response.status_code == 200 and "任务队列暂不可用" in response.content.decode()
    assert run.status == ImportRun.Status.FAILED and "任务队列暂不可用" in run.message
    assert run.finished_at is not None


def test_confirming_a_large_run_with_the_queue_down_fails_the_run(staff, staff_user, towns, redis_down, monkeypatch):
    from core import services
    from enterprises.importers import ENTERPRISE_IMPORT
    from enterprises.tasks import import_enterprises_task

    run = services.import_run_start(spec=ENTERPRISE_IMPORT, user=staff_user, upload=_upload(3))
    assert run.status == ImportRun.Status.PREVIEWED
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 1)
    started = time.monotonic()
    response = staff.post(reverse("enterprises:import_confirm", args=[run.pk]), follow=True)
    assert time.monotonic() - started < 3
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and "任务队列暂不可用" in run.message
    assert "任务队列暂不可用" in response.content.decode()
    assert import_enterprises_task  # the task the confirm tried to queue


def test_healthz_says_the_cache_and_broker_are_down_quickly(client, redis_down):
    started = time.monotonic()
    body = client.get("/healthz").json()
    assert time.monotonic() - started < 6
    assert set(body["down"]) >= {"cache", "broker"} and "6390" in body["cache"]


def _upload(n):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("名单.xlsx", xlsx(template_rows(n)))
