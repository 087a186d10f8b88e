"""Enterprise pages: configuration of core's generic views; the rules live in services/selectors."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import exports, scope
from core.views import (
    BulkAction,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)

from . import selectors, services
from .filters import (
    EnterpriseFilterSet,
    FollowUpFilterSet,
    KeyEnterpriseDueFilterSet,
    MembershipFilterSet,
    RankingFilterSet,
    VisitFilterSet,
    WithoutRDFilterSet,
)
from .forms import (
    AssignForm,
    EnterpriseForm,
    EnterpriseYearForm,
    MembershipForm,
    PangaoForm,
    PoolBulkEnterForm,
    PoolBulkMoveForm,
    PoolEnterForm,
    PoolMoveForm,
    RDProjectForm,
    VisitFollowUpForm,
    VisitForm,
)
from .models import (
    CERTIFIED_STAGES,
    Enterprise,
    EnterpriseYear,
    PangaoLevel,
    Pool,
    PoolMembership,
    RDProject,
    Stage,
    TechField,
    Visit,
)
from .tables import (
    EnterpriseTable,
    ExpiringCertificateTable,
    KeyEnterpriseDueTable,
    RankingTable,
    VisitTable,
    WithoutRDTable,
)


def may_decide_pools(user):
    return user.is_authenticated and services.may_decide_pools(user)


def _url_exists(name):
    try:
        reverse(name, args=[0])
    except NoReverseMatch:
        return False
    return True


# ---- bulk actions on the enterprise list --------------------------------------------------


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


class PoolMoveAction(BulkAction):
    name = "pool_move"
    label = gettext_lazy("变更培育库阶段")
    submit_label = gettext_lazy("变更阶段")
    icon = "arrow-right-circle"
    form_class = PoolBulkMoveForm

    def allowed(self, user):
        return may_decide_pools(user)

    def run(self, *, objects, form, user):
        data = form.cleaned_data
        stage = data["stage"]
        moved = services.pool_bulk_move(
            enterprises=objects,
            pool=data["pool"],
            year=data["year"],
            to_stage=stage,
            user=user,
            on=data["on"],
            certified_on=data["on"] if stage in CERTIFIED_STAGES else None,
            certificate_numbers=data["certificate_numbers"],
            note=data["note"],
        )
        return _("已将%(n)s家企业的%(year)s年%(pool)s转入“%(stage)s”。") % {
            "n": len(moved),
            "year": data["year"],
            "pool": Pool(data["pool"]).label,
            "stage": Stage(stage).label,
        }


class PoolEnterAction(BulkAction):
    name = "pool_enter"
    label = gettext_lazy("纳入培育库")
    submit_label = gettext_lazy("纳入")
    icon = "box-arrow-in-right"
    form_class = PoolBulkEnterForm

    def allowed(self, user):
        return may_decide_pools(user)

    def run(self, *, objects, form, user):
        data = form.cleaned_data
        entered = services.pool_bulk_enter(
            enterprises=objects,
            pool=data["pool"],
            year=data["year"],
            stage=data["stage"] or None,
            user=user,
            on=data["on"],
            note=data["note"],
        )
        return _("已将%(n)s家企业纳入%(year)s年%(pool)s。") % {
            "n": len(entered),
            "year": data["year"],
            "pool": Pool(data["pool"]).label,
        }


# ---- enterprises --------------------------------------------------------------------------


class EnterpriseViewMixin:
    model = Enterprise
    selector = staticmethod(selectors.enterprise_detail)


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
    detail_fields = [
        "credit_code",
        "town",
        "grid_officer",
        "address",
        "industry",
        "tech_field",
        "founded_on",
        "registered_capital",
        "employees",
        "rd_staff",
        "contact_name",
        "contact_phone",
        "is_key",
        "listing_plan",
        "no_major_incident",
        "last_visited_on",
    ]

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
            today=timezone.localdate(),
        )
        return context


def _as_of(request):
    """The diagnosis date from ?as_of=YYYY-MM-DD (to look at an earlier year), else today."""
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


class EnterpriseDiagnosisView(EnterpriseViewMixin, ObjectDetailView):
    """The 诊断 tab: every 高企 condition with figure, requirement and gap; score ranges; 科小."""

    template_name = "enterprises/enterprise_diagnosis.html"
    tab = "diagnosis"

    def field_rows(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = _as_of(self.request)
        qiangji = [m for m in self.object.memberships.all() if m.pool == Pool.QIANGJI]
        context.update(
            as_of=as_of,
            result=selectors.enterprise_diagnosis(self.object, as_of),
            latest_qiangji=max(qiangji, key=lambda m: (m.year, m.pk), default=None),
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


class EnterpriseChildMixin:
    """A record shown and edited from its enterprise's page; back to that page after a save."""

    parent_attr = "enterprise"
    parent_model = Enterprise
    anchor = ""

    def get_success_url(self):
        return self.get_parent_object().get_absolute_url() + self.anchor


