"""Base form: Bootstrap classes, and every choice list cut to the user's data scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
