"""Pool memberships: bulk moves, one membership's page, entering a pool, moving a stage, 攀高, the ranking."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core import exports
from core.forms import style_field
from core.views import (
    BulkAction,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)

from .. import rules, selectors, services
from ..filters import (
    RankingFilterSet,
)
from ..forms import (
    MembershipForm,
    PangaoForm,
    PoolBulkEnterForm,
    PoolBulkMoveForm,
    PoolEnterForm,
    PoolMoveForm,
)
from ..models import (
    Pool,
    PoolMembership,
    Stage,
    pool_workflow,
)
from ..tables import (
    RankingTable,
)
from .common import EnterpriseChildMixin, EnterpriseViewMixin, _as_of, may_decide_pools


class PoolMoveAction(BulkAction):
    name = "pool_move"
    label = gettext_lazy("变更培育库阶段")
    submit_label = gettext_lazy("变更阶段")
    icon = "arrow-right-circle"
    form_class = PoolBulkMoveForm

    def allowed(self, user):
        return may_decide_pools(user)

    def get_initial(self):
        """Pool, year and current stage from the list's filter (a list of 2023 强基 拟申报 opens the
        form at 强基 / 2023 / 下一阶段 = 已申报), valid values only."""
        filterset = getattr(self.view, "filterset", None)
        if filterset is None:  # a POST builds the form before the list's filter (same query string)
            filterset = self.view.get_filterset(self.view.get_filterset_class())
        data = filterset.form.cleaned_data if filterset.is_valid() else {}
        initial = {}
        if data.get("pool"):
            initial["pool"] = data["pool"]
            if data.get("stage") and data["stage"] in pool_workflow(data["pool"]).stages:
                initial["from_stage"] = data["stage"]
        if data.get("year"):
            initial["year"] = int(data["year"])
        return initial

    def run(self, *, objects, form, user):
        data = form.cleaned_data
        moved = services.pool_bulk_move(
            enterprises=objects,
            pool=data["pool"],
            year=data["year"],
            to_stage=data["stage"],
            user=user,
            on=data["on"],
            certificate_numbers=data["certificate_numbers"],
            note=data["note"],
            later_confirmed=data["later_confirmed"],
        )
        return moved_message(moved, year=data["year"], pool=data["pool"])


def moved_message(moved, *, year, pool, shown=10) -> str:
    """已将3家企业（甲、乙、丙）的2023年强基计划转入“已申报”（2023-12-31）: names the enterprises
    (the first `shown` of a long batch), and each stage and date when 下一阶段 split them."""

    def names(group):
        return "、".join(group[:shown]) + (_("等") if len(group) > shown else "")

    groups = {}
    for membership in moved:
        groups.setdefault((membership.stage, membership.stage_on), []).append(str(membership.enterprise))
    words = {"n": len(moved), "year": year, "pool": Pool(pool).label}
    if len(groups) == 1:
        ((stage, on), group), *_rest = groups.items()
        words.update(names=names(group), stage=Stage(stage).label, on=on.isoformat())
        return _("已将%(n)s家企业（%(names)s）的%(year)s年%(pool)s转入“%(stage)s”（%(on)s）。") % words
    parts = [
        _("%(n)s家（%(names)s）转入“%(stage)s”（%(on)s）")
        % {"n": len(group), "names": names(group), "stage": Stage(stage).label, "on": on.isoformat()}
        for (stage, on), group in groups.items()
    ]
    return _("已将%(n)s家企业的%(year)s年%(pool)s转入下一阶段：%(parts)s。") % {**words, "parts": "；".join(parts)}


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
            later_confirmed=data["later_confirmed"],
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
    actions = ()  # a report over memberships: no membership list or add button
    selector = staticmethod(selectors.warning_rows)
    filterset_class = RankingFilterSet
    table_class = RankingTable
    template_name = "enterprises/ranking.html"
    export_stem = "高企培育诊断排名"
    # The export writes the ranked rows itself (export()); an invalid filter exports these headers only.
    export_columns = [
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

    def ranked(self):
        if not hasattr(self, "_ranked"):
            self._ranked = selectors.diagnosis_ranking(self.filtered_queryset(), as_of=_as_of(self.request))
        return self._ranked

    def get_table_data(self):
        return self.ranked()

    def export(self, export_format):
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
        return exports.rows_response(
            self.export_columns, rows, self.export_filename(), export_format, heading=self.export_heading()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            verbose_name_plural=_("高企培育诊断排名"),
            as_of=_as_of(self.request),
            year=self.filterset.year_value if self.filterset.is_bound else selectors.current_year(),
        )
        return context


# ---- the pool pipeline: staff's daily working screen -------------------------------------------


class PipelineForm(forms.Form):
    pool = forms.ChoiceField(label=gettext_lazy("培育库"), choices=Pool.choices, required=False)
    year = forms.IntegerField(
        label=gettext_lazy("年度"), required=False, min_value=rules.YEAR_MIN, max_value=rules.YEAR_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_field(field)


class PipelineView(TemplateView):
    """培育进度: for a pool and year, how many reached each stage (or later) by town — the KPIs'
    rule (selectors.reached_condition) — each figure a link to exactly those enterprises, and per
    stage the enterprises at it now with 下一阶段 (the bulk move, opened and preset)."""

    template_name = "enterprises/pipeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PipelineForm(self.request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        pool = data.get("pool") or Pool.QIANGJI
        year = data.get("year") or selectors.current_year()
        user = self.request.user
        columns, rows = selectors.pool_pipeline(user, pool=pool, year=year)
        base = reverse("enterprises:enterprise_list")

        def link(**query):
            return f"{base}?{urlencode({'pool': pool, 'year': year, **query})}"

        for row in rows:
            row.cells = [
                (n, link(reached_stage=row.stage, town=town.pk if town else "none")) for town, n in row.by_town
            ]
            row.total_url = link(reached_stage=row.stage)
            row.at_stage_url = link(stage=row.stage)
            if row.next_stage and may_decide_pools(user) and row.at_stage:
                row.next_url = link(stage=row.stage, bulk="pool_move") + "#bulk-pool_move"
                row.next_label = Stage(row.next_stage).label
        context.update(
            form=form,
            pool=Pool(pool),
            year=year,
            columns=columns,
            rows=rows,
        )
        return context
