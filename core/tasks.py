"""Infrastructure tasks."""

import socket

from celery import shared_task
from django.core.cache import cache
from django.db import connection


@shared_task
def worker_ping_task(token: str) -> dict:
    """Proves a worker is alive and reaches the database and cache (used by tests and operators)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    cache.set(f"worker-ping:{token}", socket.gethostname(), 60)
    return {"token": token, "host": socket.gethostname(), "database": connection.vendor}


@shared_task(acks_late=True)
def import_run_task(name: str, run_id: int):
    """Preview or write an uploaded file with the importer registered as `name`, whichever is
    due (idempotent: see core.services.import_run_execute); returns the run's status."""
    from .importing import get_importer
    from .services import import_run_process

    return import_run_process(run_id, spec=get_importer(name))


class ImportTask:
    """import_run_task bound to one importer: what the import views and services call `.delay(run_id)` on."""

    def __init__(self, name: str):
        self.name = name

    @property
    def app(self):  # core.queue.enqueue asks the task's app whether it runs eagerly
        return import_run_task.app

    def delay(self, run_id: int):
        return import_run_task.delay(self.name, run_id)
