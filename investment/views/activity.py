"""招商活动 and 拜访客商 pages: configuration of core's generic views (core/views/), nothing more.

A client visit is recorded on a phone (`/investment/visits/new/`): the member is the user
themself when they are on the team, the time is now, the city a tap in a list.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from core import exports
from core.views import ObjectDetailView, ObjectEditView, ObjectListView

from .. import filters, forms, selectors, services, tables
from ..models import ClientVisit, EventKind, InvestmentEvent


class EventMixin:
    model = InvestmentEvent
    selector = staticmethod(selectors.event_detail)
    form_class = forms.EventForm
    service = staticmethod(services.event_save)
    delete_service = staticmethod(services.activity_delete)


class EventListView(EventMixin, ObjectListView):
    template_name = "investment/activity_list.html"
    selector = staticmethod(selectors.event_list)
    filterset_class = filters.EventFilterSet
    table_class = tables.EventTable
    list_title = gettext_lazy("招商活动")
    export_stem = "招商活动"
    export_columns = [
        exports.ExportColumn("活动日期", "held_on", width=12),
        exports.ExportColumn("活动类型", "kind", choices=EventKind.choices),
        exports.ExportColumn("活动名称", "title", width=40),
        exports.ExportColumn("举办城市", "city"),
        exports.ExportColumn("具体地点", "venue", width=24),
        exports.ExportColumn("主办单位", "host", width=24),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("推介/路演项目数", "project_count", width=10),
        exports.ExportColumn("参加人员数", "member_count", width=10),
    ]


class EventDetailView(EventMixin, ObjectDetailView):
    template_name = "investment/event_detail.html"
    detail_fields = ["kind", "held_on", "title", "city", "venue", "host", "town", "note"]


class EventEditView(EventMixin, ObjectEditView):
    template_name = "investment/event_form.html"

    def get_service_kwargs(self, form):
        return {"projects": form.cleaned_data.get("projects"), "members": form.cleaned_data.get("members")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["common_cities"] = forms.COMMON_CITIES
        return context


class LocalTimeColumn(exports.ExportColumn):
    """A moment as Haimen reads it (2023-05-26 14:30), not the stored UTC."""

    def display(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value is not None else None


class ClientVisitMixin:
    model = ClientVisit
    selector = staticmethod(selectors.client_visit_list)
    form_class = forms.ClientVisitForm
    service = staticmethod(services.client_visit_record)
    delete_service = staticmethod(services.activity_delete)


class ClientVisitListView(ClientVisitMixin, ObjectListView):
    template_name = "investment/activity_list.html"
    filterset_class = filters.ClientVisitFilterSet
    table_class = tables.ClientVisitTable
    list_title = gettext_lazy("拜访客商")
    export_stem = "拜访客商"
    export_columns = [
        LocalTimeColumn("拜访时间", "visited_at", width=18),
        exports.ExportColumn("拜访人", "member__name"),
        exports.ExportColumn("所在单位", "member__unit_name", width=20),
        exports.ExportColumn("客商", "counterpart", width=30),
        exports.ExportColumn("城市", "city"),
        exports.ExportColumn("相关项目", "project__name", width=30),
        exports.ExportColumn("拜访情况", "note", width=40),
    ]


class ClientVisitDetailView(ClientVisitMixin, ObjectDetailView):
    detail_fields = ["member", "visited_at", "counterpart", "city", "project", "note"]


class ClientVisitEditView(ClientVisitMixin, ObjectEditView):
    """记拜访: one phone screen."""

    template_name = "investment/clientvisit_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and self.request.GET.get("project", "").isdigit():
            initial["project"] = int(self.request.GET["project"])  # the form's scoped choices vet it
        return initial

    def get_success_url(self):
        # Back to the list to record the next one (a member visits several clients a day).
        return self.url_for("list") or self.object.get_absolute_url()
