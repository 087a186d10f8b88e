"""Benchmark of the enterprise import and export (not a test: numbers depend on the machine).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haimen_bench_import .venv/bin/python scripts/bench_import.py

The database named in DATABASE_URL is dropped and created again, so its name must contain
"bench". Steps, each in a fresh Python process so its peak memory is its own:

1. build a 50,000-row xlsx of the import template (every column filled);
2. the portal importer, end to end: read + plan (check every row) + apply (bulk writes,
   change log) into the empty database;
3. the same file again (every row unchanged: nothing written);
4. export of the 50,000 enterprises to xlsx in the template's layout (streamed);
5. the baseline: a plain django-import-export ModelResource (enterprises.resources), row by
   row, reading the file with tablib. It is slow, so it runs on the first 5,000 rows and the
   50,000-row figure is extrapolated linearly (labelled as such).

Memory is the peak resident set size of each process (resource.getrusage ru_maxrss), which
includes the interpreter and Django (about 70-90 MB, shown as "baseline RSS").
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
BASELINE_ROWS = int(os.environ.get("BENCH_BASELINE_ROWS", "5000"))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haimen_sci.settings")
    import django

    django.setup()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


# ---------------------------------------------------------------- steps run in child processes


def step_build(path: str, rows: int) -> dict:
    setup_django()
    from core import importing
    from core.demo_codes import credit_code
    from core.reference import read_fixture
    from enterprises.importers import ENTERPRISE_IMPORT
    from enterprises.models import CERTIFIED_STAGES, POOL_STAGES, Pool, TechField

    rng = random.Random(2023)
    towns = [t["name"] for t in read_fixture("towns.json")]
    fields = list(TechField.labels)
    pools = list(Pool)

    def row(i):
        pool = pools[i % 3]
        stage = rng.choice([s for s in POOL_STAGES[pool] if s not in CERTIFIED_STAGES] or POOL_STAGES[pool])
        employees = rng.randint(10, 800)
        revenue = round(rng.uniform(100, 50000), 2)
        return [
            f"海门测试{i:05d}科技有限公司",
            credit_code(30_000_000 + i),
            towns[i % len(towns)],
            date(2000, 1, 1) + timedelta(days=rng.randint(0, 8000)),
            round(rng.uniform(50, 10000), 2),
            "专用设备制造业",
            str(fields[i % len(fields)]),
            employees,
            rng.randint(1, employees),
            revenue,
            round(revenue * rng.uniform(0.01, 0.08), 2),
            round(revenue * rng.uniform(0.3, 0.9), 2),
            rng.randint(0, 5),
            rng.randint(0, 30),
            "张三",
            f"138{i:08d}",
            str(pool.label),
            str(stage.label),
            2023,
            None,
            None,
        ]

    started = time.perf_counter()
    with open(path, "wb") as handle:
        importing.write_workbook(handle, ENTERPRISE_IMPORT, rows=(row(i) for i in range(rows)))
    return {"seconds": time.perf_counter() - started, "bytes": os.path.getsize(path)}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def backend_cpu_seconds() -> float:
    """CPU used so far by this connection's PostgreSQL backend (same machine: /proc)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def step_import(path: str) -> dict:
    setup_django()
    baseline = rss_mb()
    from core.importing import apply_import, plan_import, read_upload
    from enterprises.importers import ENTERPRISE_IMPORT

    db_cpu = backend_cpu_seconds()
    cpu = cpu_seconds()
    t0 = time.perf_counter()
    table = read_upload(path, filename=os.path.basename(path), spec=ENTERPRISE_IMPORT)
    t1 = time.perf_counter()
    plan = plan_import(table, ENTERPRISE_IMPORT, None, source_name="bench.xlsx")
    t2 = time.perf_counter()
    result = apply_import(plan, None)
    t3 = time.perf_counter()
    return {
        "read": t1 - t0,
        "plan": t2 - t1,
        "apply": t3 - t2,
        "seconds": t3 - t0,
        "cpu": cpu_seconds() - cpu,
        "db_cpu": backend_cpu_seconds() - db_cpu,
        "counts": result.counts,
        "rss_mb": rss_mb(),
        "baseline_rss_mb": baseline,
    }


def step_export(path: str) -> dict:
    setup_django()
    baseline = rss_mb()
    from core import importing
    from enterprises.importers import ENTERPRISE_IMPORT
    from enterprises.models import Enterprise

    started = time.perf_counter()
    ctx = importing.make_context(ENTERPRISE_IMPORT, None)
    with open(path, "wb") as handle:
        rows = importing.write_workbook(
            handle,
            ENTERPRISE_IMPORT,
            rows=ENTERPRISE_IMPORT.export_rows(Enterprise.objects.all()),
            choices=ENTERPRISE_IMPORT.choices(ctx),
        )
    return {"seconds": time.perf_counter() - started, "rows": rows, "rss_mb": rss_mb(), "baseline_rss_mb": baseline}


