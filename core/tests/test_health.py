import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_reports_each_service(client):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] in {"ok", "eager"}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server not installed")
def test_healthz_reports_a_stopped_redis_as_down(client, settings):
    """Start a real Redis of our own, point cache and broker at it, then stop it."""
    port = _free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        settings.REDIS_URL = url
        settings.CELERY_BROKER_URL = url
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
            }
        }
        assert client.get(reverse("healthz")).status_code == 200

        proc.terminate()
        proc.wait(timeout=10)
        response = client.get(reverse("healthz"))
        body = response.json()
        assert response.status_code == 503
        assert set(body["down"]) == {"cache", "broker"}
        assert body["database"] == "ok"
        assert body["broker"].startswith("down")
    finally:
        if proc.poll() is None:
            proc.kill()


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from core import health

    def broken():
        raise RuntimeError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
