"""build_report --year Y (--half 1|2 | --full-year | --month M) --output PATH [--json]

Builds the work summary (or the monthly brief) synchronously with the same code the Celery task
runs (reports.summary.build), writing PATH (.docx) and the appendix beside it (PATH with .xlsx).
Exit 1 with a Chinese message on bad arguments.
"""

import json as jsonlib
import shutil
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.periods import PeriodError, make_period
from reports.summary import build


class Command(BaseCommand):
    help = "生成半年/全年工作总结（Word）和指标附表（Excel），与后台任务同一套代码。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--half", type=int, choices=[1, 2])
        which.add_argument("--full-year", action="store_true", help="全年工作总结和明年工作打算")
        which.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", help="指标月报")
        parser.add_argument("--output", required=True, help="Word 文件路径（附表写在同名 .xlsx）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, year, half, full_year, month, output, json=False, **options):
        code = "Y" if full_year else f"M{month:02d}" if month else f"H{half}"
        try:
            make_period(year, code)
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        target = Path(output)
        if target.suffix.lower() != ".docx":
            target = target.with_suffix(".docx")
        target.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        workdir = Path(tempfile.mkdtemp(prefix="build-report-"))
        try:
            built = build.build_monthly(year, month, workdir) if month else build.build_summary(year, code, workdir)
            shutil.move(built.docx, target)
            xlsx = target.with_suffix(".xlsx")
            shutil.move(built.xlsx, xlsx)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        seconds = round(time.monotonic() - started, 2)
        if json:
            self.stdout.write(
                jsonlib.dumps(
                    {"year": year, "period": code, "docx": str(target), "xlsx": str(xlsx), "seconds": seconds},
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(f"已生成 {target} 和 {xlsx}（{seconds} 秒）")
