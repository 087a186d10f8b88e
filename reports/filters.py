import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet, SearchFilter, YearFilter

from .models import StatIndicator
from .registry import Group


class StatIndicatorFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=["name", "source", "note"], label=_("指标名称"))
    year = YearFilter()
    group = django_filters.ChoiceFilter(choices=Group.choices, label=_("攻坚方向"))

    class Meta:
        model = StatIndicator
        fields = ["q", "year", "group"]
