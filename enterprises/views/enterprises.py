"""The enterprise list, page, diagnosis tab, edit/delete, and its yearly figures and R&D filings."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports, panels, scope
from core.views import (
    BulkAction,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)

from .. import selectors, services
from ..filters import (
    EnterpriseFilterSet,
)
from ..forms import (
    AssignForm,
    EnterpriseForm,
    EnterpriseYearForm,
    RDProjectForm,
)
from ..models import (
    Enterprise,
    EnterpriseYear,
    PangaoLevel,
    RDProject,
    Stage,
    TechField,
    Visit,
)
from ..tables import (
    EnterpriseTable,
)
from .common import EnterpriseChildMixin, EnterpriseViewMixin, _as_of, _url_exists, may_decide_pools
from .pools import PoolEnterAction, PoolMoveAction

# ---- bulk actions on the enterprise list ---


class AssignAction(BulkAction):
    name = "assign"
    label = gettext_lazy("分配区镇/网格员")
    submit_label = gettext_lazy("分配")
    icon = "person-check"
    form_class = AssignForm

    def allowed(self, user):
        return bool(getattr(user, "is_bureau", False))

    def run(self, *, objects, form, user):
        data = form.cleaned_data
        count = services.enterprises_assign(
            enterprises=objects, user=user, town=data["town"], grid_officer=data["grid_officer"]
        )
        return _("已为%(n)s家企业分配区镇/网格员。") % {"n": count}


# ---- enterprises --------------------------------------------------------------------------


class EnterpriseListView(EnterpriseViewMixin, ObjectListView):
    template_name = "enterprises/enterprise_list.html"
    selector = staticmethod(selectors.enterprise_list)
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    bulk_actions = [AssignAction, PoolMoveAction, PoolEnterAction]
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
        # Annotated for the filtered year (filtered_queryset below).
        exports.ExportColumn("繁星计划阶段", "fanxing_stage", choices=Stage.choices),
        exports.ExportColumn("强基计划阶段", "qiangji_stage", choices=Stage.choices),
        exports.ExportColumn("攀高计划层级", "pangao_level", choices=PangaoLevel.choices),
    ]

    POOL_COLUMNS = ("fanxing_stage", "qiangji_stage", "pangao_level")

    def get_export_columns(self):
        # The pool columns are the memberships of the filtered year: their headings say which.
        filterset = self.get_filterset(self.get_filterset_class())
        year = filterset.pool_year if filterset.is_valid() else None
        if year is None:
            return self.export_columns
        return [
            exports.ExportColumn(f"{c.header}（{year}年）", c.path, c.choices and list(c.choices.items()), c.width)
            if c.path in self.POOL_COLUMNS
            else c
            for c in self.export_columns
        ]

    def filtered_queryset(self):
        # The export reads values, so the pool stages come as annotations of the same query.
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_valid():
            return self.scoped_queryset().none()
        return selectors.with_pool_stages(filterset.qs.prefetch_related(None), filterset.pool_year)

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        # The pool column shows the memberships of the filtered year: say which.
        table.columns["pools"].column.verbose_name = _("培育库（%(year)s年）") % {"year": self.filterset.pool_year}
        return table


class EnterpriseDetailView(EnterpriseViewMixin, ObjectDetailView):
    template_name = "enterprises/enterprise_detail.html"
    detail_fields = [*(f for f in Enterprise.edit_fields if f != "name"), "last_visited_on"]  # the name is the heading

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = selectors.enterprise_page(self.object)
        decide = may_decide_pools(user)
        for membership in page["memberships"]:
            membership.next_stages = [Stage(s) for s in services.allowed_next_stages(membership)] if decide else []
        context.update(
            page,
            may_decide=decide,
            can_add_year=scope.can_create(user, EnterpriseYear),
            can_change_year=scope.can_change(user, EnterpriseYear),
            can_add_rd=scope.can_create(user, RDProject),
            can_change_rd=scope.can_change(user, RDProject),
            visit_links=_url_exists("enterprises:visit_detail"),
            can_follow_up=scope.can_change(user, Visit),
            today=timezone.localdate(),
            can_record_visit=scope.can_create(user, Visit),
            contact_tel=_tel(self.object.contact_phone),
        )
        # Other apps' records of this enterprise (core.panels), one query per panel, in the user's scope.
        bound = panels.for_enterprise(self.object, user)
        context["panels"] = [p for p in bound if p.total]
        context["empty_panels"] = [p for p in bound if not p.total]
        return context


def _tel(phone: str) -> str:
    """The first number of a contact phone as a tel: target ("0513-8221 0000 / 139…" → "0513-82210000")."""
    first = re.split(r"[/,，;；、]|\s{2,}", phone or "")[0]
    return "".join(ch for ch in first if ch.isdigit() or ch in "+-")


class EnterpriseDiagnosisView(EnterpriseViewMixin, ObjectDetailView):
    """The 诊断 tab: every 高企 condition with figure, requirement and gap; score ranges; 科小."""

    template_name = "enterprises/enterprise_diagnosis.html"
    tab = "diagnosis"

    def field_rows(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = _as_of(self.request)
        context.update(
            as_of=as_of,
            result=selectors.enterprise_diagnosis(self.object, as_of),
            latest_qiangji=selectors.latest_qiangji(self.object.memberships.all()),
            may_decide=may_decide_pools(self.request.user),
        )
        return context

    def get_object(self, queryset=None):
        # Years and memberships once, for the diagnosis and the links alike.
        return super().get_object(self.get_queryset().prefetch_related("years", "memberships"))


class EnterpriseHistoryView(EnterpriseViewMixin, ObjectHistoryView):
    template_name = "enterprises/enterprise_history.html"


class EnterpriseEditView(EnterpriseViewMixin, ObjectEditView):
    form_class = EnterpriseForm
    service = staticmethod(services.enterprise_save)


class EnterpriseDeleteView(EnterpriseViewMixin, ObjectDeleteView):
    pass


# ---- records of one enterprise: yearly figures, R&D filings -------------------------------


class EnterpriseYearMixin(EnterpriseChildMixin):
    """Yearly figures: detail, edit, delete and history views are made from this (core.routing.object_urls)."""

    model = EnterpriseYear
    selector = staticmethod(selectors.year_rows)
    form_class = EnterpriseYearForm
    anchor = "#years"


class RDProjectMixin(EnterpriseChildMixin):
    """研发项目备案 of one enterprise, configured the same way."""

    model = RDProject
    selector = staticmethod(selectors.rd_rows)
    form_class = RDProjectForm
    anchor = "#rd"
