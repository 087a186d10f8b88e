"""load_reference_data [--overwrite] [--json]: towns, industry chains and directions, targets from fixtures/."""

import json as jsonlib

from django.core.management.base import BaseCommand

from core.reference import load_reference_data


class Command(BaseCommand):
    help = "Create the reference data of fixtures/ that is missing (existing rows keep their admin edits)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite", action="store_true", help="put existing rows back to the files' values (undoes admin edits)"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, overwrite: bool, json: bool = False, **options):
        result = load_reference_data(overwrite=overwrite)
        summary = {"towns": len(result["towns"]), "created": result["created"], "updated": result["updated"]}
        if json:
            self.stdout.write(jsonlib.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(self.style.SUCCESS(f"基础数据已就绪：{summary}"))
