"""Filter pieces every app's FilterSet uses: free-text search, "none" choices, scoped choices."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import scoped_choices


def search_text(value) -> str:
    """A search box's text as it may be searched for: no NUL or other control characters
    (PostgreSQL refuses a NUL in a LIKE; a 500 is no answer to a typo), spaces collapsed."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value or ""))
    return " ".join(text.split())


class YearFilter(django_filters.NumberFilter):
    """年度 of a list: the working years of core/years.py."""

    def __init__(self, *args, **kwargs):
        from .years import YEAR_MAX, YEAR_MIN

        kwargs.setdefault("label", _("年度"))
        super().__init__(*args, min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """`q`: partial match on any of `fields` (docs/domain.md §5: list pages and API take `q`)."""

    def __init__(self, *args, fields=(), **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("搜索"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = search_text(value)
        if not value:
            return qs
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return qs.filter(condition)


class NullableModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice filter that also offers "none" (e.g. 未分配区镇) as the value `none`."""

    def __init__(self, *args, null_label=None, user_queryset=None, **kwargs):
        kwargs.setdefault("null_label", null_label or _("无"))
        kwargs.setdefault("null_value", "none")
        self.user_queryset = user_queryset
        super().__init__(*args, **kwargs)


class ScopedFilterSet(django_filters.FilterSet):
    """Cuts every choice list to the user's scope, so a filter never reveals another town's rows."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for name, flt in self.filters.items():
            field = self.form.fields[name]
            if getattr(flt, "user_queryset", None) and user is not None:
                field.queryset = getattr(self, flt.user_queryset)(user)
            elif isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = scoped_choices(field.queryset, user)
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
                field.empty_label = _("全部")
            widget = field.widget
            if isinstance(widget, forms.NullBooleanSelect):
                widget.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            widget.attrs.setdefault("class", css)


class ScopedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice filter whose choices depend on the user: `user_queryset` names a FilterSet method(user)."""

    def __init__(self, *args, user_queryset=None, **kwargs):
        self.user_queryset = user_queryset
        super().__init__(*args, **kwargs)


class DatePickerFilter(django_filters.DateFilter):
    """A date filter shown as the browser's date picker (which sends and shows ISO dates only)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)
