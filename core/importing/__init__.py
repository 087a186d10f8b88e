"""The import engine every spreadsheet importer shares: column spec → row validation → bulk upsert.

Layers, from the uploaded bytes to the database (docs/importing.md says more):

1. ``core.spreadsheets.read_table`` turns an upload into a ``Table``: the sheet and header
   found (title rows, aliases, hidden sheets, GBK CSV), whole-file problems refused.
2. An ``ImportSpec`` (``spec.py``; one per importer, registered by name in ``registry.py``)
   says what a row means: its ``ImportColumn``s with a parser per cell (``parsers.py``),
   cross-field checks, how existing records are fetched for a chunk of keys, and the
   ``Write``s a row asks for. ``ModelImportSpec`` (``model_spec.py``) derives the columns from
   model fields and upserts on a natural key, so an ordinary importer is a screen of code.
3. ``plan_import`` (``engine.py``) validates every row without writing: every error with its
   row number, column and value, the rows classified new / updated / unchanged / skipped.
4. ``apply_import`` compares the checked rows with the database again inside one
   transaction and writes each chunk in bulk (``writer.py`` on ``core.perf.bulk``: COPY on
   PostgreSQL), one change-log entry per written row, all under one batch id.
5. ``workbooks.py``: the template, the export in its layout, the error report.

The web flow (``core.views.imports``, mounted by ``core.routing.import_urls``), the run
history (``ImportRun``), the Celery task (``core.tasks.import_run_task``) and the commands
(``import_data`` / ``export_data``) are shared by every registered importer.
"""

from .engine import (
    BACKGROUND_ROWS,
    CHUNK_SIZE,
    ERROR_CAP,
    PHASE_CHECK,
    PHASE_READ,
    PHASE_WRITE,
    SAMPLE_SIZE,
    ImportAborted,
    ImportPlan,
    RowError,
    apply_import,
    make_context,
    plan_import,
    prepare_plan,
    read_upload,
)
from .model_spec import ModelImportSpec, field_column
from .registry import get_importer, importers, register
from .spec import ImportColumn, ImportContext, ImportSpec, RowRejected, Write, display_value
from .workbooks import write_error_report, write_workbook
from .writer import BulkWriter

__all__ = [
    "BACKGROUND_ROWS",
    "CHUNK_SIZE",
    "ERROR_CAP",
    "PHASE_CHECK",
    "PHASE_READ",
    "PHASE_WRITE",
    "SAMPLE_SIZE",
    "BulkWriter",
    "ImportAborted",
    "ImportColumn",
    "ImportContext",
    "ImportPlan",
    "ImportSpec",
    "ModelImportSpec",
    "RowError",
    "RowRejected",
    "Write",
    "apply_import",
    "display_value",
    "field_column",
    "get_importer",
    "importers",
    "make_context",
    "plan_import",
    "prepare_plan",
    "read_upload",
    "register",
    "write_error_report",
    "write_workbook",
]
