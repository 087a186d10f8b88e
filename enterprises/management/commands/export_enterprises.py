"""export_enterprises PATH [--json]: the enterprise list in the import template's columns (docs/domain.md §5)."""

from core.management.importing import ExportCommand


class Command(ExportCommand):
    help = "导出全部企业（与导入模板列相同，可直接再导入）。"
    importer = "enterprises"
