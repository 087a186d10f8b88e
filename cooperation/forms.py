import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm

from .models import (
    Bank,
    EventKind,
    Financing,
    IACooperation,
    IAEvent,
    Institution,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    TechContract,
)

# ============================================================================================
# Industry–academia cooperation (institutions, IA projects, technology contracts, events) — 13a
# ============================================================================================

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEPARATORS = re.compile(r"[\n\r,，、;；]+")


def find_enterprise(queryset, text):
    """The enterprise a person typed: its credit code, its full name, or a part of the name that
    only one enterprise in the user's scope has. ValidationError naming the text otherwise."""
    from core.credit_code import normalize_credit_code as normalize
    from enterprises.selectors import search

    text = " ".join(str(text).split())
    code = normalize(text) if len(text) >= 18 else ""
    found = list(queryset.filter(credit_code=code)[:1]) if code else []
    found = found or list(queryset.filter(name=text)[:2])
    if not found:
        found = list(search(queryset, text).order_by("name")[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            _g("平台中没有“%(t)s”这家企业（或不属于您的区镇），请填写企业全称或统一社会信用代码") % {"t": text}
        )
    names = "、".join(e.name for e in found[:5])
    raise ValidationError(_g("“%(t)s”对应多家企业（%(names)s），请填写全称") % {"t": text, "names": names})


class EnterpriseField(forms.ModelChoiceField):
    """One enterprise, typed by name or credit code (a select of 50,000 enterprises is no form)."""

    widget = forms.TextInput

    def prepare_value(self, value):
        if hasattr(value, "name"):
            return value.name
        if isinstance(value, int):
            found = self.queryset.filter(pk=value).values_list("name", flat=True).first()
            return found or value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return find_enterprise(self.queryset, value)


class EnterprisesField(forms.ModelMultipleChoiceField):
    """Several enterprises, one per line (or separated by 、，；), each by name or credit code."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        items = list(value)
        if items and not hasattr(items[0], "name"):
            items = list(self.queryset.filter(pk__in=items).order_by("name"))
        return "\n".join(e.name for e in items)

    def clean(self, value):
        parts = [p.strip() for p in SEPARATORS.split(value or "") if p.strip()]
        if not parts:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        found, errors = [], []
        for part in parts:
            try:
                enterprise = find_enterprise(self.queryset, part)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            if enterprise not in found:
                found.append(enterprise)
        if errors:
            raise ValidationError(errors)
        return found

    def has_changed(self, initial, data):
        return True


class InstitutionForm(ScopedModelForm):
    class Meta:
        model = Institution
        fields = list(Institution.edit_fields)


class IACooperationForm(ScopedModelForm):
    class Meta:
        model = IACooperation
        fields = list(IACooperation.edit_fields)
        field_classes = {"enterprise": EnterpriseField}
        widgets = {"signed_on": DATE}
        help_texts = {"enterprise": _("企业全称、简称或统一社会信用代码")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class TechContractForm(ScopedModelForm):
    class Meta:
        model = TechContract
        fields = list(TechContract.edit_fields)
        field_classes = {"enterprise": EnterpriseField}
        widgets = {
            "signed_on": DATE,
            "registered_on": DATE,
            "rectify_since": DATE,
        }
        help_texts = {"enterprise": _("海门的一方：企业全称、简称或统一社会信用代码")}

    def validate_unique(self):
        """A repeated 合同登记编号 is refused by TechContract.clean, which names the number (the
        form's generic "已存在" would say less, and twice)."""


class RegisterForm(forms.Form):
    """登记 a contract that waited (待登记) or was sent back (需整改)."""

    registered_on = forms.DateField(label=_("登记日期"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registered_on"].widget.attrs["class"] = "form-control"


class RectifyForm(forms.Form):
    """退回整改: the registry's reason and the day it came back."""

    reason = forms.CharField(label=_("整改原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("要求整改日期"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class IAEventForm(ScopedModelForm):
    """An 产学研活动 or 技术专家巡诊. Enterprises are typed by name; the service writes them (with
    its checks), so the form does not save the many-to-many fields itself."""

    class Meta:
        model = IAEvent
        fields = list(IAEvent.edit_fields)
        field_classes = {"enterprises": EnterprisesField}
        widgets = {
            "held_on": DATE,
            "problem": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "institutions": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "enterprises": _("每行一家（或用顿号分隔），填企业全称、简称或统一社会信用代码"),
            "town": _("区级组织的活动留空；技术巡诊留空时取所巡诊企业的区镇"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["kind"].initial = EventKind.ACTIVITY
        if self.user is not None and getattr(self.user, "is_officer", False):
            # The journey of the issue: a grid officer records a clinic at one of their enterprises.
            self.fields["kind"].initial = EventKind.CLINIC
            if not self.instance.pk:
                self.fields["town"].initial = self.user.town_id

    def _save_m2m(self):
        """The service (services.event_save) writes enterprises and institutions."""

    @property
    def m2m(self) -> dict:
        data = self.cleaned_data
        return {"enterprises": data.get("enterprises"), "institutions": data.get("institutions")}


# ============================================================================================
# Science finance and intermediaries
# ============================================================================================


class EnterpriseByCodeMixin:
    """The enterprise is typed by its 统一社会信用代码 (a list of every enterprise would be 50,000
    options); the choice is still the user's scope, so an officer cannot name another town's."""

    def _enterprise_by_code(self):
        field = self.fields["enterprise"]
        field.to_field_name = "credit_code"
        field.label = _("企业统一社会信用代码")
        field.widget = forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "maxlength": 18})
        field.error_messages["invalid_choice"] = _("平台中没有这个统一社会信用代码的企业（或不属于您的区镇）")
        if self.instance.enterprise_id and not self.is_bound:
            self.initial["enterprise"] = self.instance.enterprise.credit_code


class FinancingForm(EnterpriseByCodeMixin, ScopedModelForm):
    class Meta:
        model = Financing
        fields = list(Financing.edit_fields)
        widgets = {"on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._enterprise_by_code()


class BankForm(ScopedModelForm):
    class Meta:
        model = Bank
        fields = list(Bank.edit_fields)
        widgets = {"opened_on": DATE}


class IntermediaryForm(ScopedModelForm):
    class Meta:
        model = Intermediary
        fields = list(Intermediary.edit_fields)
        widgets = {"since": DATE}


class ServiceForm(EnterpriseByCodeMixin, ScopedModelForm):
    class Meta:
        model = IntermediaryService
        fields = list(IntermediaryService.edit_fields)
        widgets = {"served_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._enterprise_by_code()


class ReviewForm(ScopedModelForm):
    class Meta:
        model = IntermediaryReview
        fields = list(IntermediaryReview.edit_fields)
        widgets = {"reviewed_on": DATE}
        help_texts = {"score": _("0–100；等级由得分确定：90分及以上优秀，75分及以上良好，60分及以上合格，其余不合格")}
