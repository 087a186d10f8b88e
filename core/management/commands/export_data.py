"""export_data NAME PATH [--json]: every record of a registered importer, in its template's columns,
so that the file imports back with every row unchanged."""

from core.management.importing import ExportCommand


class Command(ExportCommand):
    help = "导出任一已登记的数据表（与导入模板列相同，可直接再导入）。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="导入名称，如 enterprises、rd_projects（import_data --list）")
        super().add_arguments(parser)

    def handle(self, *args, name, **options):
        self.importer = name
        self.spec  # noqa: B018 (an unknown name fails before anything is written)
        return super().handle(*args, **options)
