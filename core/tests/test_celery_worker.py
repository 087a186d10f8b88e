import uuid

import pytest
from django.core.cache import cache

from core.tasks import worker_ping_task


@pytest.mark.worker
def test_a_real_worker_process_runs_a_task(celery_worker_process):
    token = uuid.uuid4().hex
    result = worker_ping_task.delay(token)
    value = result.get(timeout=60)
    assert value["token"] == token
    assert cache.get(f"worker-ping:{token}") == value["host"]


def test_tasks_run_eagerly_without_a_broker(db):
    assert worker_ping_task.delay("eager").get(timeout=5)["token"] == "eager"
