"""Forms of the enterprises app: input and its validation messages; the rules live in services."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import scope
from core.forms import BulkActionForm, ScopedModelForm, style_field
from core.models import Town

from . import rules, selectors, services
from .models import (
    CERTIFIED_STAGES,
    POOL_WORKFLOWS,
    Enterprise,
    EnterpriseYear,
    PangaoLevel,
    Pool,
    PoolMembership,
    RDProject,
    Stage,
    Visit,
    pool_workflow,
)


def year_field(field=None):
    """A 年度 field that takes the working years of rules.py (the browser says so too): a new one,
    or a model form's own field limited in place."""
    if field is None:
        return forms.IntegerField(label=_("年度"), min_value=rules.YEAR_MIN, max_value=rules.YEAR_MAX)
    field.min_value, field.max_value = rules.YEAR_MIN, rules.YEAR_MAX
    field.validators += [MinValueValidator(rules.YEAR_MIN), MaxValueValidator(rules.YEAR_MAX)]
    field.widget.attrs.update(min=rules.YEAR_MIN, max=rules.YEAR_MAX)
    return field


def refuse_negative(form):
    """Money and counts can't be negative: say so in Chinese on the field, before the model does."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DecimalField | forms.IntegerField) and name != "year":
            if not any(isinstance(v, MinValueValidator) for v in field.validators):
                field.validators.append(MinValueValidator(0))
            field.error_messages["min_value"] = _("%(label)s不能为负数。") % {"label": field.label}
            field.widget.attrs.setdefault("min", "0")
            keypad = "decimal" if isinstance(field, forms.DecimalField) else "numeric"
            field.widget.attrs.setdefault("inputmode", keypad)


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = Enterprise.edit_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_negative(self)
        # Never every user of the portal: the officers this user may choose (one rule, in selectors).
        field = self.fields["grid_officer"]
        field.queryset = selectors.grid_officer_choices(self.user)
        field.label_from_instance = lambda officer: f"{officer} · {officer.town or ''}"

    # The service normalises too; here first, so the form's own checks see the stored form.
    def clean_name(self):
        return services.normalize_name(self.cleaned_data["name"])

    def clean_credit_code(self):
        return services.normalize_credit_code(self.cleaned_data["credit_code"])


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos from one <input multiple>; each is checked by services.validate_photo."""

    def __init__(self, *args, **kwargs):
        # The input itself is hidden behind a big 拍照或选择照片 button (its <label>) in the template.
        attrs = {"accept": "image/jpeg,image/png", "class": "visually-hidden"}
        kwargs.setdefault("widget", MultipleImageInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        single = super().clean
        return [single(upload, initial) for upload in files]


class VisitForm(ScopedModelForm):
    """记走访 on a phone: the enterprise comes from the type-ahead picker, photos are optional."""

    needs = forms.MultipleChoiceField(
        label=_("企业需求"), choices=Visit.Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    photos = MultipleImageField(
        label=_("照片"), required=False, help_text=_("可多选，JPEG或PNG，每张不超过5MB，每条走访最多9张。")
    )
    # Asked only when the service finds another visit of the enterprise that day (services.visit_record).
    confirm_duplicate = forms.BooleanField(label=_("仍然保存（确是当天的另一次走访）"), required=False)

    class Meta:
        model = Visit
        fields = ["enterprise", "visited_on", "kind", "needs", "content", "problem", "follow_up", "resolution"]
        widgets = {
            "enterprise": forms.HiddenInput,
            "kind": forms.RadioSelect,
            "follow_up": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 2}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"enterprise": {"required": _("请先搜索并选择走访的企业。")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        if not self.instance.pk:
            self.fields["visited_on"].initial = today
        self.fields["enterprise"].error_messages["invalid_choice"] = _("该企业不在您负责的区镇，请重新选择。")
        self.fields["content"].widget.attrs["placeholder"] = _("了解到的情况、宣传的政策……")
        self.fields["problem"].widget.attrs["placeholder"] = _("企业反映的困难和诉求")
        # Removing a photo is a deletion: offered only to those who may delete (docs/domain.md §1).
        if self.instance.pk and self.user is not None and scope.can_delete(self.user, Visit):
            self.fields["remove_photos"] = forms.ModelMultipleChoiceField(
                label=_("删除照片"),
                queryset=self.instance.photos.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def picked_enterprise(self):
        """The enterprise the picker shows as chosen (the posted one, the preselected one or the saved one)."""
        field = self.fields["enterprise"]
        value = self["enterprise"].value()
        if not value:
            return None
        try:
            return field.queryset.select_related("town", "grid_officer").get(pk=value)
        except (Enterprise.DoesNotExist, ValueError, TypeError):
            return None


class VisitFollowUpForm(ScopedModelForm):
    """更新跟进 (the queue's cards, the visit's and the enterprise's pages): a dated note, the new status
    and, once solved, the final outcome. services.visit_follow_up keeps every note."""

    on = forms.DateField(label=_("跟进日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("本次跟进情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Visit
        fields = ["follow_up", "resolution"]
        widgets = {"follow_up": forms.RadioSelect, "resolution": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        # Several cards may have their form open at once: ids must differ from card to card.
        kwargs.setdefault("auto_id", f"id_visit{kwargs['instance'].pk}_%s")
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["on"].initial = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()
        self.fields["note"].widget.attrs["placeholder"] = _("联系了谁、办了什么、下一步……")
        self.fields["resolution"].label = _("办理结果（办结时填写）")
        self.fields["resolution"].widget.attrs["rows"] = 2


class EnterpriseYearForm(ScopedModelForm):
    """One year's figures of one enterprise (the enterprise comes from the page, not the form)."""

    class Meta:
        model = EnterpriseYear
        fields = [
            "year",
            "revenue",
            "hitech_revenue",
            "rd_expense",
            "rd_expense_domestic",
            "total_costs",
            "total_assets",
            "net_assets",
            "employees",
            "rd_staff",
            "ip_class1",
            "ip_class2",
            "conversions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_negative(self)
        year_field(self.fields["year"])
        if self.instance.pk is None:
            # The last finished fiscal year: the one the diagnosis reads first.
            self.initial["year"] = self.initial.get("year") or selectors.current_year() - 1

    def clean_year(self):
        year = self.cleaned_data["year"]
        others = EnterpriseYear.objects.filter(enterprise_id=self.instance.enterprise_id, year=year)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("%(year)s年的经营数据已录入，请编辑该年度。") % {"year": year})
        return year


class RDProjectForm(ScopedModelForm):
    class Meta:
        model = RDProject
        fields = ["year", "title", "budget", "filed_on", "reviewed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_negative(self)
        year_field(self.fields["year"])
        if self.instance.pk is None:
            self.initial["year"] = self.initial.get("year") or selectors.current_year()
            self.initial["filed_on"] = self.initial.get("filed_on") or timezone.localdate()
        # 审查 is the bureau's check of the filing (seed: 对企业研发项目备案材料开展审查).
        if not getattr(self.user, "is_bureau", False):
            del self.fields["reviewed"]


class MembershipForm(ScopedModelForm):
    """Correct a membership's certificate and note, and record the experts' points (强基)."""

    class Meta:
        model = PoolMembership
        fields = ["certificate_no", "certified_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        membership = self.instance
        if membership.pool == Pool.QIANGJI:
            for index, (key, part) in enumerate(rules.EXPERT_SCORE_PARTS.items()):
                field = forms.IntegerField(
                    label=f"{part.label}（0–{part.full}）",
                    required=False,
                    min_value=0,
                    max_value=part.full,
                    initial=(membership.expert_scores or {}).get(key),
                    help_text=_("省专家预审评分，诊断用；未评可留空") if index == 0 else "",
                )
                field.error_messages["max_value"] = _("最高%(full)s分。") % {"full": part.full}
                field.error_messages["min_value"] = _("不能为负数。")
                style_field(field)
                self.fields[f"expert_{key}"] = field
        if membership.pool == Pool.PANGAO:
            del self.fields["certificate_no"]
            del self.fields["certified_on"]

    def clean(self):
        data = super().clean()
        if self.instance.pool == Pool.QIANGJI:
            scores = {k: data.get(f"expert_{k}") for k in rules.EXPERT_SCORE_PARTS}
            self.instance.expert_scores = {k: v for k, v in scores.items() if v is not None}
        return data


class PoolEnterForm(forms.Form):
    """纳入培育库: an enterprise into a pool for a year, at its first stage unless told otherwise."""

    pool = forms.ChoiceField(label=_("培育库"), choices=Pool.choices)
    year = year_field()
    stage = forms.ChoiceField(
        label=_("阶段"),
        required=False,
        choices=[("", _("（该库第一阶段）")), *Stage.choices],
        help_text=_("已在库外走到后面阶段的（如整体迁入的高企）可直接选该阶段"),
    )
    on = forms.DateField(label=_("日期"), required=False, help_text=_("留空为今天；有发证日期时取发证日期"))
    certificate_no = forms.CharField(label=_("证书编号/入库登记编号"), required=False, max_length=60)
    certified_on = forms.DateField(label=_("发证/入库日期"), required=False)
    level = forms.ChoiceField(label=_("攀高层级"), required=False, choices=[("", "—"), *PangaoLevel.choices])
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].initial = selectors.current_year()
        for field in self.fields.values():
            style_field(field)


class PoolMoveForm(forms.Form):
    """变更阶段 of one membership; the service decides whether the move is allowed."""

    stage = forms.ChoiceField(label=_("转入阶段"))
    on = forms.DateField(
        label=_("日期"),
        required=False,
        help_text=_("到达该阶段的日期，统计按此日期计；留空为今天（往年度为该年12月31日）"),
    )
    later_confirmed = forms.BooleanField(label=_("确认日期晚于年度"), required=False)
    certificate_no = forms.CharField(label=_("证书编号/入库登记编号"), required=False, max_length=60)
    certified_on = forms.DateField(label=_("发证/入库日期"), required=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["stage"].choices = membership.workflow.choices()
        self.fields["certificate_no"].initial = membership.certificate_no
        self.fields["certified_on"].initial = membership.certified_on
        # The date rule is the service's (services.stage_date_error, as for a bulk move): the
        # confirmation shows only once a date after the membership's year has been submitted.
        if not self._posted_later_date():
            self.fields["later_confirmed"].widget = forms.HiddenInput()
        for field in self.fields.values():
            style_field(field)

    def _posted_later_date(self) -> bool:
        if not self.is_bound:
            return False
        try:
            on = forms.DateField().clean(self.data.get(self.add_prefix("on")) or None)
        except ValidationError:
            return False
        return bool(on and on.year > self.membership.year)

    def chosen_stage(self):
        return self.data.get(self.add_prefix("stage")) if self.is_bound else self.initial.get("stage")

    @property
    def needs_certificate(self):
        return self.membership.workflow.needs_certificate(self.chosen_stage())


class PangaoForm(forms.Form):
    level = forms.ChoiceField(label=_("攀高层级"), required=False, choices=[("", "—"), *PangaoLevel.choices])
    recommended_provincial = forms.BooleanField(label=_("推荐省级"), required=False)
    recommended_on = forms.DateField(label=_("推荐日期"), required=False, help_text=_("留空为今天"))
    national_list = forms.BooleanField(label=_("上榜全国榜单"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_field(field)


# ---- bulk actions on the enterprise list -------------------------------------------------


def _grid_officers():
    return selectors.grid_officer_choices(None)  # bulk assignment is the bureau's: every town


class GridOfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.town or ''}"


class AssignForm(BulkActionForm):
    town = forms.ModelChoiceField(label=_("区镇"), queryset=Town.objects.all(), required=False)
    grid_officer = GridOfficerChoiceField(label=_("科技网格员"), queryset=_grid_officers(), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("town") and not data.get("grid_officer"):
            raise ValidationError(_("请选择要分配的区镇或科技网格员（至少一项）。"))
        return data


PASTE_HINT = _("每行：信用代码或企业名称 编号（可从Excel复制两列）")


def _pool_stage_groups():
    """The stage choices grouped by pool (the page shows only the chosen pool's group)."""
    return [
        (Pool(pool).label, workflow.choices([*workflow.path, *workflow.exits]))
        for pool, workflow in POOL_WORKFLOWS.items()
    ]


class PoolBulkMoveForm(BulkActionForm):
    """批量变更阶段: one pool, year, stage and date for all; each enterprise its own number.

    Pool, year and stage start from the list's filter (BulkAction.get_initial): a list of 2023
    强基 拟申报 opens at 强基 / 2023 / 下一阶段 with a date in 2023. The stage select lists only
    the chosen pool's stages, and the number fields show only for a certified stage (bulk.js
    reads the select's data attributes). The date rules are the service's
    (services.stage_date_error): within the membership's year, a later date only when confirmed.

    Numbers come two ways, as a bureau user has them: pasted from the province's list
    ("信用代码或企业名称<Tab>编号" per line, straight from Excel), or — when the district
    numbers them itself — a first number that counts up in the order of the list.
    Pasted lines win; the rest are numbered from the first number.
    """

    pool = forms.ChoiceField(label=_("培育库"), choices=Pool.choices)
    year = year_field()
    stage = forms.ChoiceField(label=_("转入阶段"))
    on = forms.DateField(
        label=_("日期（发证/入库日期）"),
        required=False,
        help_text=_("到达该阶段的日期，须在该年度内；统计按此日期计。留空为该年度内的默认日期"),
    )
    later_confirmed = forms.BooleanField(label=_("确认日期晚于年度"), required=False)
    first_number = forms.CharField(
        label=_("起始编号"), required=False, max_length=60, help_text=_("按列表顺序逐家加1，如 HM2023-001")
    )
    numbers = forms.CharField(
        label=_("逐家编号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": PASTE_HINT}),
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stage = self.fields["stage"]
        next_label = generic = _("下一阶段（各企业当前阶段的下一步）")
        stage.widget.attrs["data-next-generic"] = str(generic)
        pool, from_stage = self.initial.get("pool"), self.initial.get("from_stage")
        if pool and from_stage and (following := pool_workflow(pool).next_stages(from_stage)):
            next_label = _("下一阶段（%(a)s → %(b)s）") % {"a": Stage(from_stage).label, "b": Stage(following[0]).label}
            stage.widget.attrs["data-next-stage"] = following[0]
        stage.choices = [(services.NEXT_STAGE, next_label), *_pool_stage_groups()]
        stage.widget.attrs.update(
            {
                "data-pool-groups": json.dumps({p.value: str(p.label) for p in Pool}, ensure_ascii=False),
                "data-certified": json.dumps({p.value: sorted(w.certified) for p, w in POOL_WORKFLOWS.items()}),
                "data-pool-select": self.add_prefix("pool"),
            }
        )
        for name in ("first_number", "numbers"):
            self.fields[name].widget.attrs["data-certificate-field"] = ""
        year = self.initial.get("year") or selectors.current_year()
        self.fields["year"].initial = year
        self.fields["stage"].initial = services.NEXT_STAGE
        self.fields["on"].initial = services.default_stage_date(year)
        self.fields["on"].widget.attrs["data-year-date"] = ""
        # The confirmation shows only once a date after the year has been submitted.
        if not self._posted_later_date():
            self.fields["later_confirmed"].widget = forms.HiddenInput()

    def _posted_later_date(self) -> bool:
        if not self.is_bound:
            return False
        try:
            year = int(self.data.get(self.add_prefix("year")) or 0)
            on = forms.DateField().clean(self.data.get(self.add_prefix("on")) or None)
        except (ValueError, ValidationError):
            return False
        return bool(on and year and on.year > year)

    def clean_numbers(self):
        return services.parse_pasted_numbers(self.cleaned_data["numbers"], self.objects)

    def clean(self):
        data = super().clean()
        stage, pool = data.get("stage"), data.get("pool")
        if stage and pool and stage != services.NEXT_STAGE and (error := pool_workflow(pool).stage_error(stage)):
            self.add_error("stage", error)
            return data
        data["certificate_numbers"] = dict(data.get("numbers") or {})
        if not (stage and pool and data.get("year") and "numbers" in data):
            return data
        # Numbers for the enterprises whose move needs a certificate (下一阶段: those whose next is).
        if stage == services.NEXT_STAGE:
            targets = services.bulk_move_targets(enterprises=self.objects, pool=pool, year=data["year"], to_stage=stage)
        else:
            targets = {e.pk: stage for e in self.objects}
        workflow = pool_workflow(pool)
        certified = sorted({t for t in targets.values() if t and workflow.needs_certificate(t)})
        if not certified:
            return data
        needing = [e for e in self.objects if workflow.needs_certificate(targets.get(e.pk))]
        try:
            data["certificate_numbers"] = services.batch_numbers(
                enterprises=needing,
                stage=certified[0],
                pool=pool,
                pasted=data["numbers"],
                first_number=data.get("first_number") or "",
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data


class PoolBulkEnterForm(BulkActionForm):
    """批量纳入培育库 at the pool's first stage (or a later one without a certificate)."""

    pool = forms.ChoiceField(label=_("培育库"), choices=Pool.choices)
    year = year_field()
    stage = forms.ChoiceField(
        label=_("阶段"),
        required=False,
        choices=[("", _("（该库第一阶段）")), *[(s.value, s.label) for s in Stage if s not in CERTIFIED_STAGES]],
    )
    on = forms.DateField(label=_("日期"))
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = selectors.current_year()
        self.fields["on"].initial = timezone.localdate()
