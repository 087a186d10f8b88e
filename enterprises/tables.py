import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, Visit


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("企业名称"))
    credit_code = tables.Column(verbose_name=_("信用代码"), attrs={"td": {"class": "font-monospace small"}})
    town = tables.Column(verbose_name=_("区镇"), default="未分配")
    tech_field = tables.Column(verbose_name=_("技术领域"))
    grid_officer = tables.Column(verbose_name=_("网格员"))
    is_key = tables.BooleanColumn(verbose_name=_("重点"), yesno="★,")
    last_visited_on = tables.DateColumn(verbose_name=_("最近走访"), format="Y-m-d")

    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "town", "tech_field", "grid_officer", "is_key", "last_visited_on"]
        order_by = ["name"]


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

    class Meta:
        model = Enterprise
        fields = ["name", "town", "grid_officer", "last_visited_on", "contact_name", "contact_phone", "record_visit"]
