"""A list's rows as cards for a phone (templates/core/object_list.html), rendered in Python.

The same cells as the table (`BoundRow.items()`: render_FOO, linkify, defaults), laid out as a
title line and `label value` lines. Which columns, per table class (all optional):

* `card_fields`: column names, the first the card's title; default: every column, the first
  the title, at most `CARD_LINES` lines below it;
* `card_actions`: columns shown as a row of buttons at the card's foot (e.g. 记走访);
* `constant_for_officer`: columns whose value is the same on every row for a town officer
  (their town, usually themselves as grid officer), left out of an officer's cards.
"""

from django.template.base import render_value_in_context
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

CARD_LINES = 5
SKIPPED = {"pk"}  # the bulk-action tick box: bulk work is done at a desk


def card_layout(table_class, user) -> dict:
    """{"fields": [...] or None (= derive from the table), "actions": [...], "hidden": {...}}."""
    hidden = set(getattr(table_class, "constant_for_officer", ()) if getattr(user, "is_officer", False) else ())
    fields = getattr(table_class, "card_fields", None)
    return {
        "fields": [name for name in fields if name not in hidden] if fields else None,
        "actions": list(getattr(table_class, "card_actions", ())),
        "hidden": hidden,
    }


def _empty(cell, column) -> bool:
    text = str(cell).strip()
    return text in ("", "—", "-") or text == str(column.default or "").strip()


def _record_url(record):
    """The record's page, so the card's title is a tap to open it (None when it has none)."""
    try:
        return record.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return None


def table_cards_html(table, layout, context) -> str:
    columns = {column.name: column for column in table.columns if column.name not in SKIPPED}
    actions = [name for name in layout["actions"] if name in columns]
    if layout["fields"]:
        names = [name for name in layout["fields"] if name in columns]
    else:
        names = [name for name in columns if name not in layout["hidden"] and name not in actions]
        names = names[: CARD_LINES + 1]
    if not names:
        return ""
    title, lines = names[0], names[1:]
    parts = []
    for row in table.paginated_rows:
        cells = {column.name: cell for column, cell in row.items() if column.name in columns}
        title_html = render_value_in_context(cells.get(title, ""), context)
        url = _record_url(row.record) if "<a " not in title_html else None
        if url:
            title_html = format_html('<a href="{}">{}</a>', url, mark_safe(title_html))  # noqa: S308
        parts.append('<div class="list-group-item list-card">')
        parts.append(f'<div class="list-card-title fw-semibold">{title_html}</div>')
        for name in lines:
            cell = cells.get(name, "")
            if _empty(cell, columns[name]):
                continue
            label = conditional_escape(columns[name].header)
            value = render_value_in_context(cell, context)
            parts.append(f'<div class="small"><span class="text-muted me-1">{label}</span>{value}</div>')
        buttons = [render_value_in_context(cells.get(name, ""), context) for name in actions]
        if any(button.strip() for button in buttons):
            parts.append(f'<div class="mt-1 d-flex flex-wrap gap-2">{"".join(buttons)}</div>')
        parts.append("</div>\n")
    if not parts and table.empty_text:
        empty = render_value_in_context(table.empty_text, context)
        parts.append(f'<div class="list-group-item text-muted text-center py-4">{empty}</div>')
    return mark_safe("".join(parts))  # noqa: S308 -- every value went through render_value_in_context
