#!/usr/bin/env python
"""Server time of the enterprise list (GET /enterprises/) at scale, as bureau staff and as a town officer.

    createdb -h 127.0.0.1 -U postgres haimen_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haimen_bench \\
        .venv/bin/python scripts/bench_enterprise_list.py [--enterprises 50000] [--repeat 20]

Migrates the database, runs seed_demo and generate_load when it holds fewer load enterprises
than asked, then times each request in-process with django.test.Client — the whole middleware
stack, the filter, the count, the page query and the template, without the network — after
two warm-up requests. Prints the median and p95 of --repeat requests, the rows the filter
matches, the queries one request makes and their database time ("db ms"; the rest is Python
and the template). Filters the list does not have yet are listed as "filter not available"
instead of failing, so the script runs while the list grows.

Figures (50,994 enterprises, 297,983 visits; 2 shared cores, so note `uptime`; median ms of
the 20 requests, "before" = 3bfe451, "after" = the Python table rows, widget renderer and
choice-label dict of docs/architecture.md "Performance"):

    load ~1.0 (one run each)            before        after
    局工作人员 全部 第1页                  206           76
    局工作人员 其他 7 个查询              92–215        76–93
    常乐镇网格员 全部 第1页                159           59
    常乐镇网格员 其他 7 个查询            26–166        23–70

    load 2.1–3.2 (before/after interleaved, 3 runs each; median of the 3 medians, worst p95)
    局工作人员 全部 第1页                  307 (p95 848)  121 (p95 179)
    局工作人员 重点企业 is_key             316 (p95 405)   83 (p95 139)
    局工作人员 90天未走访                  335 (p95 428)   98 (p95 213)
    常乐镇网格员 全部 第1页                219 (p95 280)   63 (p95 214)

Queries per request are unchanged (8–10) and database time stays 3–40 ms, except a rare
name (q=澳斯康): ~45 ms in two sequential scans, as `LIKE '%…%'` cannot use a btree index.
cProfile of 10 staff page-1 requests: 2.95 M function calls before, 1.50 M after.
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
os.environ.setdefault("SECRET_KEY", "bench-enterprise-list-only")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["SESSION_COOKIE_SECURE"] = "0"
os.environ["CSRF_COOKIE_SECURE"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic, none needed here


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=50_000, help="load enterprises to have (default 50,000)")
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
    prepare(args.enterprises)
    rows = run(args.repeat)
    print_table(rows)


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


def cases(user):
    """(label, query) pairs; the town is the officer's own, so both users ask for the same kind of page."""
    from core.models import Town

    town = user.town or Town.objects.get(name="常乐镇")
    return [
        ("全部 第1页", {}),
        ("全部 第50页", {"page": "50"}),
        (f"区镇 town={town.short_name}", {"town": str(town.pk)}),
        ("搜索 q=科技", {"q": "科技"}),
        ("搜索 q=澳斯康", {"q": "澳斯康"}),
        ("重点企业 is_key", {"is_key": "true"}),
        ("90天未走访 not_visited_days=90", {"not_visited_days": "90"}),
        ("强基拟申报 pool=qiangji&stage=candidate", {"pool": "qiangji", "stage": "candidate"}),
    ]


def run(repeat):
    from django.test import Client, RequestFactory
    from django.urls import reverse

    from accounts.models import User
    from core.testing import captured_queries
    from enterprises import selectors
    from enterprises.filters import EnterpriseFilterSet

    url = reverse("enterprises:enterprise_list")
    available = set(EnterpriseFilterSet.base_filters) | {"page"}
    results = []
    for username, label in [("staff", "局工作人员"), ("officer", "常乐镇网格员")]:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for name, query in cases(user):
            missing = sorted(set(query) - available)
            if missing:
                note = f"filter not available: {', '.join(missing)}"
                results.append((label, name, None, None, None, None, None, note))
                continue
            request = RequestFactory().get(url, query)
            request.user = user
            filterset = EnterpriseFilterSet(request.GET, queryset=selectors.enterprise_list(user), request=request)
            matched = filterset.qs.count()
            for _ in range(2):
                response = client.get(url, query)
            if response.status_code != 200:
                results.append((label, name, matched, None, None, None, None, f"HTTP {response.status_code}"))
                continue
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url, query)
                samples.append((time.perf_counter() - started) * 1000)
            queries = captured_queries(client, f"{url}?{urlencode(query)}" if query else url)
            p95 = statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]
            db_ms = sum(float(q["time"]) for q in queries) * 1000
            results.append((label, name, matched, statistics.median(samples), p95, len(queries), db_ms, ""))
    return results


def print_table(rows):
    from django.db import connection

    from enterprises.models import Enterprise, Visit

    print(
        f"\n{connection.vendor} {connection.settings_dict['NAME']}: "
        f"{Enterprise.objects.count():,} enterprises, {Visit.objects.count():,} visits\n"
    )
    header = ("user", "request", "rows", "median ms", "p95 ms", "queries", "db ms", "note")
    table = [header] + [
        (
            user,
            name,
            "" if matched is None else f"{matched:,}",
            "" if median is None else f"{median:.1f}",
            "" if p95 is None else f"{p95:.1f}",
            "" if queries is None else str(queries),
            "" if db_ms is None else f"{db_ms:.0f}",
            note,
        )
        for user, name, matched, median, p95, queries, db_ms, note in rows
    ]

    def width(text):  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max(width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip())


if __name__ == "__main__":
    main()
