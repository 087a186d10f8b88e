"""高校院所 and 产学研合作项目."""

from core import exports
from core.views import ObjectDetailView, ObjectListView

from .. import filters, forms, selectors, services, tables
from ..models import IACooperation, IAKind, IAStatus, Institution, InstitutionKind, Region
from .common import FormattedFieldsMixin, SectionMixin, labels


class InstitutionMixin:
    model = Institution
    selector = staticmethod(selectors.institution_detail)
    form_class = forms.InstitutionForm
    service = staticmethod(services.record_save)


class InstitutionListView(SectionMixin, InstitutionMixin, ObjectListView):
    selector = staticmethod(selectors.institution_list)
    filterset_class = filters.InstitutionFilterSet
    table_class = tables.InstitutionTable
    export_stem = "高校院所"
    export_columns = [
        exports.ExportColumn("院校名称", "name", width=30),
        exports.ExportColumn("所在地区", "region", choices=labels(Region.choices)),
        exports.ExportColumn("类型", "kind", choices=labels(InstitutionKind.choices)),
        exports.ExportColumn("联系人", "contact"),
        exports.ExportColumn("合作项目", "project_count", width=10),
    ]


class InstitutionDetailView(FormattedFieldsMixin, InstitutionMixin, ObjectDetailView):
    template_name = "cooperation/institution_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["projects"] = list(selectors.institution_projects(self.object, self.request.user)[:100])
        return context


class IACooperationMixin:
    model = IACooperation
    selector = staticmethod(selectors.ia_project_list)
    form_class = forms.IACooperationForm
    service = staticmethod(services.record_save)


IA_EXPORT_COLUMNS = [
    exports.ExportColumn("项目名称", "title", width=36),
    exports.ExportColumn("企业名称", "enterprise__name", width=32),
    exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
    exports.ExportColumn("所属区镇", "enterprise__town__name"),
    exports.ExportColumn("合作院校", "institution__name", width=24),
    exports.ExportColumn("合作方式", "kind", choices=labels(IAKind.choices)),
    exports.ExportColumn("合同金额(万元)", "amount"),
    exports.ExportColumn("签约日期", "signed_on"),
    exports.ExportColumn("状态", "status", choices=labels(IAStatus.choices)),
    exports.ExportColumn("备注", "note", width=24),
]


class IACooperationDetailView(FormattedFieldsMixin, IACooperationMixin, ObjectDetailView):
    pass


class IACooperationListView(SectionMixin, IACooperationMixin, ObjectListView):
    filterset_class = filters.IACooperationFilterSet
    table_class = tables.IACooperationTable
    export_stem = "产学研合作项目"
    export_columns = IA_EXPORT_COLUMNS
