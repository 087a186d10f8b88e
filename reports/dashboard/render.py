"""The dashboard's cards and ranking rows rendered in Python (like core.perf.cards): a page of
25–40 cards, each with a progress bar and a status badge, took most of a warm request's time as
nested {% include %}s. The HTML is the same as templates/reports/includes/progress.html and
status.html produce; strings go through gettext and every value through format_html (escaped)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..templatetags.kpi_format import bar_width, figure, pct


def progress_html(f) -> str:
    if f.completion is None:
        return format_html('<span class="text-muted small">{}</span>', _("未设目标"))
    width = bar_width(f.completion)
    colour = "bg-danger" if f.status == "behind" else "bg-success"
    mark = ""
    if f.kpi.paced:
        mark = format_html(
            '<span class="time-mark" style="left: {}%" title="{} {}"></span>',
            bar_width(f.time_progress),
            _("时序进度"),
            pct(f.time_progress),
        )
    return format_html(
        '<div class="d-flex align-items-center gap-2"><div class="progress kpi-progress flex-grow-1" '
        'role="progressbar" aria-label="{}" aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100">'
        '<div class="progress-bar {}" style="width: {}%"></div>{}</div>'
        '<span class="small num fw-semibold">{}</span></div>',
        _("完成率"),
        width,
        colour,
        width,
        mark,
        pct(f.completion),
    )


def status_html(f) -> str:
    if f.status == "behind":
        text = _("落后于时序进度") if f.kpi.paced else _("低于目标")
        return format_html(
            '<span class="badge text-bg-danger"><i class="bi bi-exclamation-triangle"></i> {}</span>', text
        )
    if f.status == "ok":
        return format_html(
            '<span class="badge text-bg-success">{}</span>', _("进度正常") if f.kpi.paced else _("达到目标")
        )
    return mark_safe('<span class="text-muted small">—</span>')


def card_html(card) -> str:
    f = card.figure
    behind = f.status == "behind"
    kind = (
        format_html('<span class="badge text-bg-light border small" title="{}">{}</span>', _("期末时点指标"), _("时点"))
        if card.kpi.kind == "snapshot"
        else ""
    )
    if card.change is not None:
        change = format_html(
            '<span class="{}" data-change>{} {}{}</span>',
            "text-danger" if card.change < 0 else "text-success",
            _("同比"),
            "+" if card.change >= 0 else "",
            pct(card.change),
        )
    elif card.last_year is not None:
        change = format_html("<span data-change>{} {}</span>", _("上年同期"), figure(card.last_year))
    else:
        change = ""
    progress = ""
    if f.completion is not None:
        pace = (
            format_html(' <span class="text-muted">{} {}</span>', _("时序进度"), pct(f.time_progress))
            if f.kpi.paced
            else ""
        )
        progress = format_html('{}<div class="small mt-1">{}{}</div>', progress_html(f), status_html(f), pace)
    return format_html(
        '<div class="card h-100 dash-card{}" data-kpi="{}"><div class="card-body p-2 p-md-3">'
        '<div class="d-flex align-items-start gap-1">'
        '<a class="dash-name text-decoration-none me-auto" href="{}">{}</a>{}</div>'
        '<a class="dash-figure text-decoration-none{}" href="{}" data-figure>{}</a> '
        '<span class="small text-muted">{}</span>'
        '<div class="small text-muted d-flex flex-wrap gap-2"><span>{} {}</span>{}</div>{}</div></div>',
        " dash-behind" if behind else "",
        card.kpi.code,
        card.url,
        card.kpi.name,
        kind,
        " text-danger" if behind else "",
        card.url,
        figure(f.actual),
        card.kpi.unit,
        _("目标"),
        figure(f.target),
        change,
        progress,
    )


def cards_html(cards, css="col-6 col-md-4 col-xl-3") -> str:
    return format_html_join("", '<div class="{}">{}</div>', ((css, card_html(card)) for card in cards))


def _value(v):
    return "" if v is None else v


def ranking_rows_html(rows) -> str:
    return format_html_join(
        "",
        '<tr data-town="{}"><td class="num" data-value="{}">{}</td>'
        '<td data-value="{}"><a class="text-decoration-none" href="{}">{}</a></td>'
        '<td class="num" data-value="{}"><a class="text-decoration-none" href="{}" data-figure>{}</a></td>'
        '<td class="num" data-value="{}">{}</td><td data-value="{}">{}</td></tr>',
        (
            (
                row.town.pk,
                row.rank,
                row.rank,
                row.town.order,
                row.url,
                row.town,
                _value(row.figure.actual),
                row.url,
                figure(row.figure.actual),
                _value(row.figure.target),
                figure(row.figure.target),
                _value(row.figure.completion),
                progress_html(row.figure),
            )
            for row in rows
        ),
    )
