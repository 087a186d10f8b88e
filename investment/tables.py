import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import InvestmentLead, InvestmentProject

# =============================================================================================
# Project pipeline
# =============================================================================================

STAGE_BADGE = {
    "lead": "text-bg-light border",
    "talking": "text-bg-info",
    "signed": "text-bg-primary",
    "landed": "text-bg-success",
    "dropped": "text-bg-secondary",
}


def stage_badge(record):
    return format_html(
        '<span class="badge {}">{}</span>', STAGE_BADGE.get(record.stage, "text-bg-light"), record.get_stage_display()
    )


class ProjectTable(tables.Table):
    name = tables.Column(verbose_name=_("项目名称"), linkify=True)
    chain = tables.Column(verbose_name=_("产业链"), order_by=("chain__order",))
    direction = tables.Column(verbose_name=_("招商方向"), default="—", order_by=("direction__order",))
    town = tables.Column(verbose_name=_("区镇"), order_by=("town__order",))
    source_kind = tables.Column(verbose_name=_("来源"))
    owner = tables.Column(verbose_name=_("负责人"), default="—", order_by=("owner__username",))
    stage = tables.Column(verbose_name=_("阶段"))
    stage_on = tables.Column(verbose_name=_("进入本阶段"))
    is_key = tables.Column(verbose_name=_("重点"))
    nt_recognized_on = tables.Column(verbose_name=_("南通市认定"), default="—")
    planned_investment = tables.Column(
        verbose_name=_("计划投资(万元)"), default="—", attrs={"td": {"class": "text-end"}}
    )

    card_fields = ["name", "stage", "town", "chain", "owner", "stage_on", "is_key"]

    class Meta:
        model = InvestmentProject
        fields = [
            "name", "chain", "direction", "town", "source_kind", "owner", "stage", "stage_on",
            "is_key", "nt_recognized_on", "planned_investment",
        ]  # fmt: skip
        order_by = ["-stage_on"]

    def render_stage(self, record):
        return stage_badge(record)

    def render_stage_on(self, value):
        return value.isoformat()

    def render_nt_recognized_on(self, value):
        return value.isoformat()

    def render_is_key(self, value):
        return format_html('<span class="badge text-bg-warning">{}</span>', _("重点")) if value else "—"

    def render_planned_investment(self, value):
        return f"{value:,.0f}"


