"""import_enterprises PATH [--sheet NAME] [--dry-run] [--skip-errors] [--user NAME] [--json] (docs/domain.md §5)."""

from core.management.importing import ImportCommand


class Command(ImportCommand):
    help = "导入企业名单：逐行检查，默认全部正确才写入；打印新增/更新/不变/跳过/错误。"
    importer = "enterprises"
