import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import InvestmentLead, InvestmentProject

# =============================================================================================
# Project pipeline (issue 12, part A)
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
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
