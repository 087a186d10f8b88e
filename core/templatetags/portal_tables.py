"""`{% table_rows table %}`: a table's body rows rendered in Python (see core.perf.tables)."""

from django import template

from core.perf.tables import table_rows_html

register = template.Library()


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    return table_rows_html(table, context)


@register.simple_tag(takes_context=True)
def table_cards(context, table, layout):
    """The rows of the table's current page as phone cards (see core.perf.cards)."""
    from core.perf.cards import table_cards_html

    return table_cards_html(table, layout, context)
