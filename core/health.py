"""/healthz: database, cache and broker, each checked for real with a short timeout."""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    client = getattr(getattr(cache, "client", None), "get_client", None)
    if client is not None:
        # django-redis ignores its connection errors (the cache falls back to computing, see
        # settings.redis_caches); the health check asks Redis itself, to say why it is down.
        client(write=True).ping()
    key = "healthz:probe"
    value = str(time.time())
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return the value written")


def check_broker():
    if not settings.REDIS_URL:
        return "eager"  # no broker configured: tasks run in the web process
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
@login_not_required
def healthz(request):
    result, down = {}, []
    for name, check in CHECKS.items():
        try:
            result[name] = check() or "ok"
        except Exception as exc:  # any failure means "down"; the message says why
            result[name] = f"down: {exc.__class__.__name__}: {exc}"[:300]
            down.append(name)
    body = {"status": "down" if down else "ok", "down": down, **result}
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})
