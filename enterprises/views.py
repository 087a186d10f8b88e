from core import exports
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView

from . import selectors, services
from .filters import EnterpriseFilterSet
from .forms import EnterpriseForm
from .models import Enterprise, TechField
from .tables import EnterpriseTable


class EnterpriseViewMixin:
    model = Enterprise
    selector = staticmethod(selectors.enterprise_detail)


class EnterpriseListView(EnterpriseViewMixin, ObjectListView):
    selector = staticmethod(selectors.enterprise_list)
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    export_stem = "企业名单"
    export_columns = [
        exports.ExportColumn("企业名称", "name", width=36),
        exports.ExportColumn("统一社会信用代码", "credit_code", width=22),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("技术领域", "tech_field", choices=TechField.choices),
        exports.ExportColumn("成立日期", "founded_on", width=12),
        exports.ExportColumn("职工总数", "employees"),
        exports.ExportColumn("科技人员数", "rd_staff"),
        exports.ExportColumn("联系人", "contact_name"),
        exports.ExportColumn("联系电话", "contact_phone"),
        exports.ExportColumn("重点企业", "is_key"),
        exports.ExportColumn("最近走访", "last_visited_on", width=12),
    ]


class EnterpriseDetailView(EnterpriseViewMixin, ObjectDetailView):
    pass


class EnterpriseHistoryView(EnterpriseViewMixin, ObjectHistoryView):
    pass


class EnterpriseEditView(EnterpriseViewMixin, ObjectEditView):
    form_class = EnterpriseForm
    service = staticmethod(services.enterprise_save)


class EnterpriseDeleteView(EnterpriseViewMixin, ObjectDeleteView):
    pass
