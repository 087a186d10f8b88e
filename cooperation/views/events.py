"""产学研活动 and 技术专家巡诊, and the monthly rule (≥2 activities a month, rules.MONTHLY_ACTIVITIES)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core import exports
from core.views import ObjectDetailView, ObjectEditView, ObjectListView
from core.years import YEAR_MAX, YEAR_MIN

from .. import filters, forms, selectors, services, tables
from ..models import EventKind, IAEvent
from .common import FormattedFieldsMixin, SectionMixin, labels


def year_param(request, default):
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and YEAR_MIN <= int(year) <= YEAR_MAX else default


class IAEventMixin:
    model = IAEvent
    selector = staticmethod(selectors.event_list)
    form_class = forms.IAEventForm
    service = staticmethod(services.event_save)


EVENT_EXPORT_COLUMNS = [
    exports.ExportColumn("日期", "held_on"),
    exports.ExportColumn("类型", "kind", choices=labels(EventKind.choices)),
    exports.ExportColumn("名称", "title", width=36),
    exports.ExportColumn("主办区镇", "town"),
    exports.ExportColumn("组织单位", "organizer", width=20),
    exports.ExportColumn("参加院校", "institutions", width=30),
    exports.ExportColumn("参加/服务企业", "enterprises", width=40),
    exports.ExportColumn("巡诊专家", "expert"),
    exports.ExportColumn("企业技术难题", "problem", width=40),
    exports.ExportColumn("巡诊结果", "outcome", width=40),
]


class IAEventListView(SectionMixin, IAEventMixin, ObjectListView):
    filterset_class = filters.IAEventFilterSet
    table_class = tables.IAEventTable
    export_stem = "产学研活动与技术巡诊"
    export_columns = EVENT_EXPORT_COLUMNS

    def export(self, export_format):
        """Institutions and enterprises are many per event: one cell each, joined with 、 (the
        prefetch of the selector reads them in two queries per chunk, not one per event)."""
        queryset = self.filtered_queryset()

        def rows():
            for event in queryset.iterator(chunk_size=2000):
                yield [
                    event.held_on,
                    event.kind,
                    event.title,
                    event.town.name if event.town else "区级",
                    event.organizer,
                    "、".join(i.name for i in event.institutions.all()),
                    "、".join(e.name for e in event.enterprises.all()),
                    event.expert,
                    event.problem,
                    event.outcome,
                ]

        return exports.rows_response(
            EVENT_EXPORT_COLUMNS, rows(), self.export_filename(), export_format, heading=self.export_heading()
        )


class IAEventDetailView(FormattedFieldsMixin, IAEventMixin, ObjectDetailView):
    template_name = "cooperation/event_detail.html"
    detail_fields = ["kind", "held_on", "town", "organizer", "expert", "problem", "outcome", "note"]


class IAEventEditView(IAEventMixin, ObjectEditView):
    def get_service_kwargs(self, form):
        return form.m2m


class MonthlyActivitiesView(TemplateView):
    """每月开展产学研活动不少于2次: the year month by month, each month linking to its activities."""

    template_name = "cooperation/monthly.html"
    title = gettext_lazy("产学研活动月度情况")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = year_param(self.request, today.year)
        rows = selectors.monthly_activities(self.request.user, year, today=today)
        context.update(
            year=year,
            years=list(range(today.year, today.year - 5, -1)),
            rows=rows,
            summary=selectors.monthly_summary(rows),
            title=self.title,
        )
        return context
