"""One FilterSet per model, shared by the list page, its export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import NullableModelChoiceFilter, ScopedFilterSet, SearchFilter
from core.models import Town

from .models import Enterprise, TechField


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
