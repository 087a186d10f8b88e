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
