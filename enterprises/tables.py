import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Enterprise


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
