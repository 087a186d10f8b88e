#!/usr/bin/env python
"""Server time of the dashboard (GET /dashboard/) at scale, cold and warm, as a leader and as a town officer.

    createdb -h 127.0.0.1 -U postgres haimen_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haimen_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python scripts/bench_dashboard.py [--enterprises 50000] [--repeat 10]

Migrates, runs seed_demo and generate_load when the database holds fewer load enterprises than
asked (investment and cooperation load come with those apps' own load registrations), then
times requests in-process with django.test.Client (the whole middleware stack and the template).

- cold: the dashboard's cache namespace is new for each request (reports.dashboard.figures.
  namespace), so every figure, funnel step and warning is computed: what the first leader of
  the day would wait for if the beat job had not run; other users of the cache are untouched;
- warm: the same page again, figures from the cache (what leaders get: the beat job refreshes
  the default periods every few minutes and a write invalidates only its own KPIs).

Prints the median and p95, the queries of one request and their database time: every query on
every connection (a cold page runs its figures on two connections at once, reports.dashboard.
figures.compute_pairs), so "db ms" is their sum and may exceed the request's own time.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haimen_sci.settings")
# Measured as production runs (DEBUG off: no query log, no debug toolbar of any kind), but served
# in-process: no HTTPS redirect, plain static storage (no collectstatic needed), the test host.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-dashboard-only")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["SESSION_COOKIE_SECURE"] = "0"
os.environ["CSRF_COOKIE_SECURE"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic, none needed here


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--enterprises", type=int, default=50_000, help="load enterprises to have (default 50,000)")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit(
            "DATABASE_URL is not set: give the benchmark database, e.g. postgres://postgres@127.0.0.1:5432/haimen_bench"
        )

    from django.core.management import call_command

    import haimen_sci.wsgi  # noqa: F401  as gunicorn loads the portal: django.setup(), then gc.freeze()

    call_command("migrate", verbosity=0, interactive=False)
    prepare(args.enterprises)
    print_table(run(args.repeat))


CASES = [
    ("本年默认期间", {}),
    ("2023 上半年", {"year": "2023", "period": "H1"}),
    ("2023 全年", {"year": "2023", "period": "Y"}),
]


def run(repeat):
    import uuid

    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from reports.dashboard import figures

    url = reverse("reports:dashboard")
    results = []
    for username, label in [("leader", "区领导"), ("officer", "常乐镇网格员")]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, query in CASES:
            full = f"{url}?{urlencode(query)}" if query else url
            for state in ("cold", "warm"):
                samples = []
                for i in range(repeat + 1):
                    if state == "cold":
                        figures.namespace = uuid.uuid4().hex[:10]
                    elif i == 0:
                        client.get(full)  # fills the cache of this namespace
                    started = time.perf_counter()
                    response = client.get(full)
                    elapsed = (time.perf_counter() - started) * 1000
                    if i:
                        samples.append(elapsed)
                assert response.status_code == 200, response.status_code
                if state == "cold":
                    figures.namespace = uuid.uuid4().hex[:10]
                with AllQueries() as queries:
                    assert client.get(full).status_code == 200
                p95 = statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]
                db_ms = sum(float(q["time"]) for q in queries) * 1000
                results.append((label, f"{name} {state}", statistics.median(samples), p95, len(queries), db_ms))
    return results


class AllQueries(list):
    """The queries run while inside, on this thread's connection and on any opened meanwhile."""

    def __enter__(self):
        from django.db import connection
        from django.db.backends.signals import connection_created

        connection.ensure_connection()
        connection.execute_wrappers.append(self.wrap)
        connection_created.connect(self.created)
        return self

    def __exit__(self, *exc):
        from django.db import connection
        from django.db.backends.signals import connection_created

        connection_created.disconnect(self.created)
        connection.execute_wrappers.remove(self.wrap)

    def created(self, sender, connection, **kwargs):
        connection.execute_wrappers.append(self.wrap)

    def wrap(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.append({"sql": sql, "time": time.perf_counter() - started})


def print_table(rows):
    from django.db import connection

    from enterprises.models import Enterprise, Visit

    print(
        f"\n{connection.vendor} {connection.settings_dict['NAME']}: "
        f"{Enterprise.objects.count():,} enterprises, {Visit.objects.count():,} visits; "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    header = ("user", "request", "median ms", "p95 ms", "queries", "db ms")
    table = [header] + [
        (user, name, f"{median:.1f}", f"{p95:.1f}", str(queries), f"{db_ms:.0f}")
        for user, name, median, p95, queries, db_ms in rows
    ]

    def width(text):  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max(width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip())


def prepare(enterprises):
    from django.core.management import call_command

    from accounts.models import User
    from enterprises.load import load_enterprises

    if not User.objects.filter(username="officer").exists():
        started = time.monotonic()
        call_command("seed_demo", force=True, json=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seed_demo: {time.monotonic() - started:.1f}s")
    have = load_enterprises().count()
    if have < enterprises:
        started = time.monotonic()
        call_command("generate_load", enterprises=enterprises, json=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"generate_load --enterprises {enterprises:,} (had {have:,}): {time.monotonic() - started:.1f}s")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have them in production


if __name__ == "__main__":
    main()
