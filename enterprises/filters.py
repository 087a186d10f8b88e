"""One FilterSet per model, shared by the list page, its export and the API."""

import django_filters
from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from core.filters import (
    DatePickerFilter,
    NullableModelChoiceFilter,
    ScopedFilterSet,
    ScopedModelChoiceFilter,
    SearchFilter,
)
from core.models import Town

from .models import Enterprise, TechField, Visit


class EnterpriseFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=["name", "credit_code"], label=_("名称或信用代码"))
    town = NullableModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"), null_label=_("未分配区镇"))
    tech_field = django_filters.ChoiceFilter(choices=TechField.choices, label=_("技术领域"))
    is_key = django_filters.BooleanFilter(label=_("重点企业"))
    grid_officer = NullableModelChoiceFilter(
        queryset=None, label=_("科技网格员"), null_label=_("未指定"), user_queryset="grid_officers"
    )

    class Meta:
        model = Enterprise
        fields = ["q", "town", "tech_field", "is_key", "grid_officer"]

    @staticmethod
    def grid_officers(user):
        from accounts.models import User

        officers = User.objects.filter(role=User.Role.TOWN_OFFICER, is_active=True)
        if getattr(user, "is_officer", False):
            officers = officers.filter(town_id=user.town_id)
        return officers.order_by("town__order", "username")


class VisitFilterSet(ScopedFilterSet):
    """Filters of every visit list (all, mine, follow-ups) and of their exports."""

    q = SearchFilter(
        fields=["enterprise__name", "enterprise__credit_code", "content", "problem", "resolution"],
        label=_("企业或内容"),
    )
    town = django_filters.ModelChoiceFilter(field_name="enterprise__town", queryset=Town.objects.all(), label=_("区镇"))
    officer = ScopedModelChoiceFilter(queryset=None, label=_("走访人"), user_queryset="visitors")
    kind = django_filters.ChoiceFilter(choices=Visit.Kind.choices, label=_("方式"))
    needs = django_filters.ChoiceFilter(choices=Visit.Need.choices, label=_("企业需求"), method="filter_needs")
    follow_up = django_filters.ChoiceFilter(choices=Visit.FollowUp.choices, label=_("跟进状态"))
    visited_on_after = DatePickerFilter(field_name="visited_on", lookup_expr="gte", label=_("走访日期从"))
    visited_on_before = DatePickerFilter(field_name="visited_on", lookup_expr="lte", label=_("至"))
    # One enterprise's visits (linked from its page); not a choice list of every enterprise.
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)

    class Meta:
        model = Visit
        fields = [
            "q",
            "town",
            "officer",
            "kind",
            "needs",
            "follow_up",
            "visited_on_after",
            "visited_on_before",
            "enterprise",
        ]

    @staticmethod
    def visitors(user):
        """Who may have recorded visits the user sees: the town's officers, or everyone who records."""
        from accounts.models import User

        people = User.objects.filter(is_active=True)
        if getattr(user, "is_officer", False):
            people = people.filter(role=User.Role.TOWN_OFFICER, town_id=user.town_id)
        else:
            roles = [User.Role.TOWN_OFFICER, User.Role.BUREAU_STAFF, User.Role.BUREAU_ADMIN]
            people = people.filter(role__in=roles)
        return people.order_by("town__order", "username")

    def filter_needs(self, queryset, name, value):
        if not value:
            return queryset
        if connection.features.supports_json_field_contains:
            return queryset.filter(needs__contains=[value])
        return queryset.filter(needs__icontains=f'"{value}"')  # SQLite keeps the list as JSON text


class FollowUpFilterSet(VisitFilterSet):
    """The follow-up queue offers only the open states."""

    follow_up = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in Visit.FollowUp.choices if v in ("open", "in_progress")],
        label=_("跟进状态"),
    )


class KeyEnterpriseDueFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=["name", "credit_code"], label=_("名称或信用代码"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    grid_officer = NullableModelChoiceFilter(
        queryset=None, label=_("科技网格员"), null_label=_("未指定"), user_queryset="grid_officers"
    )

    class Meta:
        model = Enterprise
        fields = ["q", "town", "grid_officer"]

    grid_officers = staticmethod(EnterpriseFilterSet.grid_officers)
