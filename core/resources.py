"""django-import-export glue: the admin's import/export buttons use the same reading layer and
the same cell parsers as the portal's importer, and every export escapes formula-like cells.

django-import-export reads files with tablib, which knows neither GB18030 CSV nor a header
below title rows, and imports row by row. So (docs/importing.md):
- `spreadsheet_format(spec)` is an import format that reads through core.spreadsheets, then
  hands tablib a clean Dataset with the template's headers;
- `SpecWidget` cleans a cell with the ImportColumn's own parser (full-width digits, 万元, dates);
- `SafeModelResource.export_field` escapes text beginning with = + - @ (formula injection);
- big files go through core.importing (bulk writes), not through a Resource.
"""

import tablib
from import_export import resources, widgets
from import_export.formats import base_formats

from .exports import FORMULA_PREFIXES
from .importing import display_value
from .spreadsheets import SpreadsheetError, read_table


class SpecWidget(widgets.Widget):
    """A cell read with an import column's parser; `blank` is what an empty cell becomes."""

    def __init__(self, parse, *, blank=None, render=display_value):
        super().__init__(coerce_to_string=True)
        self.parse = parse
        self.blank = blank
        self._render = render

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.blank
        try:
            parsed = self.parse(value)
        except ValueError as exc:
            raise ValueError(f"“{value}”{exc}") from exc
        return self.blank if parsed is None else parsed

    def render(self, value, obj=None, **kwargs):
        return self._render(value)


class SafeModelResource(resources.ModelResource):
    """A ModelResource whose exports never carry a live formula."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value


def spreadsheet_format(spec):
    """An import format for the admin that reads like the portal does (header detection, aliases,
    GBK CSV, hidden sheets, size limits) and yields a Dataset headed by the template labels."""

    class SpreadsheetFormat(base_formats.Format):
        def get_title(self):
            return "Excel / CSV"

        def create_dataset(self, in_stream):
            data = in_stream if isinstance(in_stream, bytes | bytearray) else in_stream.read()
            try:
                table = read_table(data, filename="upload", columns=spec.column_specs())
            except SpreadsheetError as exc:
                raise ValueError(exc.message) from exc
            keys = list(table.columns)
            dataset = tablib.Dataset(headers=[spec.column(k).label for k in keys])
            for row in table.rows:
                dataset.append([row.values[k] for k in keys])
            return dataset

        def is_binary(self):
            return True

        def get_read_mode(self):
            return "rb"

        def get_extension(self):
            return "xlsx"

        def can_import(self):
            return True

        def can_export(self):
            return False

    return SpreadsheetFormat
