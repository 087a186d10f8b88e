"""One FilterSet per list, shared by the list page, its export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet, SearchFilter, YearFilter
from core.models import Town

from .models import (
    Area,
    Carrier,
    ConstructionReport,
    Grade,
    Kind,
    Level,
    LevelApplication,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformKind,
    PlatformProject,
    PlatformStatus,
    Status,
    Tenancy,
)

NO_AREA = "none"


class CarrierFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("名称或运营机构"), fields=("name", "operator"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("载体类型"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("级别"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状态"))
    area = django_filters.ChoiceFilter(
        choices=[*Area.choices, (NO_AREA, _("不属于两城一园"))], label=_("所属片区"), method="filter_area"
    )
    group_managed = django_filters.BooleanFilter(label=_("集团管理"))

    class Meta:
        model = Carrier
        fields = ["q", "kind", "level", "town", "status", "area", "group_managed"]

    def filter_area(self, queryset, name, value):
        return queryset.filter(area="" if value == NO_AREA else value)


class ReportFilterSet(ScopedFilterSet):
    carrier = django_filters.ModelChoiceFilter(queryset=Carrier.objects.all(), label=_("载体"))
    year = YearFilter()
    quarter = django_filters.ChoiceFilter(
        choices=ConstructionReport._meta.get_field("quarter").choices, label=_("季度")
    )

    class Meta:
        model = ConstructionReport
        fields = ["carrier", "year", "quarter"]


class BehindFilterSet(ScopedFilterSet):
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("载体类型"))

    class Meta:
        model = Carrier
        fields = ["town", "kind"]


class TenancyFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("企业名称"), fields=("enterprise__name",))
    carrier = django_filters.ModelChoiceFilter(queryset=Carrier.objects.all(), label=_("载体"))

    class Meta:
        model = Tenancy
        fields = ["q", "carrier"]


class ApplicationFilterSet(ScopedFilterSet):
    year = YearFilter()
    stage = django_filters.ChoiceFilter(choices=LevelApplication._meta.get_field("stage").choices, label=_("阶段"))

    class Meta:
        model = LevelApplication
        fields = ["year", "stage"]


class ContractFilterSet(ScopedFilterSet):
    stage = django_filters.ChoiceFilter(choices=OperatorContract.Stage.choices, label=_("阶段"))

    class Meta:
        model = OperatorContract
        fields = ["stage"]


class PlatformFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("名称或合作院校"), fields=("name", "partner"))
    kind = django_filters.ChoiceFilter(choices=PlatformKind.choices, label=_("平台类型"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("级别"))
    status = django_filters.ChoiceFilter(choices=PlatformStatus.choices, label=_("状态"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))

    class Meta:
        model = Platform
        fields = ["q", "kind", "level", "status", "town"]


class ProjectFilterSet(ScopedFilterSet):
    platform = django_filters.ModelChoiceFilter(queryset=Platform.objects.all(), label=_("平台"))
    year = YearFilter()
    stage = django_filters.ChoiceFilter(choices=PlatformProject.Stage.choices, label=_("阶段"))

    class Meta:
        model = PlatformProject
        fields = ["platform", "year", "stage"]


class ReviewFilterSet(ScopedFilterSet):
    year = YearFilter()
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label=_("等次"))
    carrier__kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("载体类型"))

    class Meta:
        model = PerformanceReview
        fields = ["year", "grade", "carrier__kind"]
