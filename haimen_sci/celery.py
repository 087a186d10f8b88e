"""Celery application. With REDIS_URL unset the tasks run eagerly (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haimen_sci.settings")

app = Celery("haimen_sci")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