class LeadTable(tables.Table):
    name = tables.Column(verbose_name=_("目标名称"), linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    chain = tables.Column(verbose_name=_("产业链"), order_by=("chain__order",))
    direction = tables.Column(verbose_name=_("招商方向"), default="—", order_by=("direction__order",))
    town = tables.Column(verbose_name=_("跟进区镇"), order_by=("town__order",))
    city = tables.Column(verbose_name=_("所在地"), default="—")
    owner = tables.Column(verbose_name=_("负责人"), default="—", order_by=("owner__username",))
    status = tables.Column(verbose_name=_("状态"))
    project = tables.Column(
        verbose_name=_("转成的项目"), default="—", linkify=lambda record: record.project.get_absolute_url()
    )

    card_fields = ["name", "status", "chain", "town", "owner", "project"]

    class Meta:
        model = InvestmentLead
        fields = ["name", "kind", "chain", "direction", "town", "city", "owner", "status", "project"]
        order_by = ["-id"]


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================

import django_tables2 as tables  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from core.formatting import format_money  # noqa: E402

from . import rules  # noqa: E402
from .models import ClientVisit, Fund, InvestmentEvent, TeamMember  # noqa: E402

RIGHT = {"td": {"class": "text-end"}}


class DayColumn(tables.Column):
    """2023-06-30 (no template per cell)."""

    def render(self, value):
        return value.isoformat()


class EventTable(tables.Table):
    held_on = DayColumn(verbose_name=_("日期"))
    title = tables.Column(verbose_name=_("活动名称"), linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    city = tables.Column(verbose_name=_("城市"))
    host = tables.Column(verbose_name=_("主办单位"))
    town = tables.Column(verbose_name=_("区镇"), default="区级", order_by=("town__order",))
    project_count = tables.Column(verbose_name=_("项目"), attrs=RIGHT)
    member_count = tables.Column(verbose_name=_("参加人员"), attrs=RIGHT)

    card_fields = ["title", "held_on", "kind", "city", "host", "project_count"]
    constant_for_officer = ("town",)

    class Meta:
        model = InvestmentEvent
        fields = ["held_on", "title", "kind", "city", "host", "town", "project_count", "member_count"]
        order_by = ["-held_on"]

    def render_city(self, value):
        if rules.is_away(value):
            return format_html('<span class="badge text-bg-info">{}</span>', value)
        return value


class ClientVisitTable(tables.Table):
    visited_at = tables.Column(verbose_name=_("拜访时间"), linkify=lambda record: record.get_absolute_url())
    counterpart = tables.Column(verbose_name=_("客商"))
    city = tables.Column(verbose_name=_("城市"))
    member = tables.Column(verbose_name=_("拜访人"), order_by=("member__name",))
    project = tables.Column(verbose_name=_("相关项目"), default="—", order_by=("project__name",))

    card_fields = ["visited_at", "counterpart", "city", "member", "project"]

    class Meta:
        model = ClientVisit
        fields = ["visited_at", "counterpart", "city", "member", "project"]
        order_by = ["-visited_at"]

    def render_visited_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class TeamTable(tables.Table):
    name = tables.Column(verbose_name=_("姓名"), linkify=True)
    unit_kind = tables.Column(verbose_name=_("层级"))
    unit_name = tables.Column(verbose_name=_("单位"))
    town = tables.Column(verbose_name=_("区镇"), default="—", order_by=("town__order",))
    is_head = tables.Column(verbose_name=_("负责人"))
    active_from = DayColumn(verbose_name=_("入队"))
    active_to = DayColumn(verbose_name=_("离队"), default="—")

    card_fields = ["name", "unit_kind", "unit_name", "town", "active_from"]
    constant_for_officer = ("town",)

    class Meta:
        model = TeamMember
        fields = ["name", "unit_kind", "unit_name", "town", "is_head", "active_from", "active_to"]
        order_by = ["unit_kind", "unit_name", "name"]

    def render_is_head(self, value):
        return _("是") if value else "—"


class TeamWeekTable(tables.Table):
    """Each member's week against the rule (rules.MIN_DAYS_OUT / MIN_PROJECT_VISITS)."""

    name = tables.Column(verbose_name=_("姓名"), linkify=True)
    unit_kind = tables.Column(verbose_name=_("层级"))
    unit_name = tables.Column(verbose_name=_("单位"))
    town = tables.Column(verbose_name=_("区镇"), default="—", order_by=("town__order",))
    days_out = tables.Column(verbose_name=_("外出天数"), attrs=RIGHT)
    visits = tables.Column(verbose_name=_("拜访项目"), attrs=RIGHT)
    verdict = tables.Column(verbose_name=_("情况"), empty_values=(), orderable=False)

    card_fields = ["name", "unit_name", "days_out", "visits", "verdict"]
    constant_for_officer = ("town",)

    class Meta:
        model = TeamMember
        fields = ["name", "unit_kind", "unit_name", "town", "days_out", "visits", "verdict"]
        order_by = ["days_out", "visits"]

    def render_days_out(self, value):
        return f"{value} / {rules.MIN_DAYS_OUT}"

    def render_visits(self, value):
        return f"{value} / {rules.MIN_PROJECT_VISITS}"

    def render_verdict(self, record):
        lack = rules.shortfall_text(record.days_out, record.visits)
        if lack:
            return format_html('<span class="badge text-bg-danger">{}</span>', lack)
        return format_html('<span class="badge text-bg-success">{}</span>', _("达标"))


class FundTable(tables.Table):
    name = tables.Column(verbose_name=_("基金名称"), linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    manager = tables.Column(verbose_name=_("管理人"), default="—")
    target_size = tables.Column(verbose_name=_("目标规模"), attrs=RIGHT)
    raised_size = tables.Column(verbose_name=_("已募集"), attrs=RIGHT)
    stage = tables.Column(verbose_name=_("阶段"))
    stage_on = DayColumn(verbose_name=_("日期"))

    card_fields = ["name", "kind", "stage", "target_size", "raised_size"]

    class Meta:
        model = Fund
        fields = ["name", "kind", "manager", "target_size", "raised_size", "stage", "stage_on"]
        order_by = ["name"]

    def render_target_size(self, value):
        return format_money(value)

    def render_raised_size(self, value):
        return format_money(value)
