"""One FilterSet per list, shared by the list page, its export and the API.

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B)
# =============================================================================================
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import DatePickerFilter, ScopedFilterSet, SearchFilter
from core.models import Town

from . import rules
from .models import ClientVisit, EventKind, Fund, FundKind, FundStage, InvestmentEvent, TeamMember, UnitKind

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
