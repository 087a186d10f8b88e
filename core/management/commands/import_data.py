"""import_data NAME PATH [--sheet S] [--dry-run] [--skip-errors] [--user U] [--json]; import_data --list.

Runs any registered importer (core.importing.registry) with the summary and exit codes of
import_enterprises (docs/domain.md §5): 0 when every row passed, 1 otherwise.
"""

import json as jsonlib

from django.core.management.base import CommandError

from core import importing
from core.management.importing import ImportCommand


class Command(ImportCommand):
    path_nargs = "?"  # not with --list
    help = "导入任一已登记的数据表（import_data --list 列出名称）：逐行检查，默认全部正确才写入。"

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="导入名称，如 enterprises、rd_projects")
        super().add_arguments(parser)
        parser.add_argument("--list", action="store_true", help="列出可用的导入")

    def handle(self, *args, name=None, path=None, list=False, json=False, **options):
        if list:
            found = importing.importers()
            if json:
                self.stdout.write(
                    jsonlib.dumps([{"name": k, "title": s.title} for k, s in found.items()], ensure_ascii=False)
                )
            else:
                for key, spec in found.items():
                    self.stdout.write(f"{key}\t{spec.title}")
            return
        if not name or not path:
            raise CommandError("用法：import_data NAME PATH（import_data --list 列出名称）")
        self.importer = name
        self.spec  # noqa: B018 (an unknown name fails before the file is read)
        return super().handle(*args, path=path, json=json, **options)
