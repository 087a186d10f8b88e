"""The investment lists' tables (django-tables2), rows rendered by core/perf/tables.py.

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B)
# =============================================================================================
"""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money

from . import rules
from .models import ClientVisit, Fund, InvestmentEvent, TeamMember

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
