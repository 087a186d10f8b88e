"""Base form: Bootstrap classes, and every choice list cut to the user's data scope."""

from django import forms

from . import scope
from .models import Town


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices a town officer cannot escape (own town only)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = scoped_choices(field.queryset, user)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-control")
            if isinstance(field, forms.DateField):
                widget.input_type = "date"
                # <input type=date> only takes ISO dates; zh-hans's first input format is
                # 2023/05/01, which the browser would show as empty and submit as "".
                widget.format = "%Y-%m-%d"


def scoped_choices(queryset, user):
    model = queryset.model
    if model is Town:
        if scope.sees_all_towns(user):
            return queryset
        return queryset.filter(pk=user.town_id) if getattr(user, "town_id", None) else queryset.none()
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    return queryset
