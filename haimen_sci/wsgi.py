"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haimen_sci.settings")

application = get_wsgi_application()

# Django, the apps and their registries live as long as the worker. Moved out of the collector's
# generations, they are no longer walked by every full collection, which otherwise paused one
# request in a few dozen for ~100 ms (scripts/bench_dashboard.py, warm p95).
gc.freeze()
