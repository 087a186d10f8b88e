"""The leaders' dashboard (/dashboard/), its meeting-room screen, trends, funnel-step records and export.

Thin views over reports.dashboard.selectors; the period and town come from the URL through the
KPI pages' own form (reports.views.KpiPeriodMixin), so a view can be bookmarked and an officer
asking for another town gets 404.
"""

import io

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.exports import safe_cell
from core.perf.xlsx import Column, Workbook

from .. import registry
from .. import selectors as kpi_selectors
from ..selectors import number
from ..views import KpiPeriodMixin, RecordRow, record_cells
from . import figures, selectors
from .registry import get_funnel, get_step, get_warning

SCREEN_REFRESH_SECONDS = 180


def chart_data(board, rank_kpi, rank_rows, funnels):
    """What the page's scripts draw, handed over in a json_script block (CSP: no inline script)."""
    return {
        "ranking": {
            "code": rank_kpi.code if rank_kpi else None,
            "name": str(rank_kpi.name) if rank_kpi else "",
            "unit": str(rank_kpi.unit) if rank_kpi else "",
            "towns": [str(row.town.short_name or row.town) for row in rank_rows],
            "values": [number(row.figure.actual) for row in rank_rows],
            "urls": [row.url for row in rank_rows],
        },
        "funnels": [
            {
                "code": f.funnel.code,
                "name": str(f.funnel.name),
                "steps": [{"name": s["label"], "value": number(s["value"]), "url": s["url"]} for s in f.steps],
            }
            for f in funnels
        ],
    }


class DashboardMixin(KpiPeriodMixin):
    def setup_board(self):
        self.setup_period()
        user = self.request.user
        self.board = selectors.build(user, self.period, self.town, with_funnels=True)
        codes = [card.kpi.code for card in self.board.cards]
        wanted = self.request.GET.get("rank")
        self.rank_kpi = registry.get_kpi(wanted) if wanted in codes else None
        if self.rank_kpi is None:
            # The first KPI with a target: the ranking leaders ask about first.
            with_target = [c.kpi for c in self.board.cards if c.figure.target is not None]
            self.rank_kpi = with_target[0] if with_target else (self.board.cards[0].kpi if self.board.cards else None)
        self.rank_rows = (
            selectors.ranking(user, self.rank_kpi, self.period, targets=self.board.targets) if self.rank_kpi else []
        )
        self.funnels = self.board.funnels

    def board_context(self):
        return {
            "form": self.period_form,
            "period": self.period,
            "town": self.town,
            "board": self.board,
            "groups": self.board.groups,
            "rank_kpi": self.rank_kpi,
            "rank_rows": self.rank_rows,
            "funnels": self.funnels,
            "query": self.period_query(),
            "chart_data": chart_data(self.board, self.rank_kpi, self.rank_rows, self.funnels),
            "kpis": [card.kpi for card in self.board.cards],
            "time_progress": self.period.time_progress(),
        }


