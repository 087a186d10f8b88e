"""`{% table_rows table %}`: a table's body rows rendered in Python (see core.perf.tables)."""

from django import template

from core.perf.tables import table_rows_html

register = template.Library()


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    return table_rows_html(table, context)