class EnterpriseYearMixin(EnterpriseChildMixin):
    model = EnterpriseYear
    selector = staticmethod(selectors.year_rows)
    anchor = "#years"


class EnterpriseYearDetailView(EnterpriseYearMixin, ObjectDetailView):
    pass


class EnterpriseYearHistoryView(EnterpriseYearMixin, ObjectHistoryView):
    pass


class EnterpriseYearEditView(EnterpriseYearMixin, ObjectEditView):
    form_class = EnterpriseYearForm


class EnterpriseYearDeleteView(EnterpriseYearMixin, ObjectDeleteView):
    pass


class RDProjectMixin(EnterpriseChildMixin):
    model = RDProject
    selector = staticmethod(selectors.rd_rows)
    anchor = "#rd"


class RDProjectDetailView(RDProjectMixin, ObjectDetailView):
    pass


class RDProjectHistoryView(RDProjectMixin, ObjectHistoryView):
    pass


class RDProjectEditView(RDProjectMixin, ObjectEditView):
    form_class = RDProjectForm


class RDProjectDeleteView(RDProjectMixin, ObjectDeleteView):
    pass


# ---- pool memberships -----------------------------------------------------------------------


class MembershipMixin(EnterpriseChildMixin):
    model = PoolMembership
    selector = staticmethod(selectors.membership_detail)
    anchor = "#pools"


class MembershipDetailView(MembershipMixin, ObjectDetailView):
    """One membership: its stage timeline and the moves the rules allow now."""

    template_name = "enterprises/membership_detail.html"
    detail_fields = ["enterprise", "pool", "year", "stage", "stage_on", "certificate_no", "certified_on", "note"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decide = may_decide_pools(self.request.user)
        membership = self.object
        membership.next_stages = [Stage(s) for s in services.allowed_next_stages(membership)] if decide else []
        context.update(membership=membership, may_decide=decide, today=timezone.localdate())
        return context


class MembershipHistoryView(MembershipMixin, ObjectHistoryView):
    pass


class MembershipEditView(MembershipMixin, ObjectEditView):
    form_class = MembershipForm
    service = staticmethod(services.membership_update)

    def get_success_url(self):
        return self.object.get_absolute_url()


class MembershipDeleteView(MembershipMixin, ObjectDeleteView):
    pass


class PoolActionMixin:
    """Pool decisions: bureau staff only (see services.may_decide_pools)."""

    def allowed(self, user):
        return may_decide_pools(user)

    def get_success_url(self):
        return self.next_url() or super().get_success_url()


class PoolEnterView(PoolActionMixin, EnterpriseViewMixin, ObjectActionView):
    title = gettext_lazy("纳入培育库")
    submit_label = gettext_lazy("纳入")
    form_class = PoolEnterForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        membership = services.pool_enter(
            enterprise=self.object,
            pool=data["pool"],
            year=data["year"],
            stage=data["stage"] or None,
            user=self.request.user,
            on=data["on"],
            certificate_no=data["certificate_no"],
            certified_on=data["certified_on"],
            level=data["level"],
            note=data["note"],
        )
        return _("已纳入：%(m)s") % {"m": membership}

    def get_success_url(self):
        return self.next_url() or self.object.get_absolute_url() + "#pools"


class PoolMoveView(PoolActionMixin, MembershipMixin, ObjectActionView):
    """变更阶段: the form asks the date, and the certificate for 已认定/已入库."""

    title = gettext_lazy("变更培育库阶段")
    submit_label = gettext_lazy("确认变更")
    form_class = PoolMoveForm
    partial_template_name = "enterprises/includes/pool_move_form.html"
    template_name = "enterprises/pool_move.html"

    def get_initial(self):
        fields = ("stage", "on", "certificate_no", "certified_on", "note")
        initial = {name: self.request.GET[name] for name in fields if self.request.GET.get(name)}
        allowed = services.allowed_next_stages(self.object)
        initial.setdefault("stage", allowed[0] if allowed else "")
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "membership": self.object}

    def perform(self, form):
        data = form.cleaned_data
        membership = services.pool_advance(
            membership=self.object,
            to_stage=data["stage"],
            user=self.request.user,
            on=data["on"],
            certificate_no=data["certificate_no"],
            certified_on=data["certified_on"],
            note=data["note"],
        )
        return _("%(ent)s已转入“%(stage)s”（%(on)s）。") % {
            "ent": membership.enterprise,
            "stage": membership.get_stage_display(),
            "on": membership.stage_on,
        }


