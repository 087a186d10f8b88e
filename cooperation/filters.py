"""One FilterSet per list, shared by the list page, its export and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import DatePickerFilter, ScopedFilterSet, SearchFilter, YearFilter
from core.models import Town

from .models import (
    Bank,
    BankKind,
    Financing,
    FinancingKind,
    Grade,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    Product,
    ServiceKind,
)

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
# ============================================================================================


class FinancingFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("enterprise__name", "enterprise__credit_code", "note"), label=_("企业或备注"))
    kind = django_filters.ChoiceFilter(choices=FinancingKind.choices, label=_("类型"))
    bank = django_filters.ModelChoiceFilter(queryset=Bank.objects.all(), label=_("银行"))
    product = django_filters.ChoiceFilter(choices=Product.choices, label=_("金融产品"))
    town = django_filters.ModelChoiceFilter(field_name="enterprise__town", queryset=Town.objects.all(), label=_("区镇"))
    year = YearFilter(field_name="on", lookup_expr="year")
    on_after = DatePickerFilter(field_name="on", lookup_expr="gte", label=_("日期从"))
    on_before = DatePickerFilter(field_name="on", lookup_expr="lte", label=_("至"))
    # One enterprise's records (linked from its page's panel); not a choice list of every enterprise.
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)

    class Meta:
        model = Financing
        fields = ["q", "kind", "bank", "product", "town", "year", "on_after", "on_before", "enterprise"]


class BankFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("name", "short_name"), label=_("名称"))
    kind = django_filters.ChoiceFilter(choices=BankKind.choices, label=_("类型"))

    class Meta:
        model = Bank
        fields = ["q", "kind"]


class IntermediaryFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("name", "contact"), label=_("机构名称"))
    kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("主要服务"))

    class Meta:
        model = Intermediary
        fields = ["q", "kind"]


class ServiceFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("enterprise__name", "content"), label=_("企业或内容"))
    intermediary = django_filters.ModelChoiceFilter(queryset=Intermediary.objects.all(), label=_("中介机构"))
    kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("服务类型"))
    town = django_filters.ModelChoiceFilter(field_name="enterprise__town", queryset=Town.objects.all(), label=_("区镇"))
    year = YearFilter(field_name="served_on", lookup_expr="year")
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)

    class Meta:
        model = IntermediaryService
        fields = ["q", "intermediary", "kind", "town", "year", "enterprise"]


class ReviewFilterSet(ScopedFilterSet):
    year = YearFilter()
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label=_("等级"))
    intermediary__kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("主要服务"))

    class Meta:
        model = IntermediaryReview
        fields = ["year", "grade", "intermediary__kind"]
