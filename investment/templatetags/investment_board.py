"""The board's cards, written in Python: 100 cards through the template engine cost ~150 ms of a
~200 ms page (each a dozen tags, three {% url %}), the same HTML from here a few ms
(scripts/bench_board.py; the same reasoning as core/perf/tables.py for list rows)."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import PROJECT_WORKFLOW, ProjectStage

register = template.Library()

PLACEHOLDER = 999999999


@register.simple_tag
def board_cards(column, may_move, board_query=""):
    """The cards of one column: title (to the project), badges, town · chain · owner, date, and the
    moves allowed from this column as buttons (htmx) — the same moves the drag and drop offers."""
    detail = reverse("investment:investmentproject_detail", args=[PLACEHOLDER])
    move = reverse("investment:board_move", args=[PLACEHOLDER])
    query = f"?{board_query}" if board_query else ""
    key_label, nt_label = escape(_("重点")), escape(_("南通"))
    key_title, nt_title = escape(_("重点科创项目")), escape(_("南通市科创项目"))
    targets = " ".join(str(s) for s in column.targets)
    buttons = []
    if may_move:
        for stage in column.targets:
            css = "btn-outline-secondary" if stage == ProjectStage.DROPPED else "btn-outline-primary"
            icon = "bi-x" if stage == ProjectStage.DROPPED else "bi-arrow-right"
            label = escape(PROJECT_WORKFLOW.label(stage))
            buttons.append((str(stage), css, icon, label))
    move_to = escape(_("移到"))
    out = []
    for p in column.cards:
        pk = str(p.pk)
        move_url = escape(move.replace(str(PLACEHOLDER), pk) + query)
        name = escape(p.name)
        badges = ""
        if p.is_key:
            badges += f'<span class="badge text-bg-warning" title="{key_title}">{key_label}</span>'
        if p.nt_recognized_on:
            badges += f'<span class="badge text-bg-success" title="{nt_title}">{nt_label}</span>'
        meta = f"{escape(p.town_name)} · {escape(p.chain_name)}"
        if p.owner_id:
            meta += f" · {escape(p.owner_name)}"
        moves = ""
        if buttons:
            parts = []
            for stage, css, icon, label in buttons:
                parts.append(
                    f'<button type="button" class="btn btn-sm py-0 px-1 {css}" hx-post="{move_url}" '
                    f'hx-vals=\'{{"to_stage": "{stage}", "seen_stage": "{escape(p.stage)}"}}\' '
                    f'hx-target="#board" hx-swap="outerHTML" aria-label="{name} {move_to}{label}">'
                    f'<i class="bi {icon}"></i> {label}</button>'
                )
            moves = f'<div class="board-card-moves d-flex flex-wrap gap-1 mt-1">{"".join(parts)}</div>'
        out.append(
            f'<article class="card board-card{" is-key" if p.is_key else ""}" data-id="{pk}" '
            f'data-stage="{escape(p.stage)}" data-targets="{targets}" data-move-url="{move_url}">'
            f'<div class="card-body p-2"><div class="d-flex align-items-start gap-1">'
            f'<a class="board-card-title fw-semibold me-auto" href="{detail.replace(str(PLACEHOLDER), pk)}">{name}</a>'
            f"{badges}</div>"
            f'<div class="small text-muted">{meta}</div>'
            f'<div class="small text-muted">{p.stage_on.isoformat()}</div>{moves}</div></article>'
        )
    return mark_safe("".join(out))
