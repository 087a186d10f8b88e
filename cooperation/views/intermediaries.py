"""科技中介机构 pages: the agencies, the services they delivered to enterprises, their yearly evaluations."""

from django.utils.translation import gettext_lazy as _

from core import exports, scope
from core.views import ObjectDetailView, ObjectListView

from .. import selectors, services
from ..filters import IntermediaryFilterSet, ReviewFilterSet, ServiceFilterSet
from ..forms import IntermediaryForm, ReviewForm, ServiceForm
from ..models import Grade, Intermediary, IntermediaryReview, IntermediaryService, Satisfaction, ServiceKind
from ..tables import IntermediaryTable, ReviewTable, ServiceTable
from .common import FormattedFieldsMixin, PreselectMixin

__all__ = [
    "IntermediaryMixin",
    "IntermediaryListView",
    "IntermediaryDetailView",
    "ServiceMixin",
    "ServiceListView",
    "ReviewMixin",
    "ReviewListView",
]


class IntermediaryMixin:
    model = Intermediary
    selector = staticmethod(selectors.intermediary_list)
    form_class = IntermediaryForm
    service = staticmethod(services.intermediary_save)
    delete_service = staticmethod(services.record_delete)


class IntermediaryListView(IntermediaryMixin, ObjectListView):
    template_name = "cooperation/finance_section_list.html"
    filterset_class = IntermediaryFilterSet
    table_class = IntermediaryTable
    list_title = _("科技中介机构")
    export_stem = "科技中介机构"
    export_columns = [
        exports.ExportColumn("机构名称", "name", width=30),
        exports.ExportColumn("主要服务", "kind", choices=ServiceKind.choices),
        exports.ExportColumn("所在区镇", "town__name"),
        exports.ExportColumn("联系人", "contact"),
        exports.ExportColumn("联系电话", "phone"),
        exports.ExportColumn("服务次数", "service_count"),
        exports.ExportColumn("服务企业", "enterprise_count"),
    ]


class IntermediaryDetailView(FormattedFieldsMixin, IntermediaryMixin, ObjectDetailView):
    template_name = "cooperation/intermediary_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.intermediary_page(self.object, self.request.user))
        context["can_add_service"] = scope.can_create(self.request.user, IntermediaryService)
        context["can_add_review"] = scope.can_create(self.request.user, IntermediaryReview)
        return context


class ServiceMixin(FormattedFieldsMixin, PreselectMixin):
    model = IntermediaryService
    selector = staticmethod(selectors.service_list)
    form_class = ServiceForm
    service = staticmethod(services.service_save)
    delete_service = staticmethod(services.record_delete)
    preselect = ("intermediary",)


class ServiceListView(ServiceMixin, ObjectListView):
    template_name = "cooperation/finance_section_list.html"
    filterset_class = ServiceFilterSet
    table_class = ServiceTable
    list_title = _("中介服务记录")
    export_stem = "中介服务记录"
    export_columns = [
        exports.ExportColumn("中介机构", "intermediary__name", width=30),
        exports.ExportColumn("企业名称", "enterprise__name", width=36),
        exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
        exports.ExportColumn("服务类型", "kind", choices=ServiceKind.choices),
        exports.ExportColumn("服务日期", "served_on", width=12),
        exports.ExportColumn("服务内容", "content", width=40),
        exports.ExportColumn("服务费用(万元)", "fee"),
        exports.ExportColumn("企业评价", "satisfaction", choices=Satisfaction.choices),
    ]


class ReviewMixin(FormattedFieldsMixin, PreselectMixin):
    model = IntermediaryReview
    selector = staticmethod(selectors.review_list)
    form_class = ReviewForm
    service = staticmethod(services.review_save)
    delete_service = staticmethod(services.record_delete)
    preselect = ("intermediary",)


class ReviewListView(ReviewMixin, ObjectListView):
    template_name = "cooperation/finance_section_list.html"
    filterset_class = ReviewFilterSet
    table_class = ReviewTable
    list_title = _("中介机构绩效评价")
    export_stem = "中介机构绩效评价"
    export_columns = [
        exports.ExportColumn("中介机构", "intermediary__name", width=30),
        exports.ExportColumn("年度", "year", width=8),
        exports.ExportColumn("当年服务次数", "service_count"),
        exports.ExportColumn("当年服务企业", "enterprise_count"),
        exports.ExportColumn("得分", "score", width=8),
        exports.ExportColumn("等级", "grade", choices=Grade.choices, width=8),
        exports.ExportColumn("评价日期", "reviewed_on", width=12),
        exports.ExportColumn("评价意见", "opinion", width=40),
    ]
