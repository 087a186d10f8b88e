"""Benchmark of the work summary build (not a test: numbers depend on the machine).

    DATABASE_URL=postgres://... .venv/bin/python scripts/bench_report.py [--year 2023] [--period H1] [--runs 3]

Runs on the database as it is (after `seed_demo` and `generate_load --enterprises 50000`, the
scale of docs/kpis.md): the same build the Celery task and `build_report` run — every KPI for the
period and the same period last year, every KPI by town, the .docx and the .xlsx — timed
phase by phase, plus the monthly brief. Budget: a summary build ≤ 30 s. Prints JSON.

Measured (50,994 enterprises, 297,456 visits, 17 KPIs, load average ≈ 10 on 2 CPUs): 2023 H1
summary 1.4–2.1 s over 3 runs, monthly brief 2.5 s.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--period", default="H1", choices=["H1", "H2", "Y"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haimen_sci.settings")
    import django

    django.setup()

    from enterprises.models import Enterprise, Visit
    from reports.summary import build

    scale = {"enterprises": Enterprise.objects.count(), "visits": Visit.objects.count()}
    totals, phases = [], []
    for _run in range(args.runs):
        marks = []
        started = time.monotonic()

        def progress(phase, percent, marks=marks, started=started):
            marks.append((phase, round(time.monotonic() - started, 2)))

        with tempfile.TemporaryDirectory() as folder:
            build.build_summary(args.year, args.period, Path(folder), progress=progress)
            totals.append(round(time.monotonic() - started, 2))
            phases.append(marks)
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        build.build_monthly(args.year, 6, Path(folder))
        monthly = round(time.monotonic() - started, 2)
    print(
        json.dumps(
            {
                "scale": scale,
                "period": f"{args.year} {args.period}",
                "summary_seconds": totals,
                "summary_best": min(totals),
                "phases_of_last_run": phases[-1],
                "monthly_seconds": monthly,
                "budget_seconds": 30,
                "within_budget": max(totals) <= 30,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
