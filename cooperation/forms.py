from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm

from .models import Bank, Financing, Intermediary, IntermediaryReview, IntermediaryService

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
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
