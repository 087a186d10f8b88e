from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, style_field

from . import selectors
from .models import PROJECT_WORKFLOW, InvestmentLead, InvestmentProject, ProjectStage, SourceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# =============================================================================================
# Project pipeline
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
# Events, client visits, team and funds
# =============================================================================================
# not save; the views call the services.

from django import forms  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from core import scope  # noqa: E402
from core.forms import ScopedModelForm  # noqa: E402

from .models import FUND_WORKFLOW, OPEN_STAGES, ClientVisit, Fund, InvestmentEvent, InvestmentProject, TeamMember  # noqa: E402

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MINUTE = "%Y-%m-%dT%H:%M"

# Cities a client visit or an event is most often in (a datalist: any other city may be typed).
COMMON_CITIES = ["海门", "上海", "深圳", "南京", "苏州", "南通", "杭州", "北京", "无锡", "合肥", "广州", "武汉"]


class EventForm(ScopedModelForm):
    class Meta:
        model = InvestmentEvent
        fields = list(InvestmentEvent.edit_fields)
        widgets = {"held_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = self.fields["projects"].queryset.select_related(None).order_by("name")
        self.fields["members"].queryset = self.fields["members"].queryset.order_by("unit_kind", "unit_name", "name")
        for name in ("projects", "members"):
            self.fields[name].widget.attrs["size"] = 8
        self.fields["city"].widget.attrs["list"] = "common-cities"


RECENT_PROJECTS = 200


class ClientVisitForm(ScopedModelForm):
    """记拜访 on a phone: who (the user themself when they are on the team), when (now), whom, where."""

    class Meta:
        model = ClientVisit
        fields = list(ClientVisit.edit_fields)
        widgets = {
            "visited_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MINUTE),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        member = self.fields["member"]
        if user is not None:
            current = selectors.visit_member_choices(user)
            if self.instance.member_id:  # an edit keeps its member even if they left since
                current = current | TeamMember.objects.filter(pk=self.instance.member_id)
            member.queryset = current.order_by("unit_kind", "unit_name", "name")
        member.label_from_instance = lambda m: f"{m.name}（{m.unit_name}）"
        self.fields["visited_at"].input_formats = [MINUTE, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        # The open projects in the user's scope most recently moved (a phone's select cannot hold the
        # thousands a district has), plus the visit's own and one preselected with ?project=<id>.
        scoped = self.fields["project"].queryset.select_related(None)
        recent = scoped.filter(stage__in=OPEN_STAGES).order_by("-stage_on", "-id").values("pk")[:RECENT_PROJECTS]
        keep = [pk for pk in (self.instance.project_id, self.initial.get("project")) if pk]
        self.fields["project"].queryset = scoped.filter(Q(pk__in=recent) | Q(pk__in=keep)).order_by("name")
        self.fields["project"].required = False
        self.fields["city"].widget.attrs.update({"list": "common-cities", "autocomplete": "off"})
        self.fields["counterpart"].widget.attrs.update(
            {"autocomplete": "off", "placeholder": _("企业、机构或团队名称")}
        )
        for field in self.fields.values():
            style_field(field)
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("visited_at", timezone.localtime().replace(second=0, microsecond=0))
            me = selectors.member_of(user) if user is not None else None
            if me is not None:
                self.initial.setdefault("member", me.pk)
        self.common_cities = COMMON_CITIES


class TeamMemberForm(ScopedModelForm):
    class Meta:
        model = TeamMember
        fields = list(TeamMember.edit_fields)
        widgets = {"active_from": DATE, "active_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.fields["user"].queryset.order_by("username")


class FundForm(ScopedModelForm):
    """A new fund starts at 筹备 unless a later reported stage is chosen; moves are separate (推进阶段)."""

    stage = forms.ChoiceField(label=_("阶段"), choices=FUND_WORKFLOW.choices(), required=False)
    stage_on = forms.DateField(label=_("进入本阶段日期"), required=False, widget=DATE)

    class Meta:
        model = Fund
        fields = list(Fund.edit_fields)
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["stage"]
            del self.fields["stage_on"]
        else:
            self.fields["stage"].initial = FUND_WORKFLOW.first
            for name in ("stage", "stage_on"):
                style_field(self.fields[name])


class FundMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("推进到"))
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = FUND_WORKFLOW.choices(stages)
        for field in self.fields.values():
            style_field(field)


def can_record_visit(user) -> bool:
    return scope.can_create(user, ClientVisit)


__all__ = ["EventForm", "ClientVisitForm", "TeamMemberForm", "FundForm", "FundMoveForm", "InvestmentProject"]
