from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, style_field

from . import selectors
from .models import PROJECT_WORKFLOW, InvestmentLead, InvestmentProject, ProjectStage, SourceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# =============================================================================================
# Project pipeline (issue 12, part A)
# =============================================================================================


class OwnerChoicesMixin:
    """负责人 is chosen among the people who may own a project or lead (selectors.owner_choices)."""

    def limit_owner(self, user):
        if "owner" in self.fields and user is not None:
            choices = selectors.owner_choices(user)
            current = getattr(self.instance, "owner_id", None)
            if current:  # an officer editing a project the bureau owns keeps its owner
                choices = choices | choices.model.objects.filter(pk=current)
            self.fields["owner"].queryset = choices


class ProjectForm(OwnerChoicesMixin, ScopedModelForm):
    """A new project enters at 线索 (or a later stage someone reports, with its date); afterwards the
    stage moves on the board or through 推进阶段 only."""

    stage = forms.ChoiceField(label=_("阶段"), choices=PROJECT_WORKFLOW.choices(), initial=PROJECT_WORKFLOW.first)
    stage_on = forms.DateField(label=_("进入本阶段日期"), widget=DATE)

    class Meta:
        model = InvestmentProject
        fields = list(InvestmentProject.edit_fields)
        widgets = {"nt_recognized_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_owner(user)
        if self.instance.pk:
            del self.fields["stage"]
            del self.fields["stage_on"]
        else:
            self.fields["stage_on"].initial = timezone.localdate()
            for name in ("stage", "stage_on"):
                style_field(self.fields[name])

    def _post_clean(self):
        if "stage" in self.fields:
            self.instance.stage = self.cleaned_data.get("stage") or PROJECT_WORKFLOW.first
            self.instance.stage_on = self.cleaned_data.get("stage_on")
        super()._post_clean()


class MoveForm(forms.Form):
    """推进阶段 (and the board's button): the stage the user saw travels with the move."""

    to_stage = forms.ChoiceField(label=_("推进到"))
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    seen_stage = forms.ChoiceField(choices=ProjectStage.choices, widget=forms.HiddenInput, required=False)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = PROJECT_WORKFLOW.choices(stages)
        for field in self.fields.values():
            style_field(field)


class RecognizeForm(forms.Form):
    nt_recognized_on = forms.DateField(
        label=_("南通市科创项目认定日期"), widget=DATE, required=False, help_text=_("留空则撤销认定")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_field(field)


class LeadForm(OwnerChoicesMixin, ScopedModelForm):
    class Meta:
        model = InvestmentLead
        fields = list(InvestmentLead.edit_fields)
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_owner(user)
        # 已转项目 comes from 转为项目 only.
        choices = [c for c in self.fields["status"].choices if c[0] != "converted" or self.instance.project_id]
        self.fields["status"].choices = choices


class ConvertForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("进入阶段"),
        choices=PROJECT_WORKFLOW.choices([ProjectStage.LEAD, ProjectStage.TALKING]),
        initial=ProjectStage.LEAD,
    )
    on = forms.DateField(label=_("日期"), widget=DATE)
    source_kind = forms.ChoiceField(label=_("项目来源"), choices=SourceKind.choices, initial=SourceKind.TOWN)
    source_unit = forms.CharField(label=_("来源单位"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_field(field)


# =============================================================================================
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