class PangaoView(PoolActionMixin, MembershipMixin, ObjectActionView):
    title = gettext_lazy("攀高层级与推荐")
    submit_label = gettext_lazy("保存")
    form_class = PangaoForm

    def get_initial(self):
        m = self.object
        return {
            "level": m.level,
            "recommended_provincial": m.recommended_provincial,
            "recommended_on": m.recommended_on,
            "national_list": m.national_list,
        }

    def scoped_queryset(self):
        return super().scoped_queryset().filter(pool=Pool.PANGAO)  # 攀高 only; others answer 404

    def perform(self, form):
        data = form.cleaned_data
        services.pangao_update(
            membership=self.object,
            user=self.request.user,
            level=data["level"],
            recommended_provincial=data["recommended_provincial"],
            recommended_on=data["recommended_on"],
            national_list=data["national_list"],
        )
        return _("已保存%(ent)s的攀高层级与推荐。") % {"ent": self.object.enterprise}


# ---- the diagnosis ranking and the warnings ------------------------------------------------


class RankingView(ObjectListView):
    """强基 pool of a year, closest to 高企 first (diagnosis.gap_rank_key)."""

    model = PoolMembership
    selector = staticmethod(selectors.warning_rows)
    filterset_class = RankingFilterSet
    table_class = RankingTable
    template_name = "enterprises/ranking.html"
    export_stem = "高企培育诊断排名"
    export_columns = [exports.ExportColumn("排名", "rank")]  # enables the button; export() writes the rows

    def ranked(self):
        if not hasattr(self, "_ranked"):
            self._ranked = selectors.diagnosis_ranking(self.filtered_queryset(), as_of=_as_of(self.request))
        return self._ranked

    def get_table_data(self):
        return self.ranked()

    def export(self, export_format):
        columns = [
            exports.ExportColumn("排名", "rank", width=6),
            exports.ExportColumn("企业名称", "name", width=36),
            exports.ExportColumn("统一社会信用代码", "code", width=22),
            exports.ExportColumn("所属区镇", "town"),
            exports.ExportColumn("阶段", "stage", choices=Stage.choices),
            exports.ExportColumn("不符合条件数", "failing_n"),
            exports.ExportColumn("待核实条件数", "unknown_n"),
            exports.ExportColumn("差距", "gaps", width=60),
            exports.ExportColumn("创新能力得分下限", "score_min"),
            exports.ExportColumn("创新能力得分上限", "score_max"),
            exports.ExportColumn("科小评价得分", "sme_score"),
        ]
        rows = (
            [
                r["rank"],
                r["name"],
                r["credit_code"],
                r["town"] or "",
                r["stage"],
                len(r["failing"]),
                len(r["unknown"]),
                "；".join(f["short"] for f in r["failing"]),
                r["score_min"],
                r["score_max"],
                r["sme_score"],
            ]
            for r in self.ranked()
        )
        return exports.rows_response(columns, rows, exports.export_filename(self.export_stem), export_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            verbose_name_plural=_("高企培育诊断排名"),
            as_of=_as_of(self.request),
            year=self.filterset.year_value if self.filterset.is_bound else selectors.current_year(),
        )
        return context


class CertificateExpiryColumn(exports.ExportColumn):
    def display(self, value):
        return selectors.add_years(value, selectors.CERTIFICATE_YEARS) if value else None


