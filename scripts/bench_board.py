#!/usr/bin/env python
"""Server time of the investment pipeline board (GET /investment/board/) at 20,000 projects.

    createdb -h 127.0.0.1 -U postgres haimen_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haimen_bench \\
        .venv/bin/python scripts/bench_board.py [--projects 20000] [--repeat 20]

Migrates the database, runs seed_demo when it has not run, and adds load projects (investment.load,
the generator `generate_load` runs: 0.4 projects per load enterprise, so 20,000 for
`generate_load --enterprises 50000`) until there are --projects of them — the board reads projects
only, so the enterprises are not needed to measure it. Then times each request in-process with
django.test.Client (middleware, filter, the grouped count, one LIMITed query per column, the
template) after two warm-up requests: median and p95 of --repeat requests, the queries of one
request and their database time, and the CPU time of the Django process itself (`cpu`: on a
shared machine the wall time includes waiting for a CPU; a reference page, the carriers list, is
measured in the same run to read it against). Budget (issue 12): ≤ 150 ms.
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
# Measured as production runs (DEBUG off), served in-process (see scripts/bench_enterprise_list.py).
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-board-only")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["SESSION_COOKIE_SECURE"] = "0"
os.environ["CSRF_COOKIE_SECURE"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")
warnings.filterwarnings("ignore", message="No directory at")

BUDGET_MS = 150


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000, help="load projects to have (default 20,000)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit(
            "DATABASE_URL is not set: give the benchmark database, e.g. postgres://postgres@127.0.0.1:5432/haimen_bench"
        )

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    prepare(args.projects)
    rows = run(args.repeat)
    load = os.getloadavg()[0]
    print(f"load average now: {load:.1f} on {os.cpu_count()} CPUs (wall times include the wait for a CPU)")
    for label, median, p95, cpu, queries, db_ms in rows:
        flag = "" if median <= BUDGET_MS else f"  (over the {BUDGET_MS} ms budget)"
        print(
            f"{label:<30} median {median:6.1f} ms  p95 {p95:6.1f} ms  cpu {cpu:5.1f} ms  "
            f"{queries} queries  db {db_ms:5.1f} ms{flag}"
        )


def prepare(projects):
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from core.load import LoadContext, ensure_officers
    from core.models import Town
    from investment import load
    from investment.models import InvestmentProject

    if not User.objects.filter(username="officer").exists():
        started = time.monotonic()
        call_command("seed_demo", force=True, json=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seed_demo: {time.monotonic() - started:.1f}s")
    have = InvestmentProject.objects.filter(note=load.LOAD_NOTE).count()
    if have < projects:
        started = time.monotonic()
        towns = list(Town.objects.all())
        # As if generate_load had added this many enterprises (the ids are not read).
        missing = round((projects - have) / load.PROJECTS_PER_ENTERPRISE)
        ctx = LoadContext(enterprises=missing, towns=towns, officers=ensure_officers(towns), progress=lambda m: None)
        ctx.new_enterprise_ids = [0] * missing
        made = load.generate(ctx)
        print(f"load projects: had {have:,}, added {made['projects']:,} in {time.monotonic() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"projects in the database: {InvestmentProject.objects.count():,}")


def run(repeat):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from core.models import IndustryChain

    chain = IndustryChain.objects.order_by("order").first()
    rows = []
    for username, label in (("staff", "局工作人员"), ("officer", "常乐镇网格员")):
        client = Client()
        client.force_login(User.objects.get(username=username))
        cases = [("全部", {}), (f"产业链 {chain.name}", {"chain": chain.pk}), ("重点", {"is_key": "true"})]
        # A reference page measured in the same minutes: on a shared machine, read the board against it.
        cases.append(("（参照：载体列表 /carriers/）", None))
        for case, query in cases:
            url = "/carriers/" if query is None else "/investment/board/" + (f"?{urlencode(query)}" if query else "")
            for _ in range(2):
                assert client.get(url).status_code == 200
            times, cpu = [], []
            for _ in range(repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            db_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            count = len(captured)
            reset_queries()
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            rows.append((f"{label} {case}", statistics.median(times), p95, statistics.median(cpu), count, db_ms))
    return rows


if __name__ == "__main__":
    main()
