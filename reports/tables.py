import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import StatIndicator


class StatIndicatorTable(tables.Table):
    period = tables.Column(
        accessor="period_label", verbose_name=_("统计期"), order_by=("year", "through_month"), linkify=True
    )
    name = tables.Column(verbose_name=_("指标名称"), linkify=True)
    group = tables.Column(verbose_name=_("攻坚方向"))
    value = tables.Column(accessor="value_display", verbose_name=_("本区"), order_by=("value",))
    benchmark = tables.Column(accessor="benchmark_display", verbose_name=_("对比"), orderable=False, default="—")
    rank = tables.Column(accessor="rank_display", verbose_name=_("全市排名"), order_by=("rank",), default="—")
    source = tables.Column(verbose_name=_("数据来源"), default="—")

    class Meta:
        model = StatIndicator
        fields = ["period", "name", "group", "value", "benchmark", "rank", "source"]
        order_by = ["-period"]