class ExpiringCertificatesView(ObjectListView):
    """到期老高企: certificates that expire within 12 months."""

    model = PoolMembership
    filterset_class = MembershipFilterSet
    table_class = ExpiringCertificateTable
    template_name = "enterprises/warnings.html"
    warning = "expiring"
    export_stem = "到期老高企"
    export_columns = [
        exports.ExportColumn("企业名称", "enterprise__name", width=36),
        exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
        exports.ExportColumn("所属区镇", "enterprise__town__name"),
        exports.ExportColumn("证书编号", "certificate_no", width=20),
        exports.ExportColumn("发证日期", "certified_on", width=12),
        CertificateExpiryColumn("到期日", "certified_on", width=12),
        exports.ExportColumn("今年强基阶段", "current_stage", choices=Stage.choices),
        exports.ExportColumn("联系人", "enterprise__contact_name"),
        exports.ExportColumn("联系电话", "enterprise__contact_phone"),
    ]

    def scoped_queryset(self):
        return selectors.certificates_expiring(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(verbose_name_plural=_("培育预警"), warning=self.warning)
        return context


class WithoutRDView(ExpiringCertificatesView):
    """强基 pool members without a 研发项目备案 this year."""

    filterset_class = WithoutRDFilterSet
    table_class = WithoutRDTable
    warning = "no_rd"
    export_stem = "强基库未备案研发项目企业"
    export_columns = [
        exports.ExportColumn("企业名称", "enterprise__name", width=36),
        exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
        exports.ExportColumn("所属区镇", "enterprise__town__name"),
        exports.ExportColumn("阶段", "stage", choices=Stage.choices),
        exports.ExportColumn("最近备案年度", "last_rd_year"),
        exports.ExportColumn("联系人", "enterprise__contact_name"),
        exports.ExportColumn("联系电话", "enterprise__contact_phone"),
    ]

    def scoped_queryset(self):
        return selectors.warning_rows(self.request.user).order_by("enterprise__town__order", "enterprise__name")


# ---- visits (走访): recorded on a phone by town officers, read by everyone in scope ----------


class VisitViewMixin:
    model = Visit
    selector = staticmethod(selectors.visit_detail)


class VisitSectionMixin:
    """The tabs over every visit page (全部 / 我的 / 待跟进 / 本季未走访重点企业)."""

    section = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visit_section"] = self.section
        context["can_record_visit"] = scope.can_create(self.request.user, Visit)
        context["can_create"] = False  # these pages offer 记走访 themselves instead of the generic 新增
        return context


VISIT_EXPORT_COLUMNS = [
    exports.ExportColumn("走访日期", "visited_on", width=12),
    exports.ExportColumn("企业名称", "enterprise__name", width=36),
    exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
    exports.ExportColumn("所属区镇", "enterprise__town__name"),
    exports.ExportColumn("走访人", "officer_name"),
    exports.ExportColumn("方式", "kind", choices=Visit.Kind.choices),
    exports.ExportColumn("企业需求", "needs", choices=Visit.Need.choices, width=20),
    exports.ExportColumn("走访内容", "content", width=40),
    exports.ExportColumn("问题", "problem", width=40),
    exports.ExportColumn("跟进状态", "follow_up", choices=Visit.FollowUp.choices),
    exports.ExportColumn("办理结果", "resolution", width=40),
    exports.ExportColumn("照片数", "photo_count", width=8),
]


class VisitListView(VisitSectionMixin, VisitViewMixin, ObjectListView):
    selector = staticmethod(selectors.visit_list)
    filterset_class = VisitFilterSet
    table_class = VisitTable
    template_name = "enterprises/visit_list.html"
    paginate_by = 30
    list_title = gettext_lazy("走访记录")
    export_stem = "走访记录"
    export_columns = VISIT_EXPORT_COLUMNS
    section = "all"


class MyVisitListView(VisitListView):
    selector = staticmethod(selectors.my_visits)
    list_title = gettext_lazy("我的走访")
    export_stem = "我的走访"
    section = "mine"


class FollowUpListView(VisitListView):
    """Open problems of the user's town (all towns for the bureau), updated in place with htmx."""

    selector = staticmethod(selectors.open_follow_ups)
    filterset_class = FollowUpFilterSet
    template_name = "enterprises/visit_follow_ups.html"
    list_title = gettext_lazy("待跟进事项")
    export_stem = "待跟进事项"
    section = "follow_ups"

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "order_by": ("visited_on",)}  # the longest-waiting first


