"""The body of a django-tables2 table rendered in Python (templates/django_tables2/portal.html).

django-tables2's own template renders every cell through the template engine: a `{% for %}`
over `row.items`, `column.attrs.td.as_html` (which recomputes the column's attributes for each
cell) and three `{% if column.localize %}` tests. On a 50-row list that was most of the page's
server time. `table_rows_html` writes the same `<tr>`/`<td>` markup directly:

* each cell's value still comes from `BoundRow.items()` (render_FOO, linkify, get_FOO_display,
  defaults, `Column.localize` — everything a Column does);
* a column's `<td>` attributes are worked out once per table when neither the table's nor the
  column's attrs hold a callable (and the table keeps django-tables2's get_column_class_names),
  and per cell (with `record`/`value`, as django-tables2 does) otherwise;
* the value is written as `{{ cell }}` would write it (localised, escaped unless safe).
"""

from django.template.base import render_value_in_context
from django.templatetags.l10n import localize as localize_filter
from django.templatetags.l10n import unlocalize as unlocalize_filter
from django.utils.safestring import mark_safe
from django_tables2 import Table
from django_tables2.rows import BoundRow


def _has_callable(value) -> bool:
    if callable(value):
        return True
    if isinstance(value, dict):
        return any(_has_callable(v) for v in value.values())
    return False


def _attrs_html(attrs) -> str:
    html = attrs.as_html()
    return f" {html}" if html else ""


def _td_attrs(bound_column):
    """The column's ` class="…"` for every cell, or None when it depends on the row."""
    column_attrs = bound_column.column.attrs
    table = bound_column._table
    table_attrs = table.attrs
    if type(table).get_column_class_names is not Table.get_column_class_names:
        return None  # the table's own class names may look at the current row
    if _has_callable(column_attrs) or any(
        _has_callable(table_attrs.get(key)) for key in ("td", "cell") if key not in column_attrs
    ):
        return None
    return _attrs_html(bound_column.attrs["td"])


def table_rows_html(table, context) -> str:
    """The `<tr>`s of the table's current page (or its empty text), as the stock template writes them."""
    columns = list(table.columns)
    td_attrs = {column.name: _td_attrs(column) for column in columns}
    static_row_attrs = not table.row_attrs
    parts = []
    for row in table.paginated_rows:
        if static_row_attrs and type(row) is BoundRow:  # a pinned row has classes of its own
            parts.append(f'<tr class="{row.get_even_odd_css_class()}">')
        else:
            parts.append(f"<tr{_attrs_html(row.attrs)}>")
        for column, cell in row.items():
            attrs = td_attrs[column.name]
            if attrs is None:
                attrs = _attrs_html(column.attrs["td"])
            localize = column.localize
            if localize is not None:
                cell = localize_filter(cell) if localize else unlocalize_filter(cell)
            parts.append(f"<td{attrs}>{render_value_in_context(cell, context)}</td>")
        parts.append("</tr>\n")
    if not parts and table.empty_text:
        empty = render_value_in_context(table.empty_text, context)
        parts.append(f'<tr><td colspan="{len(columns)}">{empty}</td></tr>')
    return mark_safe("".join(parts))  # noqa: S308 -- every value went through render_value_in_context
