"""One FilterSet per list, shared by the list page, its export, the board and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import DatePickerFilter, ScopedFilterSet, ScopedModelChoiceFilter, SearchFilter
from core.models import IndustryChain, InvestDirection, Town

from . import rules, selectors
from .models import InvestmentLead, InvestmentProject, LeadKind, LeadStatus, ProjectStage, SourceKind

# =============================================================================================
# Project pipeline (issue 12, part A)
# =============================================================================================


class ProjectFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("项目名称、客商或来源单位"), fields=("name", "counterpart", "source_unit"))
    chain = django_filters.ModelChoiceFilter(queryset=IndustryChain.objects.all(), label=_("产业链"))
    direction = django_filters.ModelChoiceFilter(queryset=InvestDirection.objects.all(), label=_("招商方向"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("项目来源"))
    owner = ScopedModelChoiceFilter(queryset=None, label=_("负责人"), user_queryset="owners")
    is_key = django_filters.BooleanFilter(label=_("重点科创项目"))
    stage = django_filters.ChoiceFilter(choices=ProjectStage.choices, label=_("阶段"))
    recognized = django_filters.BooleanFilter(
        label=_("南通市科创项目"), field_name="nt_recognized_on", lookup_expr="isnull", exclude=True
    )
    recognized_after = DatePickerFilter(field_name="nt_recognized_on", lookup_expr="gte", label=_("认定日期从"))
    recognized_before = DatePickerFilter(field_name="nt_recognized_on", lookup_expr="lte", label=_("认定日期至"))
    signed_after = DatePickerFilter(label=_("签约日期从"), method="filter_signed")
    signed_before = DatePickerFilter(label=_("签约日期至"), method="filter_signed")
    stage_on_after = DatePickerFilter(field_name="stage_on", lookup_expr="gte", label=_("进入本阶段从"))
    stage_on_before = DatePickerFilter(field_name="stage_on", lookup_expr="lte", label=_("进入本阶段至"))

    class Meta:
        model = InvestmentProject
        fields = [
            "q", "chain", "direction", "town", "source_kind", "owner", "is_key", "stage", "recognized",
            "recognized_after", "recognized_before", "signed_after", "signed_before",
            "stage_on_after", "stage_on_before",
        ]  # fmt: skip

    @staticmethod
    def owners(user):
        return selectors.owner_choices(user)

    def filter_signed(self, queryset, name, value):
        # Both ends are applied together (once) so "签约于 1–6月" is one move in that range.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        after = self.form.cleaned_data.get("signed_after")
        before = self.form.cleaned_data.get("signed_before")
        if after or before:
            import datetime as dt

            dates = (after or dt.date(1900, 1, 1), before or dt.date(9999, 12, 31))
            queryset = queryset.filter(selectors.first_reached_in(rules.SIGNED_OR_LATER, dates))
        return queryset


class BoardFilterSet(ProjectFilterSet):
    """The board filters like the list, except by stage: the board shows every stage as a column."""

    class Meta(ProjectFilterSet.Meta):
        fields = ["q", "chain", "direction", "town", "source_kind", "owner", "is_key", "recognized"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [n for n in self.filters if n not in self.Meta.fields]:
            del self.filters[name]
            del self.form.fields[name]


# ---- 招引目标数据库 ---------------------------------------------------------------------------


class LeadFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("目标名称或联系人"), fields=("name", "contact", "city"))
    kind = django_filters.ChoiceFilter(choices=LeadKind.choices, label=_("目标类型"))
    chain = django_filters.ModelChoiceFilter(queryset=IndustryChain.objects.all(), label=_("产业链"))
    direction = django_filters.ModelChoiceFilter(queryset=InvestDirection.objects.all(), label=_("招商方向"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("跟进区镇"))
    owner = ScopedModelChoiceFilter(queryset=None, label=_("负责人"), user_queryset="owners")
    status = django_filters.ChoiceFilter(choices=LeadStatus.choices, label=_("状态"))

    class Meta:
        model = InvestmentLead
        fields = ["q", "kind", "chain", "direction", "town", "owner", "status"]

    @staticmethod
    def owners(user):
        return selectors.owner_choices(user)


# =============================================================================================
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