def step_baseline(path: str, rows: int) -> dict:
    """The plain row-by-row ModelResource, tablib reading the xlsx, on the first `rows` rows."""
    setup_django()
    baseline = rss_mb()
    import tablib

    from enterprises.resources import EnterpriseResource

    started = time.perf_counter()
    with open(path, "rb") as handle:
        full = tablib.Dataset().load(handle.read(), format="xlsx")
    dataset = tablib.Dataset(*full[:rows], headers=full.headers)
    del full
    read = time.perf_counter() - started
    result = EnterpriseResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    return {
        "read": read,
        "seconds": seconds,
        "rows": len(dataset),
        "totals": dict(result.totals),
        "errors": result.has_errors() or result.has_validation_errors(),
        "rss_mb": rss_mb(),
        "baseline_rss_mb": baseline,
    }


def step_reset() -> dict:
    """Drop and create the bench database, migrate, load the towns."""
    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    import psycopg2

    admin = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    setup_django()
    from django.core.management import call_command

    from core.demo import seed_dictionaries

    call_command("migrate", verbosity=0)
    seed_dictionaries()
    return {}


def step_truncate() -> dict:
    setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE enterprises_enterprise, enterprises_enterpriseyear, enterprises_poolmembership, "
            "enterprises_poolstagechange, auditlog_logentry CASCADE"
        )
    return {}


STEPS = {
    "build": step_build,
    "import": step_import,
    "export": step_export,
    "baseline": step_baseline,
    "reset": step_reset,
    "truncate": step_truncate,
}


def child(step: str, *args) -> dict:
    """Run one step in a fresh interpreter; its JSON result comes back on the last stdout line."""
    proc = subprocess.run(
        [sys.executable, __file__, "--step", step, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env=os.environ,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"step {step} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or "bench" not in urlparse(url).path:
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench' (it is recreated).")
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    source = workdir / f"enterprises-{ROWS}.xlsx"
    exported = workdir / "export.xlsx"

    print(f"Benchmark: {ROWS:,} rows, database {urlparse(url).path.lstrip('/')}, files in {workdir}")
    print(f"machine: {os.cpu_count()} CPUs, load average at start {os.getloadavg()[0]:.2f}")
    child("reset")
    built = child("build", source, ROWS)
    print(f"template file built: {built['bytes'] / 1e6:.1f} MB in {built['seconds']:.1f} s")

    ours = child("import", source)
    print(f"portal importer: {ours['counts']}")
    again = child("import", source)
    export = child("export", exported)
    child("truncate")
    base = child("baseline", source, BASELINE_ROWS)
    factor = ROWS / base["rows"]
    base_write = base["seconds"] - base["read"]
    # tablib reads the whole file before the first rows are taken: the read is measured on all
    # of it, only the row-by-row writing is extrapolated.
    base_total = base["read"] + base_write * factor

    print()
    print(f"{'':44}{'portal importer':>20}{'ModelResource':>22}")
    print(f"{'rows written':44}{ROWS:>20,}{base['rows']:>22,}")
    print(f"{f'read the {ROWS:,}-row file (s)':44}{ours['read']:>20.1f}{base['read']:>22.1f}")
    print(f"{'check every row (s)':44}{ours['plan']:>20.1f}{'(row by row)':>22}")
    print(f"{'write (s)':44}{ours['apply']:>20.1f}{base_write:>22.1f}")
    print(f"{f'total for {ROWS:,} rows (s)':44}{ours['seconds']:>20.1f}{base_total:>15.1f} (est.*)")
    print(f"{'rows written per second':44}{ROWS / ours['seconds']:>20,.0f}{base['rows'] / base_write:>22,.0f}")
    print(f"{'peak RSS (MB)':44}{ours['rss_mb']:>20.0f}{base['rss_mb']:>22.0f}")
    print(
        f"{'baseline RSS after django.setup() (MB)':44}{ours['baseline_rss_mb']:>20.0f}{base['baseline_rss_mb']:>22.0f}"
    )
    print(f"{'ratio (ModelResource time / portal time)':44}{base_total / ours['seconds']:>20.1f}x")
    print(
        f"portal importer CPU time: Python process {ours['cpu']:.1f} s, its PostgreSQL backend "
        f"{ours['db_cpu']:.1f} s (they overlap in part; wall {ours['seconds']:.1f} s)"
    )
    print(f"* read measured; writing measured on {base['rows']:,} rows ×{factor:g}; the ModelResource writes only the")
    print("  enterprise's own 11 columns, the portal importer all 21 (yearly figures, pool membership, stage history).")
    print(f"  ModelResource result: {base['totals']}, errors: {base['errors']}")
    print()
    print(
        f"re-import of the same file (all {again['counts']['unchanged']:,} unchanged, nothing written): "
        f"{again['seconds']:.1f} s (read {again['read']:.1f}, check {again['plan']:.1f}, apply {again['apply']:.1f}), "
        f"peak RSS {again['rss_mb']:.0f} MB"
    )
    print(
        f"export of {export['rows']:,} enterprises to xlsx (streamed): {export['seconds']:.1f} s, "
        f"peak RSS {export['rss_mb']:.0f} MB"
    )
    print()
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    verdict = [
        ("import ≤ 20 s", ours["seconds"] <= 20),
        ("import peak memory ≤ 500 MB", ours["rss_mb"] <= 500),
        ("export ≤ 10 s", export["seconds"] <= 10),
    ]
    print("  ".join(f"{label}: {'yes' if ok else 'NO'}" for label, ok in verdict))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--step":
        result = STEPS[sys.argv[2]](*[int(a) if a.isdigit() else a for a in sys.argv[3:]])
        print(json.dumps(result, default=str))
    else:
        main()
