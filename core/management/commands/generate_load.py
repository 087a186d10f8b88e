"""generate_load --enterprises N [--json]: synthetic data at scale, the other tables in proportion.

Tops up rather than duplicates: it creates load enterprises until there are N of them (none
when there already are), and each app's generator (`<app>/load.py`, see core.load) adds its
rows for the newly created enterprises only. So running it twice is harmless, and raising N
later adds just the difference.
"""

import importlib
import json as jsonlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from core import demo
from core.load import LoadContext, ensure_officers

# The enterprises app first: the others scale from the enterprises it created.
LOAD_APPS = ["enterprises", "carriers", "investment", "cooperation", "reports"]


class Command(BaseCommand):
    help = "生成压测数据：N 家企业及按比例的走访、培育库、年度数据、研发项目（已有则只补足差额）。"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, required=True, help="压测企业总数（不含演示数据）")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, enterprises, batch_size, json: bool = False, **options):
        if enterprises < 0:
            raise CommandError("--enterprises 不能为负数。")
        started = time.monotonic()
        towns = list(demo.seed_dictionaries().values())
        ctx = LoadContext(
            enterprises=enterprises,
            towns=towns,
            officers=ensure_officers(towns),
            batch_size=batch_size,
            progress=(lambda message: None) if json else (lambda message: self.stderr.write(message)),
        )
        summary = {}
        for label in LOAD_APPS:
            if not apps.is_installed(label):
                continue
            try:
                module = importlib.import_module(f"{label}.load")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.load":
                    raise
                continue
            summary[label] = module.generate(ctx)
        summary["seconds"] = round(time.monotonic() - started, 1)
        if json:
            self.stdout.write(jsonlib.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(self.style.SUCCESS(f"压测数据已就绪：{summary}"))
