"""The import/export commands (docs/domain.md §5): `import_data NAME PATH …` and `export_data NAME PATH`
run any registered importer (core.importing.registry); `import_data --list` names them.

An app may keep a command of its own (import_enterprises) as a thin wrapper:

class Command(ImportCommand):
    importer = "enterprises"
"""

import json as jsonlib

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core import importing, scope, services


def _importer(name):
    try:
        return importing.get_importer(name)
    except KeyError:
        names = "、".join(importing.importers())
        raise CommandError(f"没有名为“{name}”的导入（可用：{names}；import_data --list 列出全部）") from None


class ImportCommand(BaseCommand):
    """PATH [--sheet NAME] [--dry-run] [--skip-errors] [--user NAME] [--json]; exit 1 if any row failed."""

    importer = ""  # the registered importer's name
    path_nargs = None  # "?" where PATH may be left out (import_data --list)

    @property
    def spec(self) -> importing.ImportSpec:
        return _importer(self.importer)

    def add_arguments(self, parser):
        parser.add_argument("path", nargs=self.path_nargs, help="xlsx / xlsm / xls / csv")
        parser.add_argument("--sheet", help="读取的工作表（默认：第一个含表头的可见工作表）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--skip-errors", action="store_true", help="导入正确的行，跳过有错误的行")
        parser.add_argument("--user", help="以该用户的身份导入（变更记录的操作人；区镇网格员只能导入本区镇）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, path, sheet=None, dry_run=False, skip_errors=False, user=None, json=False, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"没有用户“{user}”")
            if not scope.can_import(actor):
                raise CommandError(f"用户“{user}”没有导入权限")
        summary, ok = services.import_run_cli(
            spec=self.spec, path=path, sheet=sheet, dry_run=dry_run, skip_errors=skip_errors, user=actor
        )
        if json:
            self.stdout.write(jsonlib.dumps(summary, ensure_ascii=False))
        else:
            self._print(summary, path)
        if not ok:
            rows = len({e["row"] for e in summary["errors"]})
            whole_file = any(e["row"] is None for e in summary["errors"])
            if whole_file:
                message = summary["errors"][0]["message"]
            elif dry_run:
                message = f"{rows}行未通过检查（--dry-run：未写入任何数据）"
            elif skip_errors:
                message = f"{rows}行未通过检查，已跳过；其余的行已导入"
            else:
                message = f"{rows}行未通过检查，没有写入任何数据（加 --skip-errors 可只导入正确的行）"
            raise CommandError(message, returncode=1)

    def _print(self, summary, path):
        self.stdout.write(
            f"{self.spec.title} {path}：新增 {summary['new']}，更新 {summary['updated']}，"
            f"不变 {summary['unchanged']}，跳过 {summary['skipped']}，错误 {len(summary['errors'])} 处"
        )
        for error in summary["errors"]:
            where = f"第{error['row']}行 {error['column']}：" if error["row"] is not None else ""
            self.stdout.write(f"  {where}{error['message']}")
        for warning in summary.get("warnings", []):
            self.stdout.write(f"  提示：{warning}")


class ExportCommand(BaseCommand):
    """PATH [--json]: every record, in the import template's layout (imports back unchanged)."""

    importer = ""

    @property
    def spec(self) -> importing.ImportSpec:
        return _importer(self.importer)

    def add_arguments(self, parser):
        parser.add_argument("path", help="xlsx file to write")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, path, json=False, **options):
        ctx = importing.make_context(self.spec, None)
        queryset = self.spec.model.objects.all()
        try:
            with open(path, "wb") as handle:
                rows = importing.write_workbook(
                    handle, self.spec, rows=self.spec.export_rows(queryset), choices=self.spec.choices(ctx)
                )
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc.strerror}") from exc
        if json:
            self.stdout.write(jsonlib.dumps({"path": path, "rows": rows}, ensure_ascii=False))
        else:
            self.stdout.write(self.style.SUCCESS(f"已导出{rows}行{self.spec.title}到 {path}"))
