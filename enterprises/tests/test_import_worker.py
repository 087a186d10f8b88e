"""A file over 2,000 rows is checked and written by a real Celery worker, once, whatever is clicked."""

import time

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import importing
from core.models import ImportRun
from enterprises.models import Enterprise, PoolStageChange
from enterprises.tasks import import_enterprises_task

from .import_files import template_rows, xlsx

pytestmark = [pytest.mark.worker]

ROWS = importing.BACKGROUND_ROWS + 100


def wait_for(run, *statuses, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.3)
    raise AssertionError(f"run stayed {run.status} ({run.phase} {run.rows_done}/{run.rows_total})")


def test_large_file_in_the_background_imports_once(celery_worker_process, client, staff_user, towns):
    client.force_login(staff_user)
    content = xlsx(template_rows(ROWS))
    response = client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("大名单.xlsx", content)})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("enterprises:import_run", args=[run.pk])
    assert run.task_id and run.rows_total == ROWS

    # The page a user comes back to shows the progress while the worker checks the rows.
    page = client.get(response.url).content.decode()
    assert "import-progress" in page or "待确认" in page

    wait_for(run, ImportRun.Status.PREVIEWED)
    assert run.counts["new"] == ROWS and run.error_count == 0
    assert not Enterprise.objects.exists()

    # Two clicks on 确认导入, and a duplicate delivery of the task: one import.
    confirm = reverse("enterprises:import_confirm", args=[run.pk])
    assert client.post(confirm).status_code == 302
    second = client.post(confirm, follow=True).content.decode()
    assert "不会重复导入" in second
    import_enterprises_task.delay(run.pk)

    progress = client.get(reverse("enterprises:import_progress", args=[run.pk]), headers={"HX-Request": "true"})
    assert progress.status_code == 200

    wait_for(run, ImportRun.Status.DONE, ImportRun.Status.FAILED)
    assert run.status == ImportRun.Status.DONE, run.message
    assert run.counts["new"] == ROWS
    assert Enterprise.objects.count() == ROWS
    assert PoolStageChange.objects.count() == ROWS
    entries = LogEntry.objects.filter(cid=run.batch)
    assert entries.count() == ROWS  # one per row
    assert set(entries.values_list("actor", flat=True)) == {staff_user.pk}

    # A task for a finished run does nothing.
    import_enterprises_task.delay(run.pk).get(timeout=60)
    assert Enterprise.objects.count() == ROWS and LogEntry.objects.filter(cid=run.batch).count() == ROWS
