#!/usr/bin/env python
"""Time of every registered KPI for one period: the district, each of the 15 towns, the by-town tables.

    createdb -h 127.0.0.1 -U postgres haimen_bench_kpi
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haimen_bench_kpi \\
        .venv/bin/python scripts/bench_kpi.py [--enterprises 50000] [--year 2023] [--period H1] [--repeat 20]

Migrates the database, runs seed_demo and generate_load when it holds fewer load enterprises
than asked (as scripts/bench_enterprise_list.py does), then times, after two warm-up runs:

- 全区: reports.selectors.compute(every KPI, period) — what `kpi --json` and /kpis/ compute;
- 每个区镇: the same for one town, for each of the 15 towns (p50/p95 over all of them);
- 15个区镇合计: the 15 town sets one after the other (what a town-by-town report would cost);
- 分区镇表: compute_by_town for every KPI (one grouped query each: the KPI pages' town tables);
- the /kpis/ page and one KPI page, in-process through the whole middleware stack (DEBUG off).

For each: median and p95 of --repeat runs in ms, the queries one run makes and their database
time. Budget (issue 10): the whole set for one period and the district in ≤ 300 ms and
≤ 2 queries per KPI. Figures are in docs/kpis.md ("Speed").
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haimen_sci.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-kpi-only")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["SESSION_COOKIE_SECURE"] = "0"
os.environ["CSRF_COOKIE_SECURE"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")
warnings.filterwarnings("ignore", message="No directory at")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--period", default="H1")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL is not set: e.g. postgres://postgres@127.0.0.1:5432/haimen_bench_kpi")

    import django

    django.setup()
    from bench_enterprise_list import prepare
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    prepare(args.enterprises)
    vacuum()
    rows, per_kpi = run(args.year, args.period, args.repeat)
    print_summary(args, rows, per_kpi)


def vacuum():
    """VACUUM the tables the KPIs count, as autovacuum has them in production: a freshly bulk-loaded
    table has no visibility map yet, so a COUNT over a date range would read every heap page
    instead of the index alone (ent.visits: ~400 ms → ~10 ms)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = ["enterprise", "visit", "poolmembership", "poolstagechange", "rdproject", "cultivationevent"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) enterprises_{table}")


def measure(fn, repeat):
    """(median ms, p95 ms, queries of one run, db ms of one run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    return statistics.median(samples), percentile95(samples), len(queries), db_ms


def percentile95(samples):
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]


def run(year, period_code, repeat):
    from django.test import Client

    from accounts.models import User
    from core.models import Town
    from reports import registry, selectors
    from reports.periods import make_period

    period = make_period(year, period_code)
    kpis = registry.all_kpis()
    towns = list(Town.objects.order_by("order"))
    rows = []
    # Warm the caches with every query once, so the first row measured is not the cold one.
    for town in [None, *towns]:
        selectors.compute(kpis, period, town)
    rows.append(("全区 (all KPIs)", *measure(lambda: selectors.compute(kpis, period), repeat)))

    # Each town's set, timed separately: p50/p95 over every (town, run).
    town_samples, town_queries = [], 0
    for town in towns:
        for _ in range(2):
            selectors.compute(kpis, period, town)
        for _ in range(max(1, repeat // 4)):
            started = time.perf_counter()
            selectors.compute(kpis, period, town)
            town_samples.append((time.perf_counter() - started) * 1000)
    _m, _p, town_queries, town_db = measure(lambda: selectors.compute(kpis, period, towns[0]), 1)
    rows.append(
        ("每个区镇 (all KPIs, one town)", statistics.median(town_samples), percentile95(town_samples), town_queries,
         town_db)
    )  # fmt: skip
    rows.append(
        ("15个区镇合计 (15 × all KPIs)", *measure(lambda: [selectors.compute(kpis, period, t) for t in towns], 3))
    )
    by_town = measure(lambda: [selectors.compute_by_town(k, period) for k in kpis], repeat)
    rows.append(("分区镇表 (compute_by_town × all KPIs)", *by_town))

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    query = {"year": year, "period": period.code}
    for label, url in [
        ("页面 /kpis/", "/kpis/"),
        ("页面 /kpis/ent.fanxing_registered/", "/kpis/ent.fanxing_registered/"),
    ]:
        assert client.get(url, query).status_code == 200
        rows.append((label, *measure(lambda url=url: client.get(url, query), max(5, repeat // 2))))

    town = next(t for t in towns if t.name == "常乐镇")
    per_kpi = [
        (
            kpi.code,
            *measure(lambda kpi=kpi: selectors.compute([kpi], period), repeat),
            measure(lambda kpi=kpi: selectors.compute([kpi], period, town), repeat)[0],
        )
        for kpi in kpis
    ]
    return rows, per_kpi


def print_summary(args, rows, per_kpi):
    from django.db import connection

    from enterprises.models import Enterprise, PoolMembership, PoolStageChange, Visit
    from reports import registry

    print(
        f"\n{connection.vendor} {connection.settings_dict['NAME']}: {Enterprise.objects.count():,} enterprises, "
        f"{Visit.objects.count():,} visits, {PoolMembership.objects.count():,} memberships, "
        f"{PoolStageChange.objects.count():,} stage changes; {len(registry.all_kpis())} KPIs; "
        f"{args.year} {args.period}; load average {os.getloadavg()[0]:.2f}\n"
    )
    header = ("what", "median ms", "p95 ms", "queries", "db ms", "常乐镇 median ms")
    table = [header] + [(name, f"{m:.1f}", f"{p:.1f}", str(q), f"{db:.0f}", "") for name, m, p, q, db in rows]
    table += [("", "", "", "", "", "")]
    table += [
        (f"  {code}", f"{m:.1f}", f"{p:.1f}", str(q), f"{db:.0f}", f"{t:.1f}") for code, m, p, q, db, t in per_kpi
    ]

    def width(text):
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max(width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip())
    district = rows[0]
    n = len(registry.all_kpis())
    ok = district[1] <= 300 and district[3] <= 2 * n
    print(f"\nbudget (district: ≤ 300 ms, ≤ {2 * n} queries): {'met' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
