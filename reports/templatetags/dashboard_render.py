"""{% dashboard_cards cards %} and {% dashboard_ranking_rows rows %}: see reports.dashboard.render."""

from django import template

from reports.dashboard import render

register = template.Library()


@register.simple_tag
def dashboard_cards(cards, css="col-6 col-md-4 col-xl-3"):
    return render.cards_html(cards, css)


@register.simple_tag
def dashboard_ranking_rows(rows):
    return render.ranking_rows_html(rows)
