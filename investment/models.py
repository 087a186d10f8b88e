"""科技招商 (docs/domain.md, "Investment pipeline"): the seed's 创新型产业集群 battle.

This module is shared by two halves of the app, each in its own section:

- the project pipeline (issue 12, part A): InvestmentProject 科创项目 moving 线索 → 在谈 → 签约 →
  落地 (or 终止 from any open stage) through a core.workflow Workflow, its dated history
  ProjectStageChange, and the 招引目标数据库 (InvestmentLead) whose leads become projects;
- events, client visits, the team and funds (issue 12, part B), appended below.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel
from core.workflow import StageChange, StageFields, Workflow

# =============================================================================================
# Project pipeline (issue 12, part A)
# =============================================================================================


class SourceKind(models.TextChoices):
    """项目来源: who brought the project in (the seed's 区镇、载体、基金、委托招商)."""

    TOWN = "town", _("区镇")
    CARRIER = "carrier", _("载体")
    FUND = "fund", _("基金")
    ENTRUSTED = "entrusted", _("委托")


class ProjectStage(models.TextChoices):
    LEAD = "lead", _("线索")
    TALKING = "talking", _("在谈")
    SIGNED = "signed", _("签约")
    LANDED = "landed", _("落地")
    DROPPED = "dropped", _("终止")


PROJECT_WORKFLOW = Workflow(
    name=_("科创项目"),
    path=[ProjectStage.LEAD, ProjectStage.TALKING, ProjectStage.SIGNED, ProjectStage.LANDED],
    exits=[ProjectStage.DROPPED],
    labels=dict(ProjectStage.choices),
    history="investment.ProjectStageChange",
    history_fk="project",
    fields=StageFields(number=None, certified_on=None),
)

# The stages a project is still being worked on (the board's open columns; 终止 is reachable from these).
OPEN_STAGES = (ProjectStage.LEAD, ProjectStage.TALKING, ProjectStage.SIGNED)


def direction_errors(chain_id, direction) -> dict:
    """A 招商方向 belongs to one 产业链: the two must agree (projects and leads alike)."""
    if direction is not None and chain_id and direction.chain_id != chain_id:
        return {
            "direction": _("招商方向“%(d)s”不属于所选产业链，请重新选择") % {"d": direction.name},
        }
    return {}


class InvestmentProject(BusinessModel):
    """科创项目: a project being attracted to Haimen, from 线索 to 落地 (or 终止), with its dated moves."""

    name = models.CharField(_("项目名称"), max_length=200)
    chain = models.ForeignKey(
        "core.IndustryChain", on_delete=models.PROTECT, related_name="projects", verbose_name=_("产业链")
    )
    direction = models.ForeignKey(
        "core.InvestDirection",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("招商方向"),
        null=True,
        blank=True,
    )
    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="investment_projects", verbose_name=_("所属区镇")
    )
    source_kind = models.CharField(_("项目来源"), max_length=20, choices=SourceKind.choices, default=SourceKind.TOWN)
    source_unit = models.CharField(_("来源单位"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investment_projects",
        verbose_name=_("负责人"),
    )
    counterpart = models.CharField(_("客商"), max_length=100, blank=True)
    stage = models.CharField(_("阶段"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.LEAD)
    stage_on = models.DateField(_("进入本阶段日期"))
    is_key = models.BooleanField(_("重点科创项目"), default=False)
    planned_investment = models.DecimalField(
        _("计划投资(万元)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("计划投资不能为负数"))],
    )
    nt_recognized_on = models.DateField(_("南通市科创项目认定日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    # Stage and its date move only through the workflow (the board, 推进阶段), never the edit form.
    edit_fields = (
        "name",
        "chain",
        "direction",
        "town",
        "source_kind",
        "source_unit",
        "owner",
        "counterpart",
        "is_key",
        "planned_investment",
        "nt_recognized_on",
        "note",
    )

    class Meta:
        verbose_name = _("科创项目")
        verbose_name_plural = _("科创项目")
        ordering = ["-stage_on", "-id"]
        indexes = [
            # The board: each column's newest cards and its count.
            models.Index(fields=["stage", "-stage_on", "-id"], name="invproject_board"),
            models.Index(fields=["town", "stage"], name="invproject_town_stage"),
            models.Index(fields=["nt_recognized_on"], name="invproject_nt_recognized"),
        ]

    def __str__(self):
        return self.name

    @property
    def workflow(self) -> Workflow:
        return PROJECT_WORKFLOW

    @property
    def is_open(self) -> bool:
        return not PROJECT_WORKFLOW.is_terminal(self.stage)

    def clean(self):
        from django.utils import timezone

        from . import rules

        errors = direction_errors(self.chain_id, self.direction)
        today = timezone.localdate()
        label = self._meta.get_field("nt_recognized_on").verbose_name
        error = rules.future_date_error(self.nt_recognized_on, today=today, label=label)
        if error := error or rules.recognition_error(self.stage, self.nt_recognized_on):
            errors["nt_recognized_on"] = error
        if error := rules.future_date_error(self.stage_on, today=today, label=_("进入本阶段日期")):
            errors["stage_on"] = error
        if errors:
            raise ValidationError(errors)


class ProjectStageChange(StageChange):
    """项目阶段变化: one dated move of a project (the KPIs count 签约/落地 on this date)."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="changes", verbose_name=_("科创项目")
    )
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=ProjectStage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=ProjectStage.choices)

    class Meta:
        verbose_name = _("项目阶段变化")
        verbose_name_plural = _("项目阶段变化")
        ordering = ["project", "on", "id"]
        indexes = [models.Index(fields=["to_stage", "on"], name="invchange_stage_on")]


class LeadKind(models.TextChoices):
    COMPANY = "company", _("企业")
    INSTITUTION = "institution", _("机构")
    TEAM = "team", _("团队")


class LeadStatus(models.TextChoices):
    NEW = "new", _("待接洽")
    CONTACTING = "contacting", _("接洽中")
    CONVERTED = "converted", _("已转项目")
    SHELVED = "shelved", _("已搁置")


class InvestmentLead(BusinessModel):
    """招引目标: a company, institution or team to approach, by chain and direction, owned by someone.

    A lead becomes a project in one step (转为项目); it then links to that project and is 已转项目.
    """

    name = models.CharField(_("目标名称"), max_length=200)
    kind = models.CharField(_("目标类型"), max_length=20, choices=LeadKind.choices, default=LeadKind.COMPANY)
    chain = models.ForeignKey(
        "core.IndustryChain", on_delete=models.PROTECT, related_name="leads", verbose_name=_("产业链")
    )
    direction = models.ForeignKey(
        "core.InvestDirection",
        on_delete=models.PROTECT,
        related_name="leads",
        verbose_name=_("招商方向"),
        null=True,
        blank=True,
    )
    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="investment_leads", verbose_name=_("跟进区镇")
    )
    city = models.CharField(_("所在地"), max_length=50, blank=True, help_text=_("如 深圳、上海"))
    contact = models.CharField(_("联系人及方式"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investment_leads",
        verbose_name=_("负责人"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW)
    project = models.OneToOneField(
        InvestmentProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead",
        verbose_name=_("转成的项目"),
    )
    note = models.TextField(_("备注"), blank=True)

    # 已转项目 and its project are set by 转为项目 only.
    edit_fields = ("name", "kind", "chain", "direction", "town", "city", "contact", "owner", "status", "note")

    class Meta:
        verbose_name = _("招引目标")
        verbose_name_plural = _("招引目标")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "chain"], name="invlead_status_chain")]

    def __str__(self):
        return self.name

    def clean(self):
        errors = direction_errors(self.chain_id, self.direction)
        if self.status == LeadStatus.CONVERTED and not self.project_id:
            errors["status"] = _("“已转项目”须通过“转为项目”操作产生")
        if errors:
            raise ValidationError(errors)


# =============================================================================================
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
