"""Base forms: Bootstrap classes, every choice list cut to the user's data scope, service errors."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from . import scope
from .models import Town

# The empty choice of a select in a form (filters say 全部: settings.FILTERS_EMPTY_CHOICE_LABEL).
EMPTY_CHOICE_LABEL = _("请选择")


def label_empty_choice(field):
    """A select's empty choice reads 请选择 instead of Django's "---------".

    Set on the field (ModelChoiceField.empty_label, a ChoiceField's blank choice), so the
    renderer (core.perf.renderers) still writes Django's markup byte for byte.
    """
    if isinstance(field, forms.ModelMultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        # Only Django's dashes: a label a form chose (全区, 全部) stays.
        if field.empty_label is not None and str(field.empty_label).strip("-") == "":
            field.empty_label = EMPTY_CHOICE_LABEL
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None) and str(choices[0][1]).strip("-") == "":
            field.choices = [("", EMPTY_CHOICE_LABEL), *choices[1:]]


def style_field(field):
    """Bootstrap 5 classes for a field's widget, a native date picker for dates, 请选择 in selects."""
    label_empty_choice(field)
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        widget.attrs.setdefault("class", "form-check-input")
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        widget.attrs.setdefault("class", "form-select")
    elif not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.HiddenInput):
        widget.attrs.setdefault("class", "form-control")
    if isinstance(field, forms.DateField):
        widget.input_type = "date"
        # <input type=date> only takes ISO dates; zh-hans's first input format is
        # 2023/05/01, which the browser would show as empty and submit as "".
        widget.format = "%Y-%m-%d"


EDIT_TOKEN_FIELD = "edit_token"


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices a town officer cannot escape (own town only).

    Editing an existing record, it carries the version it was opened on (a hidden field); the
    service refuses the save if someone else saved the record in between (core.services.StaleEdit).
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = scoped_choices(field.queryset, user)
                if field.queryset.model is Town and not scope.sees_all_towns(user):
                    field.required = True  # an officer's record stays in their town (scope.keeps_in_scope)
            style_field(field)
        if self.instance.pk is not None and hasattr(self.instance, "updated_at"):
            from .services import edit_token

            self.fields[EDIT_TOKEN_FIELD] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=edit_token(self.instance)
            )

    def _post_clean(self):
        super()._post_clean()
        if EDIT_TOKEN_FIELD in self.fields:
            # The version this form was opened on travels with the instance to model_save.
            self.instance.edit_token = self.cleaned_data.get(EDIT_TOKEN_FIELD) or ""


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
    field, otherwise above the form with the field's name (a service validates the whole
    record, so it may name a model field the form does not show)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
            continue
        label = "" if name == NON_FIELD_ERRORS else _field_label(form, name)
        form.add_error(None, [f"{label}：{m}" if label else m for error in errors for m in error])


def _field_label(form, name):
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def scoped_choices(queryset, user):
    model = queryset.model
    if model is Town:
        if scope.sees_all_towns(user):
            return queryset
        return queryset.filter(pk=user.town_id) if getattr(user, "town_id", None) else queryset.none()
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    return queryset


class ImportUploadForm(forms.Form):
    """The upload step of every import: the file, and optionally which sheet to read."""

    file = forms.FileField(
        label=_("选择文件"),
        allow_empty_file=True,  # the reading layer says "文件为空" like it says everything else
        help_text=_("Excel（.xlsx .xlsm .xls）或 CSV，不超过20MB"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.xlsm,.xls,.csv,.txt,.xlsb,.ods"}
        ),
    )
    sheet = forms.CharField(
        label=_("工作表"),
        required=False,
        max_length=100,
        help_text=_("留空时自动选择第一个含表头的可见工作表"),
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("自动识别")}),
    )
