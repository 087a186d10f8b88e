from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm

from .models import (
    LEVEL_WORKFLOW,
    Carrier,
    ConstructionReport,
    LevelApplication,
    OperatorContract,
    PerformanceReview,
    Platform,
    PlatformProject,
    PlatformTarget,
    Tenancy,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CarrierForm(ScopedModelForm):
    class Meta:
        model = Carrier
        fields = [
            "name", "kind", "level", "town", "area_sqm", "operator", "group_managed",
            "status", "area", "new_build", "opened_on", "note",
        ]  # fmt: skip
        widgets = {"opened_on": DATE}


class TenancyForm(ScopedModelForm):
    """The enterprise is typed by its 统一社会信用代码 (a list of every enterprise would be 50,000 options)."""

    class Meta:
        model = Tenancy
        fields = ["carrier", "enterprise", "moved_in_on", "moved_out_on", "graduated"]
        widgets = {"moved_in_on": DATE, "moved_out_on": DATE}
        labels = {"enterprise": _("企业统一社会信用代码")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        field.to_field_name = "credit_code"
        field.widget = forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "maxlength": 18})
        field.error_messages["invalid_choice"] = _("平台中没有这个统一社会信用代码的企业（或不属于您的区镇）")
        if self.instance.enterprise_id and not self.is_bound:
            self.initial["enterprise"] = self.instance.enterprise.credit_code


class ReportForm(ScopedModelForm):
    class Meta:
        model = ConstructionReport
        fields = ["carrier", "year", "quarter", "planned_pct", "actual_pct", "issues", "assessment"]
        widgets = {"issues": forms.Textarea(attrs={"rows": 3})}


class ApplicationForm(ScopedModelForm):
    """A new application (entered at 区推荐 unless another reported stage is chosen); moves are separate."""

    class Meta:
        model = LevelApplication
        fields = ["carrier", "target_level", "applied_as", "year", "stage", "stage_on", "note"]
        widgets = {"stage_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the stage moves through 推进阶段 only
            del self.fields["stage"]
            del self.fields["stage_on"]
        else:
            self.fields["stage"].initial = LEVEL_WORKFLOW.first


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("推进到"))
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = LEVEL_WORKFLOW.choices(stages)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ContractForm(ScopedModelForm):
    class Meta:
        model = OperatorContract
        fields = ["carrier", "company", "stage", "signed_on", "note"]
        widgets = {"signed_on": DATE}


class PlatformForm(ScopedModelForm):
    class Meta:
        model = Platform
        fields = ["name", "kind", "level", "partner", "town", "status", "established_on", "note"]
        widgets = {"established_on": DATE}


class TargetForm(ScopedModelForm):
    class Meta:
        model = PlatformTarget
        fields = ["platform", "year", "projects", "incubated", "service_platforms"]


class ProjectForm(ScopedModelForm):
    class Meta:
        model = PlatformProject
        fields = ["platform", "title", "stage", "year", "started_on", "incubated", "is_service_platform"]
        widgets = {"started_on": DATE}


class ReviewForm(ScopedModelForm):
    class Meta:
        model = PerformanceReview
        fields = [
            "carrier", "year", "tenants", "graduated", "occupancy_pct", "tech_smes", "htes",
            "financing", "ip_count", "note",
        ]  # fmt: skip
