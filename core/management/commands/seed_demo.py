"""seed_demo [--password P] [--force] [--json]: towns, chains, 2023 targets, demo users and demo data."""

import importlib
import json as jsonlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import demo
from core.changelog import acting_as

# Each app may have demo.py with seed(users=..., towns=..., year=...) -> dict of counts.
DEMO_APPS = ["enterprises", "carriers", "investment", "cooperation", "reports"]


class Command(BaseCommand):
    help = "Load the demo dictionaries, users and the H1 2023 demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="Haimen@2023")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, password, force, json: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo 会写入演示数据；生产环境（DEBUG 关闭）请加 --force 确认。")
        towns = demo.seed_dictionaries()
        users = demo.seed_users(password, towns)
        summary = {"towns": len(towns), "users": sorted(users)}
        with acting_as(users["admin"], batch="seed_demo"):
            for label in DEMO_APPS:
                if not apps.is_installed(label):
                    continue
                try:
                    module = importlib.import_module(f"{label}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{label}.demo":
                        raise
                    continue
                summary[label] = module.seed(users=users, towns=towns, year=2023)
        if json:
            self.stdout.write(jsonlib.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(self.style.SUCCESS(f"演示数据已就绪：{summary}"))
            self.stdout.write(
                f"演示账号（密码 {password}）：admin 区科技局系统管理员 / staff 区科技局工作人员 / "
                "leader 区领导/局领导 / officer 常乐镇 区镇科技网格员；"
                "其他区镇网格员 grid_<区镇拼音>（如 grid_sanxing 三星镇）"
            )