class DashboardView(DashboardMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        self.setup_board()
        context = super().get_context_data(**kwargs)
        context.update(self.board_context())
        context["warnings"] = selectors.warnings(self.request.user, self.board)
        return context


class ScreenView(DashboardMixin, TemplateView):
    """大屏: the four battles and the ranking on one dark 1920×1080 screen. The page asks for its
    own body again every few minutes (htmx, ?partial=1) and swaps it in place: no reload flicker."""

    template_name = "reports/dashboard_screen.html"

    def get_template_names(self):
        if self.request.GET.get("partial") or self.request.headers.get("HX-Request"):
            return ["reports/dashboard_screen_body.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        self.setup_board()
        context = super().get_context_data(**kwargs)
        context.update(self.board_context())
        context["refresh_seconds"] = SCREEN_REFRESH_SECONDS
        context["now"] = timezone.localtime()
        return context


class TrendView(KpiPeriodMixin, View):
    """One KPI by month for the year and the year before, as JSON for the trend chart."""

    def get(self, request):
        self.setup_period()
        kpi = registry.get_kpi(request.GET.get("kpi", ""))
        if kpi is None:
            raise Http404
        return JsonResponse(selectors.trend(request.user, kpi, self.period.year, self.town))


class StepView(KpiPeriodMixin, TemplateView):
    """The records behind one funnel step, in the user's scope (the step's count is this list's count)."""

    template_name = "reports/dashboard_records.html"
    records_per_page = 25

    def get_context_data(self, **kwargs):
        step = get_step(self.kwargs["code"])
        if step is None:
            raise Http404
        self.setup_period()
        user = self.request.user
        context = super().get_context_data(**kwargs)
        records = kpi_selectors.drill_down(step, self.period, self.town, user=user)
        page = Paginator(records, self.records_per_page).get_page(self.request.GET.get("page"))
        columns = step.columns or [(_("记录"), lambda r: r)]
        funnel = get_funnel(step.code.rpartition("#")[0])
        context.update(
            step=step,
            funnel=funnel,
            form=self.period_form,
            period=self.period,
            town=self.town,
            headings=[heading for heading, _get in columns],
            rows=[RecordRow(record, record_cells(record, columns)) for record in page],
            page_obj=page,
            query=self.period_query(),
        )
        return context


class ExportView(DashboardMixin, View):
    """The cards (KPI × actual, target, completion, last year) and the town × KPI ranking as xlsx,
    written with the project's one xlsx writer (core.perf.xlsx)."""

    def get(self, request):
        self.setup_board()
        board = self.board
        buffer = io.BytesIO()
        towns = list(kpi_selectors.allowed_towns(request.user))
        with Workbook(buffer) as book:
            with book.sheet(
                _("指标"),
                columns=[
                    Column(16),
                    Column(30),
                    Column(8),
                    Column(12),
                    Column(12),
                    Column(10),
                    Column(10),
                    Column(12),
                    Column(10),
                ],
                freeze=(2, 0),
            ) as sheet:
                place = str(board.town) if board.town else _("全区")
                sheet.row(
                    [f"{board.period.label} · {place} · {_('数据截至')} {timezone.localtime():%Y-%m-%d %H:%M}"],
                    style="title",
                )
                sheet.row(
                    [
                        _("攻坚方向"),
                        _("指标"),
                        _("单位"),
                        _("实际"),
                        _("目标"),
                        _("完成率"),
                        _("时序进度"),
                        _("上年同期"),
                        _("同比"),
                    ],
                    style="header",
                )
                for card in board.cards:
                    f = card.figure
                    sheet.row(
                        [
                            str(card.kpi.group_label),
                            safe_cell(str(card.kpi.name)),
                            str(card.kpi.unit),
                            number(f.actual),
                            number(f.target),
                            None if f.completion is None else round(f.completion, 4),
                            round(f.time_progress, 4),
                            number(card.last_year),
                            None if card.change is None else round(card.change, 4),
                        ]
                    )
            with book.sheet(
                _("区镇排名"), columns=[Column(14)] + [Column(12) for _c in board.cards], freeze=(1, 1)
            ) as sheet:
                sheet.row([_("区镇")] + [safe_cell(str(c.kpi.name)) for c in board.cards], style="header")
                # The same cached figures as the cards (one cache read, no query when warm).
                raw = figures.raw_figures([c.kpi for c in board.cards], board.period)
                by_town = {
                    c.kpi.code: {t.pk: c.kpi.figure(figures.aggregates_of(raw[c.kpi.code], t.pk)) for t in towns}
                    for c in board.cards
                }
                for town in towns:
                    sheet.row([str(town)] + [number(by_town[c.kpi.code].get(town.pk)) for c in board.cards])
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        from django.utils.encoding import escape_uri_path

        name = f"驾驶舱_{board.period.year}{board.period.code}.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
        return response


class WarningView(TemplateView):
    """The records of a warning that has no list page of its own, in the user's scope."""

    template_name = "reports/dashboard_warning.html"
    records_per_page = 50

    def get_context_data(self, **kwargs):
        warning = get_warning(self.kwargs["code"])
        if warning is None or warning.records is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        records = warning.records(self.request.user, timezone.localdate())
        page = Paginator(records, self.records_per_page).get_page(self.request.GET.get("page"))
        columns = warning.columns or [(_("记录"), lambda r: r)]
        context.update(
            warning=warning,
            headings=[heading for heading, _get in columns],
            rows=[RecordRow(record, record_cells(record, columns)) for record in page],
            page_obj=page,
            query="",
        )
        return context
