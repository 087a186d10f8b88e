"""KPI pages (/kpis/, /kpis/<code>/) and the statistical indicators entered by the bureau."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core import scope
from core.forms import style_field
from core.models import Town
from core.views import ObjectListView
from core.years import YEAR_MAX, YEAR_MIN

from . import registry, selectors, services
from .filters import StatIndicatorFilterSet
from .forms import StatIndicatorForm
from .models import StatIndicator
from .periods import PERIOD_CODES, default_period, make_period, year_periods
from .tables import StatIndicatorTable


class PeriodForm(forms.Form):
    """年度 / 期间 / 区镇 above every KPI page; an officer's town list holds their own town only."""

    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    period = forms.ChoiceField(label=gettext_lazy("期间"))
    town = forms.ModelChoiceField(label=gettext_lazy("区镇"), queryset=Town.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["period"].choices = [(code, make_period(year, code).short_label) for code in PERIOD_CODES]
        self.fields["town"].queryset = selectors.allowed_towns(user)
        if selectors.sees_district(user):
            self.fields["town"].empty_label = _("全区")
        else:
            self.fields["town"].empty_label = None
        for field in self.fields.values():
            style_field(field)
            css = field.widget.attrs["class"]
            field.widget.attrs["class"] = f"{css} {css}-sm"


class KpiPeriodMixin:
    """Reads ?year=&period=&town= (defaults: this year, this half, the district or the officer's
    town); another town's figures answer 404 for a town officer."""

    def setup_period(self):
        user = self.request.user
        default = default_period()
        data = {
            "year": self.request.GET.get("year") or default.year,
            "period": self.request.GET.get("period") or default.code,
            "town": self.request.GET.get("town") or (user.town_id if not selectors.sees_district(user) else ""),
        }
        form = PeriodForm(data, user=user)
        if not form.is_valid():
            # A town outside the user's choices is refused (404), never shown as zeros.
            if "town" in form.errors:
                raise Http404
            form = PeriodForm({"year": default.year, "period": default.code, "town": data["town"]}, user=user)
            form.is_valid()
        self.period_form = form
        self.period = make_period(form.cleaned_data["year"], form.cleaned_data["period"])
        try:
            self.town = selectors.resolve_town(user, form.cleaned_data.get("town"))
        except selectors.OutOfScope as exc:
            raise Http404 from exc

    def period_query(self, **overrides) -> str:
        from django.utils.http import urlencode

        query = {"year": self.period.year, "period": self.period.code}
        if self.town is not None:
            query["town"] = self.town.pk
        query.update(overrides)
        return urlencode({k: v for k, v in query.items() if v not in (None, "")})


class KpiIndexView(KpiPeriodMixin, TemplateView):
    template_name = "reports/kpi_index.html"

    def get_context_data(self, **kwargs):
        self.setup_period()
        context = super().get_context_data(**kwargs)
        figures = selectors.compute(registry.all_kpis(), self.period, self.town, user=self.request.user)
        groups = []
        for figure in figures:
            if not groups or groups[-1]["value"] != figure.kpi.group:
                groups.append({"value": figure.kpi.group, "label": figure.kpi.group_label, "figures": []})
            groups[-1]["figures"].append(figure)
        context.update(
            form=self.period_form,
            period=self.period,
            town=self.town,
            groups=groups,
            query=self.period_query(),
            behind_count=sum(1 for f in figures if f.behind),
            stat_indicators=latest_indicators(self.period),
            can_enter_indicators=scope.can_create(self.request.user, StatIndicator),
            time_progress=self.period.time_progress(),
        )
        return context


def latest_indicators(period):
    """The bureau's statistical indicators published for the period's year up to its last month,
    the latest of each name."""
    rows = StatIndicator.objects.filter(year=period.year, through_month__lte=period.end.month).order_by(
        "name", "-through_month"
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.name, row)
    return sorted(latest.values(), key=lambda r: (r.group, r.name))


class RecordRow:
    def __init__(self, record, cells):
        self.record = record
        self.cells = cells


def _cell(value):
    """(text, url) for one cell: related records link to their own page when they have one."""
    url = None
    if hasattr(value, "get_absolute_url"):
        try:
            url = value.get_absolute_url()
        except NoReverseMatch:
            url = None
    if value is None or value == "":
        return ("—", None)
    if hasattr(value, "isoformat"):
        return (value.isoformat(), None)
    return (str(value), url)


def record_cells(record, columns):
    """The row's cells; the first links to the record's own page when it has one and links nowhere else."""
    cells = [_cell(get(record)) for _heading, get in columns]
    if cells and cells[0][1] is None and cells[0][0] != "—":
        _text, url = _cell(record)
        cells[0] = (cells[0][0], url)
    return cells


class KpiDetailView(KpiPeriodMixin, TemplateView):
    template_name = "reports/kpi_detail.html"
    records_per_page = 25

    def get_context_data(self, **kwargs):
        kpi = registry.get_kpi(self.kwargs["code"])
        if kpi is None:
            raise Http404
        self.setup_period()
        user = self.request.user
        context = super().get_context_data(**kwargs)
        targets = selectors.targets_of(self.period.year, [kpi.code])
        figure = selectors.compute([kpi], self.period, self.town, user=user, targets=targets)[0]
        by_period = []
        for period in year_periods(self.period.year):
            row = selectors.compute([kpi], period, self.town, user=user, targets=targets)[0]
            row.query = self.period_query(period=period.code)
            by_period.append(row)
        by_town = selectors.compute_by_town(kpi, self.period, user=user, targets=targets)
        for row in by_town:
            row.query = self.period_query(town=row.town.pk) if row.town else None
        records = selectors.drill_down(kpi, self.period, self.town, user=user)
        page = Paginator(records, self.records_per_page).get_page(self.request.GET.get("page"))
        columns = kpi.columns or [(_("记录"), lambda r: r)]
        rows = [RecordRow(record, record_cells(record, columns)) for record in page]
        largest = max((row.figure.actual or 0 for row in by_town if row.town), default=0)
        for row in by_town:
            row.share = float(row.figure.actual or 0) / float(largest) * 100 if largest else 0
        list_url = kpi.list_url(self.period, self.town) if kpi.list_url else None
        district = None
        if self.town is None:
            district = figure
        elif selectors.sees_district(user):
            district = selectors.compute([kpi], self.period, None, targets=targets)[0]
        context.update(
            kpi=kpi,
            form=self.period_form,
            period=self.period,
            town=self.town,
            figure=figure,
            by_period=by_period,
            by_town=by_town,
            district=district,
            town_targets=any(row.figure.target is not None for row in by_town),
            period_targets=any(row.target is not None for row in by_period),
            headings=[heading for heading, _get in columns],
            rows=rows,
            page_obj=page,
            list_url=list_url,
            query=self.period_query(),
        )
        return context


# ---- statistical indicators (统计指标), entered by the bureau ----------------------------------


class StatIndicatorMixin:
    """Statistical indicators: the list below; detail, edit, delete and history made from this."""

    model = StatIndicator
    form_class = StatIndicatorForm
    service = staticmethod(services.stat_indicator_save)
    detail_fields = [*StatIndicator.edit_fields, "entered_by"]


class StatIndicatorListView(StatIndicatorMixin, ObjectListView):
    filterset_class = StatIndicatorFilterSet
    table_class = StatIndicatorTable
    template_name = "reports/statindicator_list.html"
