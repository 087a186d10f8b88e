"""Base forms: Bootstrap classes, every choice list cut to the user's data scope, service errors."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from . import scope
from .models import Town


def style_field(field):
    """Bootstrap 5 classes for a field's widget, and a native date picker for dates."""
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        widget.attrs.setdefault("class", "form-check-input")
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        widget.attrs.setdefault("class", "form-select")
    elif not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.HiddenInput):
        widget.attrs.setdefault("class", "form-control")
    if isinstance(field, forms.DateField):
        widget.input_type = "date"


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices a town officer cannot escape (own town only)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = scoped_choices(field.queryset, user)
            style_field(field)


class BulkActionForm(forms.Form):
    """The small form of one bulk action on a list (core.views.BulkAction).

    `objects` is the list of selected rows (already scoped) when the form is bound, so a form
    can check its input against the selection (e.g. one number per selected enterprise).
    """

    def __init__(self, *args, user=None, objects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.objects = objects or []
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = scoped_choices(field.queryset, user)
            style_field(field)


def add_service_errors(form, exc: ValidationError):
    """Show a service's refusal on the form: on the field it names when the form has that
    field, otherwise above the form (a service may name a model field the form does not show)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields else None
        if name == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, errors)


def scoped_choices(queryset, user):
    model = queryset.model
    if model is Town:
        if scope.sees_all_towns(user):
            return queryset
        return queryset.filter(pk=user.town_id) if getattr(user, "town_id", None) else queryset.none()
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    return queryset
