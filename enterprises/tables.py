import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, PangaoLevel, Pool, PoolMembership, Stage, Visit

STAGE_LABELS = dict(Stage.choices)
LEVEL_LABELS = dict(PangaoLevel.choices)
STAGE_BADGE = {
    Stage.REGISTERED: "text-bg-success",
    Stage.RECOGNIZED: "text-bg-success",
    Stage.RELOCATED_IN: "text-bg-success",
    Stage.REJECTED: "text-bg-secondary",
}


def stage_badge(stage, prefix=""):
    css = STAGE_BADGE.get(stage, "text-bg-primary")
    return format_html('<span class="badge {}">{}{}</span>', css, prefix, STAGE_LABELS.get(stage, stage))


class IsoDateColumn(tables.Column):
    """2023-06-30. (tables2's DateColumn compiles a template for every cell: 50 per page.)"""

    def render(self, value):
        return value.isoformat()


class PoolsColumn(tables.Column):
    """The row's 繁星/强基 stages and 攀高 level of the filtered year (prefetched by the filter)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)

    def render(self, record):
        badges = []
        for membership in getattr(record, "year_memberships", []):  # prefetched by the filter
            if membership.pool == Pool.PANGAO:
                label = LEVEL_LABELS.get(membership.level) or _("在库")
                badges.append(format_html('<span class="badge text-bg-warning">{}{}</span>', _("攀高·"), label))
            else:
                prefix = _("繁星·") if membership.pool == Pool.FANXING else _("强基·")
                badges.append(stage_badge(membership.stage, prefix))
        if not badges:
            return "—"
        return format_html_join(" ", "{}", ((b,) for b in badges))


PHONE_HIDDEN = "d-none d-md-table-cell"  # columns a phone can do without (the detail page has them)
PHONE_HIDDEN_ATTRS = {"th": {"class": PHONE_HIDDEN}, "td": {"class": PHONE_HIDDEN}}


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("企业名称"), attrs={"td": {"class": "wrap"}})
    credit_code = tables.Column(
        verbose_name=_("信用代码"),
        attrs={"th": {"class": PHONE_HIDDEN}, "td": {"class": f"font-monospace small {PHONE_HIDDEN}"}},
    )
    town = tables.Column(verbose_name=_("区镇"), default="未分配")
    tech_field = tables.Column(verbose_name=_("技术领域"), attrs=PHONE_HIDDEN_ATTRS)
    grid_officer = tables.Column(verbose_name=_("网格员"))
    pools = PoolsColumn(verbose_name=_("培育库"), accessor="pk")
    is_key = tables.BooleanColumn(verbose_name=_("重点"), yesno="★,")
    last_visited_on = IsoDateColumn(verbose_name=_("最近走访"))

    # Phone cards (core/perf/cards.py): an officer's town and grid officer are the same on every row.
    card_fields = ["name", "credit_code", "town", "grid_officer", "pools", "is_key", "last_visited_on"]
    constant_for_officer = ("town", "grid_officer")

    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "town", "tech_field", "grid_officer", "pools", "is_key", "last_visited_on"]
        order_by = ["name"]


class MembershipEnterpriseTable(tables.Table):
    """Columns every list of memberships starts with: the enterprise (linked) and its town."""

    enterprise = tables.Column(
        verbose_name=_("企业名称"), order_by=("enterprise__name",), attrs={"td": {"class": "wrap"}}
    )
    town = tables.Column(
        verbose_name=_("区镇"), accessor="enterprise__town", default=_("未分配"), order_by=("enterprise__town__order",)
    )

    constant_for_officer = ("town", "grid_officer")

    def render_enterprise(self, record):
        return format_html('<a href="{}">{}</a>', record.enterprise.get_absolute_url(), record.enterprise)


class ExpiringCertificateTable(MembershipEnterpriseTable):
    certificate_no = tables.Column(
        verbose_name=_("证书编号"),
        attrs={"th": {"class": PHONE_HIDDEN}, "td": {"class": f"font-monospace small {PHONE_HIDDEN}"}},
    )
    certified_on = IsoDateColumn(verbose_name=_("发证日期"), attrs=PHONE_HIDDEN_ATTRS)
    expires = tables.Column(verbose_name=_("到期日"), accessor="certificate_expires_on", order_by=("certified_on",))
    current_stage = tables.Column(verbose_name=_("今年强基"), orderable=False, default=_("未入库"))
    grid_officer = tables.Column(verbose_name=_("网格员"), accessor="enterprise__grid_officer", orderable=False)

    class Meta:
        model = PoolMembership
        fields = ["enterprise", "town", "certificate_no", "certified_on", "expires", "current_stage", "grid_officer"]
        order_by = ["certified_on"]

    def render_expires(self, value):
        from django.utils import timezone

        days = (value - timezone.localdate()).days
        css = "text-danger fw-semibold" if days <= 90 else ""
        left = _("%(d)s天后") % {"d": days}
        return format_html(
            '<span class="{}">{}</span> <span class="small text-muted">{}</span>', css, value.isoformat(), left
        )

    def render_current_stage(self, value):
        return stage_badge(value)


class WithoutRDTable(MembershipEnterpriseTable):
    stage = tables.Column(verbose_name=_("阶段"))
    last_rd_year = tables.Column(verbose_name=_("最近备案年度"), default=_("从未备案"), orderable=False)
    grid_officer = tables.Column(verbose_name=_("网格员"), accessor="enterprise__grid_officer", orderable=False)

    class Meta:
        model = PoolMembership
        fields = ["enterprise", "town", "stage", "last_rd_year", "grid_officer"]

    def render_stage(self, record):
        return stage_badge(record.stage)


NOWRAP = {"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}}


class RankingTable(tables.Table):
    """强基 pool ranked by closeness to 高企; rows are dicts from selectors.diagnosis_ranking."""

    rank = tables.Column(verbose_name="#", orderable=False)
    name = tables.Column(verbose_name=_("企业名称"), orderable=False, attrs={"td": {"class": "wrap"}})
    town = tables.Column(verbose_name=_("区镇"), default=_("未分配"), orderable=False, attrs=NOWRAP)
    stage = tables.Column(verbose_name=_("阶段"), orderable=False)
    conditions = tables.Column(
        verbose_name=_("高企条件"), accessor="passing", orderable=False, empty_values=(), attrs=NOWRAP
    )
    gaps = tables.Column(verbose_name=_("差距"), accessor="failing", orderable=False, empty_values=())
    score = tables.Column(verbose_name=_("创新能力得分"), accessor="score_min", orderable=False, attrs=NOWRAP)
    sme = tables.Column(
        verbose_name=_("科小评价"), accessor="sme_score", orderable=False, empty_values=(), attrs=NOWRAP
    )

    def render_name(self, record):
        url = reverse("enterprises:enterprise_diagnosis", args=[record["enterprise_id"]])
        return format_html('<a href="{}">{}</a>', url, record["name"])

    def render_stage(self, value):
        return stage_badge(value)

    def render_conditions(self, record):
        parts = [format_html('<span class="text-success">{} {}</span>', _("符合"), record["passing"])]
        if record["failing"]:
            parts.append(format_html('<span class="text-danger">{} {}</span>', _("不符合"), len(record["failing"])))
        if record["unknown"]:
            parts.append(
                format_html('<span class="text-warning-emphasis">{} {}</span>', _("待核实"), len(record["unknown"]))
            )
        return format_html_join(" · ", "{}", ((p,) for p in parts))

    def render_gaps(self, record):
        if not record["failing"]:
            if record["unknown"]:
                return format_html(
                    '<span class="small text-muted">{}{}</span>', _("待核实："), "、".join(record["unknown"])
                )
            return format_html('<span class="text-success">{}</span>', _("已满足可判断的条件"))
        return format_html_join("", '<div class="small">{}</div>', ((f["short"],) for f in record["failing"]))

    def render_score(self, record):
        low, high = record["score_min"], record["score_max"]
        return f"{low}" if low == high else f"{low}–{high}"

    def render_sme(self, record):
        score = record["sme_score"]
        verdict = {True: _("符合"), False: _("不符合"), None: _("待核实")}[record["sme_eligible"]]
        return f"{score if score is not None else '—'} · {verdict}"


FOLLOW_UP_BADGES = {
    "none": "text-bg-light",
    "open": "text-bg-warning",
    "in_progress": "text-bg-info",
    "resolved": "text-bg-success",
}


class VisitTable(tables.Table):
    visited_on = tables.DateColumn(verbose_name=_("走访日期"), format="Y-m-d", linkify=True)
    enterprise = tables.Column(verbose_name=_("企业"), order_by=("enterprise__name",))
    town = tables.Column(accessor="enterprise__town", verbose_name=_("区镇"), default="—")
    officer_name = tables.Column(verbose_name=_("走访人"))
    kind = tables.Column(verbose_name=_("方式"))
    needs = tables.Column(verbose_name=_("企业需求"), orderable=False, empty_values=())
    follow_up = tables.Column(verbose_name=_("跟进"))
    photo_count = tables.Column(verbose_name=_("照片"), attrs={"td": {"class": "text-center"}})
    constant_for_officer = ("town",)

    class Meta:
        model = Visit
        fields = ["visited_on", "enterprise", "town", "officer_name", "kind", "needs", "follow_up", "photo_count"]
        order_by = ["-visited_on"]

    def render_needs(self, record):
        return record.needs_display() or "—"

    def render_follow_up(self, record):
        badge = FOLLOW_UP_BADGES.get(record.follow_up, "text-bg-light")
        return format_html('<span class="badge {}">{}</span>', badge, record.get_follow_up_display())

    def render_photo_count(self, value):
        return format_html('<i class="bi bi-image"></i> {}', value) if value else "—"


class KeyEnterpriseDueTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("企业名称"))
    town = tables.Column(verbose_name=_("区镇"), default="未分配")
    grid_officer = tables.Column(verbose_name=_("科技网格员"), default="未指定")
    last_visited_on = tables.DateColumn(verbose_name=_("最近走访"), format="Y-m-d", default=_("从未走访"))
    contact_name = tables.Column(verbose_name=_("联系人"), orderable=False)
    contact_phone = tables.Column(verbose_name=_("联系电话"), orderable=False)
    record_visit = tables.TemplateColumn(
        template_name="enterprises/includes/record_visit_button.html", verbose_name="", orderable=False
    )
    card_actions = ("record_visit",)
    constant_for_officer = ("town", "grid_officer")

    class Meta:
        model = Enterprise
        fields = ["name", "town", "grid_officer", "last_visited_on", "contact_name", "contact_phone", "record_visit"]