class KeyEnterpriseDueView(VisitSectionMixin, ObjectListView):
    """重点企业 not visited this quarter (家家到), each with a button that starts the visit record."""

    model = Enterprise
    filterset_class = KeyEnterpriseDueFilterSet
    table_class = KeyEnterpriseDueTable
    template_name = "enterprises/visit_due.html"
    list_title = gettext_lazy("本季度未走访的重点企业")
    export_stem = "本季度未走访重点企业"
    export_columns = [
        exports.ExportColumn("企业名称", "name", width=36),
        exports.ExportColumn("统一社会信用代码", "credit_code", width=22),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("科技网格员", "grid_officer_name"),
        exports.ExportColumn("最近走访", "last_visited_on", width=12),
        exports.ExportColumn("联系人", "contact_name"),
        exports.ExportColumn("联系电话", "contact_phone", width=16),
    ]
    section = "due"

    def scoped_queryset(self):
        return selectors.key_enterprises_due(self.request.user, timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coverage"] = selectors.key_visit_coverage(self.request.user, timezone.localdate())
        return context


class VisitDetailView(VisitViewMixin, ObjectDetailView):
    template_name = "enterprises/visit_detail.html"


class VisitHistoryView(VisitViewMixin, ObjectHistoryView):
    pass


class VisitEditView(VisitViewMixin, ObjectEditView):
    """记走访 / 编辑走访: one phone screen; `?enterprise=<id>` preselects the enterprise."""

    form_class = VisitForm
    template_name = "enterprises/visit_form.html"
    service = staticmethod(services.visit_record)

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and self.request.GET.get("enterprise", "").isdigit():
            initial["enterprise"] = self.request.GET["enterprise"]  # the form's scoped choices vet it
        return initial

    def get_service_kwargs(self, form):
        removed = form.cleaned_data.get("remove_photos") or []
        return {"photos": form.cleaned_data.get("photos") or [], "remove_photos": [photo.pk for photo in removed]}


class VisitDeleteView(VisitViewMixin, ObjectDeleteView):
    service = staticmethod(services.visit_delete)


class VisitFollowUpView(VisitViewMixin, ObjectEditView):
    """跟进: status and resolution of one visit; htmx swaps the visit's card in the follow-up queue."""

    selector = staticmethod(selectors.visit_list)  # the card shows the officer's name and photo count
    form_class = VisitFollowUpForm
    template_name = "enterprises/visit_follow_up.html"
    service = staticmethod(services.visit_record)

    def get_template_names(self):
        if self.request.htmx:
            return ["enterprises/includes/follow_up_card.html"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        if request.htmx and request.GET.get("card"):  # 取消: the card as it was, without the form
            self.object = self.get_object()
            return self.render_to_response({"visit": self.object, "can_change": True})
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        # A refused form has already copied its values onto self.object; the card shows what is saved.
        refused = form is not None and form.is_bound
        context["visit"] = self.get_queryset().get(pk=self.object.pk) if refused else self.object
        return context

    def saved(self, form):
        if self.request.htmx:
            visit = self.get_queryset().get(pk=self.object.pk)  # fresh annotations for the card
            return self.render_to_response({"visit": visit, "can_change": True, "saved": True})
        return super().saved(form)

    def get_success_url(self):
        return reverse("enterprises:visit_follow_ups")


class VisitEnterpriseSearchView(View):
    """The visit form's type-ahead: a few enterprises of the user's scope, or the picked one."""

    def dispatch(self, request, *args, **kwargs):
        if not scope.can_create(request.user, Visit):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if "q" in request.GET:  # typing: the matches
            text = request.GET["q"].strip()
            results = list(selectors.visit_enterprise_search(request.user, text))
            context = {"results": results, "q": text}
            return render(request, "enterprises/includes/enterprise_search_results.html", context)
        pick = request.GET.get("pick", "")
        if pick.isdigit():  # a match tapped: the picker shows it chosen
            enterprise = get_object_or_404(selectors.enterprise_detail(request.user), pk=pick)
            return render(request, "enterprises/includes/enterprise_picker.html", {"picked": enterprise})
        # 更换: the empty search box again
        return render(request, "enterprises/includes/enterprise_picker.html", {"autofocus": True})


class VisitPhotoView(View):
    """A visit photo (or its thumbnail), only to users whose scope includes the visit's enterprise."""

    thumbnail = False

    def get(self, request, pk):
        photo = get_object_or_404(selectors.visit_photos(request.user), pk=pk)
        try:
            name = services.visit_photo_thumbnail(photo) if self.thumbnail else photo.image.name
            handle = photo.image.storage.open(name, "rb")
        except FileNotFoundError as exc:  # the row outlived its file (restored database, moved media)
            raise Http404 from exc
        content_type = "image/png" if name.lower().endswith(".png") else "image/jpeg"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=86400"  # a photo never changes; never in shared caches
        return response
