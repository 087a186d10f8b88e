import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    Carrier,
    ConstructionReport,
    LevelApplication,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformProject,
    Tenancy,
)


def sqm(value):
    return f"{value:,.0f}"


class CarrierTable(tables.Table):
    name = tables.Column(verbose_name=_("载体名称"), linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    level = tables.Column(verbose_name=_("级别"))
    town = tables.Column(verbose_name=_("区镇"), order_by=("town__order",))
    area_sqm = tables.Column(verbose_name=_("面积(㎡)"), attrs={"td": {"class": "text-end"}})
    status = tables.Column(verbose_name=_("状态"))
    area = tables.Column(verbose_name=_("片区"), default="—")
    group_managed = tables.Column(verbose_name=_("集团管理"))
    tenant_count = tables.Column(verbose_name=_("在孵企业"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Carrier
        fields = ["name", "kind", "level", "town", "area_sqm", "status", "area", "group_managed", "tenant_count"]
        order_by = ["name"]

    def render_area_sqm(self, value):
        return sqm(value)

    def render_group_managed(self, value):
        return _("是") if value else "—"


class BehindTable(tables.Table):
    name = tables.Column(verbose_name=_("载体名称"), linkify=True)
    town = tables.Column(verbose_name=_("区镇"), order_by=("town__order",))
    status = tables.Column(verbose_name=_("状态"))
    last_year = tables.Column(verbose_name=_("最近季报"), empty_values=(), orderable=False)
    last_planned = tables.Column(verbose_name=_("计划进度"), attrs={"td": {"class": "text-end"}})
    last_actual = tables.Column(verbose_name=_("实际进度"), attrs={"td": {"class": "text-end"}})
    gap = tables.Column(verbose_name=_("滞后(百分点)"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Carrier
        fields = ["name", "town", "status", "last_year", "last_planned", "last_actual", "gap"]
        order_by = ["-gap"]

    def render_last_year(self, record):
        return f"{record.last_year}年第{record.last_quarter}季度"

    def render_last_planned(self, value):
        return f"{value}%"

    def render_last_actual(self, value):
        return f"{value}%"

    def render_gap(self, value):
        return format_html('<span class="badge text-bg-danger">{}</span>', value)


class ReportTable(tables.Table):
    carrier = tables.Column(verbose_name=_("载体"), order_by=("carrier__name",))
    year = tables.Column(verbose_name=_("年度"), linkify=True)
    quarter = tables.Column(verbose_name=_("季度"))
    planned_pct = tables.Column(verbose_name=_("计划进度(%)"), attrs={"td": {"class": "text-end"}})
    actual_pct = tables.Column(verbose_name=_("实际进度(%)"), attrs={"td": {"class": "text-end"}})
    assessment = tables.Column(verbose_name=_("季度考核"), default="—")

    class Meta:
        model = ConstructionReport
        fields = ["carrier", "year", "quarter", "planned_pct", "actual_pct", "assessment"]
        order_by = ["-year", "-quarter"]


class TenancyTable(tables.Table):
    enterprise = tables.Column(verbose_name=_("企业"), linkify=lambda record: record.get_absolute_url())
    carrier = tables.Column(verbose_name=_("载体"), order_by=("carrier__name",))
    moved_in_on = tables.Column(verbose_name=_("入驻日期"))
    moved_out_on = tables.Column(verbose_name=_("迁出日期"), default="—")

    class Meta:
        model = Tenancy
        fields = ["enterprise", "carrier", "moved_in_on", "moved_out_on"]
        order_by = ["-moved_in_on"]

    def render_moved_in_on(self, value):
        return value.isoformat()

    def render_moved_out_on(self, value):
        return value.isoformat()


class ApplicationTable(tables.Table):
    carrier = tables.Column(verbose_name=_("载体"), linkify=lambda record: record.get_absolute_url())
    year = tables.Column(verbose_name=_("年度"))
    target_level = tables.Column(verbose_name=_("申报级别"))
    applied_as = tables.Column(verbose_name=_("申报类型"))
    stage = tables.Column(verbose_name=_("阶段"))
    stage_on = tables.Column(verbose_name=_("日期"))

    class Meta:
        model = LevelApplication
        fields = ["carrier", "year", "target_level", "applied_as", "stage", "stage_on"]

    def render_stage_on(self, value):
        return value.isoformat()


class ContractTable(tables.Table):
    company = tables.Column(verbose_name=_("运营机构"), linkify=True)
    carrier = tables.Column(verbose_name=_("载体"), order_by=("carrier__name",))
    stage = tables.Column(verbose_name=_("阶段"))
    signed_on = tables.Column(verbose_name=_("签约日期"), default="—")

    class Meta:
        model = OperatorContract
        fields = ["company", "carrier", "stage", "signed_on"]

    def render_signed_on(self, value):
        return value.isoformat()


class PlatformTable(tables.Table):
    name = tables.Column(verbose_name=_("平台名称"), linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    level = tables.Column(verbose_name=_("级别"))
    partner = tables.Column(verbose_name=_("合作院校/机构"), default="—")
    town = tables.Column(verbose_name=_("区镇"), order_by=("town__order",))
    status = tables.Column(verbose_name=_("状态"))
    project_count = tables.Column(verbose_name=_("本年项目"), empty_values=(), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Platform
        fields = ["name", "kind", "level", "partner", "town", "status", "project_count"]
        order_by = ["name"]

    def render_project_count(self, record):
        if record.target_projects:
            return f"{record.project_count} / {record.target_projects}"
        return record.project_count


class ProjectTable(tables.Table):
    title = tables.Column(verbose_name=_("项目名称"), linkify=True)
    platform = tables.Column(verbose_name=_("平台"), order_by=("platform__name",))
    year = tables.Column(verbose_name=_("年度"))
    stage = tables.Column(verbose_name=_("阶段"))

    class Meta:
        model = PlatformProject
        fields = ["title", "platform", "year", "stage"]


class ReviewTable(tables.Table):
    rank = tables.Column(verbose_name=_("排名"), empty_values=(), orderable=False)
    carrier = tables.Column(
        verbose_name=_("载体"), linkify=lambda record: record.get_absolute_url(), order_by=("carrier__name",)
    )
    year = tables.Column(verbose_name=_("年度"))
    tenants = tables.Column(verbose_name=_("在孵企业"), default="—")
    tech_smes = tables.Column(verbose_name=_("科小"), default="—")
    htes = tables.Column(verbose_name=_("高企"), default="—")
    score = tables.Column(verbose_name=_("得分"), attrs={"td": {"class": "text-end"}})
    grade = tables.Column(verbose_name=_("等次"))

    class Meta:
        model = PerformanceReview
        fields = ["rank", "carrier", "year", "tenants", "tech_smes", "htes", "score", "grade"]
        order_by = ["-score"]

    def render_rank(self, record):
        return getattr(record, "rank", "—")
