"""The carriers pages: configuration of core's generic views (core/views/), nothing more.

Child records (tenants, quarterly reports, level applications, operator contracts) are added
from their carrier's page (`?carrier=<id>` preselects it) and listed on their own pages too.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core import exports, scope
from core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from core.years import YEAR_MAX, YEAR_MIN
from enterprises.models import Enterprise

from . import filters, forms, selectors, services, tables
from .models import (
    Area,
    Assessment,
    Carrier,
    ConstructionReport,
    Grade,
    Kind,
    Level,
    LevelApplication,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformKind,
    PlatformProject,
    PlatformStatus,
    PlatformTarget,
    Status,
    Tenancy,
)


def year_param(request, default):
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and YEAR_MIN <= int(year) <= YEAR_MAX else default


class PreselectMixin:
    """`?carrier=<id>` / `?platform=<id>` on an add page preselects the parent (still checked in scope by the form)."""

    preselect = ("carrier", "platform")

    def get_initial(self):
        initial = super().get_initial()
        for name in self.preselect:
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def get_success_url(self):
        parent = getattr(self.object, "carrier", None) or getattr(self.object, "platform", None)
        if parent is not None and self.model not in (Carrier, Platform):
            return parent.get_absolute_url()
        return super().get_success_url()


# ---- carriers ------------------------------------------------------------------------------------


class CarrierMixin:
    model = Carrier
    selector = staticmethod(selectors.carrier_detail)
    form_class = forms.CarrierForm
    service = staticmethod(services.carrier_save)


class CarrierListView(CarrierMixin, ObjectListView):
    template_name = "carriers/list.html"
    selector = staticmethod(selectors.carrier_list)
    filterset_class = filters.CarrierFilterSet
    table_class = tables.CarrierTable
    export_stem = "科创载体"
    export_columns = [
        exports.ExportColumn("载体名称", "name", width=30),
        exports.ExportColumn("载体类型", "kind", choices=Kind.choices),
        exports.ExportColumn("级别", "level", choices=Level.choices),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("面积(㎡)", "area_sqm"),
        exports.ExportColumn("运营机构", "operator", width=24),
        exports.ExportColumn("科技人才发展集团管理", "group_managed", choices=[(True, "是"), (False, "否")]),
        exports.ExportColumn("状态", "status", choices=Status.choices),
        exports.ExportColumn("所属片区", "area", choices=Area.choices),
        exports.ExportColumn("启用日期", "opened_on"),
        exports.ExportColumn("在孵企业", "tenant_count", width=10),
    ]


class CarrierDetailView(CarrierMixin, ObjectDetailView):
    template_name = "carriers/carrier_detail.html"
    detail_fields = [
        "kind", "level", "town", "area_sqm", "operator", "group_managed",
        "status", "area", "new_build", "opened_on", "note",
    ]  # fmt: skip

    def field_rows(self):
        # 面积 as people write it (28,000 ㎡), not the stored 28000.00
        area_label = Carrier._meta.get_field("area_sqm").verbose_name
        return [(label, f"{value:,.0f}" if label == area_label else value) for label, value in super().field_rows()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        year = year_param(self.request, today.year)
        # A past year's tenants and flags are read as they stood on its last day.
        context.update(selectors.carrier_page(self.object, today=min(today, dt.date(year, 12, 31))))
        context["year"] = year
        context["years"] = list(range(today.year, today.year - 4, -1))
        context["can_write"] = scope.can_change(user, Carrier)
        context["can_decide"] = services.may_decide_levels(user)
        return context


class BehindScheduleView(ObjectListView):
    """载体建设滞后: the latest quarterly report has actual trailing planned by more than the admin's threshold."""

    model = Carrier
    selector = staticmethod(selectors.behind_schedule_list)
    filterset_class = filters.BehindFilterSet
    table_class = tables.BehindTable
    template_name = "carriers/behind_list.html"
    list_title = gettext_lazy("建设进度滞后的载体")
    export_stem = "建设进度滞后载体"
    actions = ("list", "detail")
    export_columns = [
        exports.ExportColumn("载体名称", "name", width=30),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("年度", "last_year", width=8),
        exports.ExportColumn("季度", "last_quarter", width=8),
        exports.ExportColumn("计划进度(%)", "last_planned"),
        exports.ExportColumn("实际进度(%)", "last_actual"),
        exports.ExportColumn("滞后(百分点)", "gap"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["threshold"] = selectors.ScheduleSetting.current()
        context["can_create"] = False
        return context


class TotalsView(TemplateView):
    """载体面积汇总: by kind, level, town and area; the group's area; the 100万㎡ goal."""

    template_name = "carriers/totals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.totals(self.request.user)
        return context


# ---- tenants, reports, applications, contracts (children of a carrier) -------------------------


class TenancyMixin(PreselectMixin):
    """Detail, edit, delete and history views are made from this (core.routing.object_urls)."""

    model = Tenancy
    selector = staticmethod(selectors.tenancy_list)
    parent_attr = "carrier"
    form_class = forms.TenancyForm
    service = staticmethod(services.record_save)

    def get_initial(self):
        # From an enterprise's page (carriers/panels.py): `?enterprise=<id>` fills in its credit code.
        initial = super().get_initial()
        pk = self.request.GET.get("enterprise", "")
        if pk.isdigit():
            code = Enterprise.objects.for_user(self.request.user).filter(pk=pk).values_list("credit_code", flat=True)
            if code:
                initial["enterprise"] = code[0]
        return initial


class TenancyListView(TenancyMixin, ObjectListView):
    template_name = "carriers/list.html"
    filterset_class = filters.TenancyFilterSet
    table_class = tables.TenancyTable
    export_stem = "入驻企业"
    export_columns = [
        exports.ExportColumn("载体名称", "carrier__name", width=30),
        exports.ExportColumn("企业名称", "enterprise__name", width=36),
        exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
        exports.ExportColumn("入驻日期", "moved_in_on"),
        exports.ExportColumn("迁出日期", "moved_out_on"),
    ]


class ReportMixin(PreselectMixin):
    """Detail, edit, delete and history views are made from this (core.routing.object_urls)."""

    model = ConstructionReport
    selector = staticmethod(selectors.report_list)
    parent_attr = "carrier"
    form_class = forms.ReportForm
    service = staticmethod(services.record_save)


class ReportListView(ReportMixin, ObjectListView):
    template_name = "carriers/list.html"
    filterset_class = filters.ReportFilterSet
    table_class = tables.ReportTable
    export_stem = "建设进度季报"
    export_columns = [
        exports.ExportColumn("载体名称", "carrier__name", width=30),
        exports.ExportColumn("年度", "year", width=8),
        exports.ExportColumn("季度", "quarter", width=8),
        exports.ExportColumn("计划进度(%)", "planned_pct"),
        exports.ExportColumn("实际进度(%)", "actual_pct"),
        exports.ExportColumn("存在问题", "issues", width=40),
        exports.ExportColumn("季度考核", "assessment", choices=Assessment.choices),
    ]


class ApplicationMixin:
    model = LevelApplication
    selector = staticmethod(selectors.application_detail)
    parent_attr = "carrier"


class ApplicationListView(ApplicationMixin, ObjectListView):
    template_name = "carriers/list.html"
    selector = staticmethod(selectors.application_list)
    filterset_class = filters.ApplicationFilterSet
    table_class = tables.ApplicationTable
    export_stem = "载体级别申报"
    export_columns = [
        exports.ExportColumn("载体名称", "carrier__name", width=30),
        exports.ExportColumn("年度", "year", width=8),
        exports.ExportColumn("申报级别", "target_level", choices=Level.choices),
        exports.ExportColumn("申报类型", "applied_as", choices=Kind.choices),
        exports.ExportColumn("阶段", "stage", choices=LevelApplication._meta.get_field("stage").choices),
        exports.ExportColumn("进入本阶段日期", "stage_on"),
    ]


class ApplicationDetailView(ApplicationMixin, ObjectDetailView):
    template_name = "carriers/application_detail.html"
    detail_fields = ["carrier", "target_level", "applied_as", "year", "stage", "stage_on", "note"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = services.may_decide_levels(self.request.user)
        context["next_stages"] = self.object.workflow.next_stages(self.object.stage)
        return context


class ApplicationHistoryView(ApplicationMixin, ObjectHistoryView):
    pass


class ApplicationEditView(ApplicationMixin, PreselectMixin, ObjectEditView):
    form_class = forms.ApplicationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_decide_levels(request.user):
            if "pk" in kwargs and not self.scoped_queryset().filter(pk=kwargs["pk"]).exists():
                raise Http404  # another town's record: 404 before any permission answer
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def service(*, instance, user):
        return services.application_enter(instance=instance, user=user, stage=instance.stage, on=instance.stage_on)


class ApplicationDeleteView(ApplicationMixin, ObjectDeleteView):
    delete_service = staticmethod(services.record_delete)


class ApplicationMoveView(ApplicationMixin, ObjectActionView):
    """推进阶段: one move the level workflow allows, dated."""

    title = gettext_lazy("推进申报阶段")
    submit_label = gettext_lazy("确认")
    form_class = forms.MoveForm

    def allowed(self, user):
        return services.may_decide_levels(user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stages": self.object.workflow.next_stages(self.object.stage)}

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        application = services.application_advance(
            application=self.object, to_stage=data["to_stage"], user=self.request.user, on=data["on"], note=data["note"]
        )
        return _("%(c)s 已进入“%(s)s”（%(on)s）。") % {
            "c": application.carrier,
            "s": application.get_stage_display(),
            "on": application.stage_on,
        }

    def get_success_url(self):
        return self.next_url() or self.object.carrier.get_absolute_url()


class ContractMixin(PreselectMixin):
    """Detail, edit, delete and history views are made from this (core.routing.object_urls)."""

    model = OperatorContract
    selector = staticmethod(selectors.contract_list)
    parent_attr = "carrier"
    form_class = forms.ContractForm
    service = staticmethod(services.record_save)


class ContractListView(ContractMixin, ObjectListView):
    template_name = "carriers/list.html"
    filterset_class = filters.ContractFilterSet
    table_class = tables.ContractTable
    export_stem = "运营机构签约"
    export_columns = [
        exports.ExportColumn("载体名称", "carrier__name", width=30),
        exports.ExportColumn("运营机构", "company", width=30),
        exports.ExportColumn("阶段", "stage", choices=OperatorContract.Stage.choices),
        exports.ExportColumn("签约日期", "signed_on"),
    ]


# ---- platforms -----------------------------------------------------------------------------------


class PlatformMixin:
    model = Platform
    selector = staticmethod(selectors.platform_detail)
    form_class = forms.PlatformForm
    service = staticmethod(services.record_save)


class PlatformListView(PlatformMixin, ObjectListView):
    template_name = "carriers/list.html"
    selector = staticmethod(selectors.platform_list)
    filterset_class = filters.PlatformFilterSet
    table_class = tables.PlatformTable
    export_stem = "创新平台"
    export_columns = [
        exports.ExportColumn("平台名称", "name", width=36),
        exports.ExportColumn("平台类型", "kind", choices=PlatformKind.choices),
        exports.ExportColumn("级别", "level", choices=Level.choices),
        exports.ExportColumn("合作院校/机构", "partner", width=30),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("状态", "status", choices=PlatformStatus.choices),
        exports.ExportColumn("本年项目", "project_count", width=10),
        exports.ExportColumn("本年项目目标", "target_projects", width=10),
    ]


class PlatformDetailView(PlatformMixin, ObjectDetailView):
    template_name = "carriers/platform_detail.html"
    detail_fields = ["kind", "level", "partner", "town", "status", "established_on", "note"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        prefetch_related_objects([self.object], "targets")  # read once, here and by the selector
        targets = list(self.object.targets.all())
        # Default: the latest year with a target (a platform's plan is yearly), else this year.
        year = year_param(self.request, targets[0].year if targets else timezone.localdate().year)
        context.update(selectors.platform_progress(self.object, year))
        context["targets"] = targets
        context["can_write"] = scope.can_change(self.request.user, Platform)
        return context


class TargetMixin(PreselectMixin):
    """Detail, edit, delete and history views are made from this (core.routing.object_urls)."""

    model = PlatformTarget
    selector = staticmethod(selectors.target_list)
    parent_attr = "platform"
    actions = ("add", "detail", "edit", "delete", "history")
    form_class = forms.TargetForm
    service = staticmethod(services.record_save)


class ProjectMixin(PreselectMixin):
    """Detail, edit, delete and history views are made from this (core.routing.object_urls)."""

    model = PlatformProject
    selector = staticmethod(selectors.project_list)
    parent_attr = "platform"
    form_class = forms.ProjectForm
    service = staticmethod(services.record_save)


class ProjectListView(ProjectMixin, ObjectListView):
    template_name = "carriers/list.html"
    filterset_class = filters.ProjectFilterSet
    table_class = tables.ProjectTable
    export_stem = "平台项目"
    export_columns = [
        exports.ExportColumn("平台名称", "platform__name", width=36),
        exports.ExportColumn("项目名称", "title", width=40),
        exports.ExportColumn("阶段", "stage", choices=PlatformProject.Stage.choices),
        exports.ExportColumn("年度", "year", width=8),
        exports.ExportColumn("启动日期", "started_on"),
    ]


class ReviewMixin(PreselectMixin):
    model = PerformanceReview
    selector = staticmethod(selectors.review_detail)
    parent_attr = "carrier"
    form_class = forms.ReviewForm
    service = staticmethod(services.review_save)


class ReviewListView(ReviewMixin, ObjectListView):
    """绩效评价 and the ranking of carriers by score within each year (rank among the carriers the user sees)."""

    template_name = "carriers/list.html"
    selector = staticmethod(selectors.review_list)
    filterset_class = filters.ReviewFilterSet
    table_class = tables.ReviewTable
    export_stem = "载体绩效评价"
    export_columns = [
        exports.ExportColumn("载体名称", "carrier__name", width=30),
        exports.ExportColumn("年度", "year", width=8),
        exports.ExportColumn("在孵企业数", "tenants"),
        exports.ExportColumn("毕业企业数", "graduated"),
        exports.ExportColumn("入驻率(%)", "occupancy_pct"),
        exports.ExportColumn("科技型中小企业数", "tech_smes"),
        exports.ExportColumn("高新技术企业数", "htes"),
        exports.ExportColumn("融资额(万元)", "financing"),
        exports.ExportColumn("知识产权数", "ip_count"),
        exports.ExportColumn("得分", "score"),
        exports.ExportColumn("等次", "grade", choices=Grade.choices),
    ]


class ReviewDetailView(ReviewMixin, ObjectDetailView):
    detail_fields = [
        "carrier", "year", "tenants", "graduated", "occupancy_pct", "tech_smes", "htes",
        "financing", "ip_count", "score", "grade", "note",
    ]  # fmt: skip
