"""One FilterSet per list, shared by the list page, its export, the board and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import DatePickerFilter, ScopedFilterSet, ScopedModelChoiceFilter, SearchFilter
from core.models import IndustryChain, InvestDirection, Town

from . import rules, selectors
from .models import InvestmentLead, InvestmentProject, LeadKind, LeadStatus, ProjectStage, SourceKind

# =============================================================================================
# Project pipeline
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
# Events, client visits, team and funds
# =============================================================================================

import django_filters  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from core.filters import DatePickerFilter, ScopedFilterSet, SearchFilter  # noqa: E402
from core.models import Town  # noqa: E402

from .models import ClientVisit, EventKind, Fund, FundKind, FundStage, InvestmentEvent, TeamMember, UnitKind  # noqa: E402

PLACE_CHOICES = [("home", _("海门")), ("away", _("外地"))]


def filter_place(queryset, name, value):
    away = rules.away_q()
    return queryset.filter(away) if value == "away" else queryset.filter(~away) if value == "home" else queryset


class EventFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("名称、主办单位或城市"), fields=("title", "host", "city"))
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("活动类型"))
    place = django_filters.ChoiceFilter(choices=PLACE_CHOICES, label=_("举办地"), method="filter_place")
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    held_from = DatePickerFilter(field_name="held_on", lookup_expr="gte", label=_("活动日期自"))
    held_to = DatePickerFilter(field_name="held_on", lookup_expr="lte", label=_("至"))

    class Meta:
        model = InvestmentEvent
        fields = ["q", "kind", "place", "town", "held_from", "held_to"]

    def filter_place(self, queryset, name, value):
        return filter_place(queryset, name, value)


class ClientVisitFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("客商、城市或拜访人"), fields=("counterpart", "city", "member__name"))
    member = django_filters.ModelChoiceFilter(queryset=TeamMember.objects.all(), label=_("拜访人"))
    town = django_filters.ModelChoiceFilter(field_name="member__town", queryset=Town.objects.all(), label=_("区镇"))
    place = django_filters.ChoiceFilter(choices=PLACE_CHOICES, label=_("城市"), method="filter_place")
    visited_from = DatePickerFilter(method="filter_from", label=_("拜访日期自"))
    visited_to = DatePickerFilter(method="filter_to", label=_("至"))

    class Meta:
        model = ClientVisit
        fields = ["q", "member", "town", "place", "visited_from", "visited_to"]

    def filter_place(self, queryset, name, value):
        return filter_place(queryset, name, value)

    # Days are Haimen's days: 00:00 of the day in Asia/Shanghai, whatever the server's zone.
    def filter_from(self, queryset, name, value):
        return queryset.filter(visited_at__gte=rules.day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(visited_at__lt=rules.day_start(value, after=True))


class TeamFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("姓名或单位"), fields=("name", "unit_name"))
    unit_kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("单位层级"))
    unit_name = django_filters.CharFilter(label=_("单位名称"), lookup_expr="exact")
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    active = django_filters.BooleanFilter(label=_("在队"), method="filter_active")

    class Meta:
        model = TeamMember
        fields = ["q", "unit_kind", "unit_name", "town", "active"]

    def filter_active(self, queryset, name, value):
        today = timezone.localdate()
        current = Q(active_from__lte=today) & (Q(active_to__isnull=True) | Q(active_to__gte=today))
        return queryset.filter(current) if value else queryset.exclude(current)


class TeamWeekFilterSet(ScopedFilterSet):
    """The weekly-rule pages: the week (its Monday) is the page's own parameter, not a filter."""

    unit_kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("单位层级"))
    unit_name = django_filters.CharFilter(label=_("单位名称"), lookup_expr="exact")
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))

    class Meta:
        model = TeamMember
        fields = ["unit_kind", "unit_name", "town"]


class FundFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("名称或管理人"), fields=("name", "manager"))
    kind = django_filters.ChoiceFilter(choices=FundKind.choices, label=_("基金类型"))
    stage = django_filters.ChoiceFilter(choices=FundStage.choices, label=_("阶段"))
    counts_as_new = django_filters.BooleanFilter(label=_("计入三个一百"))

    class Meta:
        model = Fund
        fields = ["q", "kind", "stage", "counts_as_new"]
