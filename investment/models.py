"""科技招商 (docs/domain.md, "Investment pipeline"): the seed's 创新型产业集群 battle.

This module is shared by two halves of the app, each in its own section:

- the project pipeline: InvestmentProject 科创项目 moving 线索 → 在谈 → 签约 →
  落地 (or 终止 from any open stage) through a core.workflow Workflow, its dated history
  ProjectStageChange, and the 招引目标数据库 (InvestmentLead) whose leads become projects;
- events, client visits, the team and funds.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel
from core.workflow import StageChange, StageFields, Workflow

# =============================================================================================
# Project pipeline
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
# Events, client visits, team and funds
# =============================================================================================

# The activity rules (weekly rule, what counts as 外出, which event kinds count as what) live in
# investment/rules.py and are read by services, selectors, KPIs and pages alike.


class EventKind(models.TextChoices):
    """招商活动类型 (the seed's 专题活动、路演、推介会、训练营、创业大赛、投孵联盟活动)."""

    TOPIC = "topic", _("专题活动")
    ROADSHOW = "roadshow", _("路演")
    PROMOTION = "promotion", _("推介会")
    CAMP = "camp", _("训练营")
    CONTEST = "contest", _("创业大赛")
    ALLIANCE = "alliance", _("投孵联盟活动")


class UnitKind(models.TextChoices):
    """科技招商队伍的单位层级: 区镇、载体、基金 (the seed's three levels) and the 驻外局."""

    TOWN = "town", _("区镇")
    CARRIER = "carrier", _("载体")
    FUND = "fund", _("基金")
    OFFICE = "office", _("驻外局")


class TeamMember(BusinessModel):
    """科技招商队伍成员: one person of the 165-strong team, by unit (区镇/载体/基金/驻外局), active from/to.

    A member may be a portal user (a town officer records their own client visits); most are not.
    Scoped by the member's town (a 区镇 member's town; a carrier's or fund's members may carry
    the town they work in, otherwise they are the bureau's to see).
    """

    name = models.CharField(_("姓名"), max_length=50)
    unit_kind = models.CharField(_("单位层级"), max_length=20, choices=UnitKind.choices, default=UnitKind.TOWN)
    unit_name = models.CharField(_("单位名称"), max_length=100, help_text=_("如 常乐镇、长海大厦、驻上海招商局"))
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        related_name="investment_team",
        verbose_name=_("所属区镇"),
        null=True,
        blank=True,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_member",
        verbose_name=_("平台账号"),
    )
    is_head = models.BooleanField(_("单位负责人"), default=False, help_text=_("负责人可查看本单位成员的周达标情况"))
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    active_from = models.DateField(_("入队日期"))
    active_to = models.DateField(_("离队日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    officer_may_change = False  # the roster is the bureau's (科技招商中心指挥部); officers read their town's

    edit_fields = (
        "name", "unit_kind", "unit_name", "town", "user", "is_head", "phone", "active_from", "active_to", "note",
    )  # fmt: skip

    class Meta:
        verbose_name = _("招商队伍成员")
        verbose_name_plural = _("科技招商队伍")
        ordering = ["unit_kind", "unit_name", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit_kind", "unit_name", "name"], name="uniq_team_member_in_unit")
        ]
        indexes = [models.Index(fields=["active_from", "active_to"], name="invteam_active")]

    def __str__(self):
        return f"{self.name}（{self.unit_name}）"

    def clean(self):
        from . import rules

        errors = rules.member_errors(self)
        if errors:
            raise ValidationError(errors)


class InvestmentEvent(BusinessModel):
    """招商活动: a 专题活动, 路演, 推介会, 训练营, 创业大赛 or 投孵联盟活动 — when, where, who hosted it,
    which projects were presented and which team members took part.

    `town` is the 区镇 that hosted it (its officers see it); empty for the bureau's district-wide
    events, which count for the district only.
    """

    kind = models.CharField(_("活动类型"), max_length=20, choices=EventKind.choices)
    held_on = models.DateField(_("活动日期"))
    title = models.CharField(_("活动名称"), max_length=200)
    city = models.CharField(_("举办城市"), max_length=50, default="海门", help_text=_("海门，或外地城市：深圳、上海…"))
    venue = models.CharField(_("具体地点"), max_length=200, blank=True)
    host = models.CharField(_("主办单位"), max_length=100)
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        related_name="investment_events",
        verbose_name=_("所属区镇"),
        null=True,
        blank=True,
        help_text=_("区镇主办的活动填写；区级活动留空"),
    )
    projects = models.ManyToManyField(
        InvestmentProject, blank=True, related_name="events", verbose_name=_("推介/路演项目")
    )
    members = models.ManyToManyField(TeamMember, blank=True, related_name="events", verbose_name=_("参加的招商人员"))
    note = models.TextField(_("备注"), blank=True)

    edit_fields = ("kind", "held_on", "title", "city", "venue", "host", "town", "projects", "members", "note")

    class Meta:
        verbose_name = _("招商活动")
        verbose_name_plural = _("招商活动")
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["held_on", "title"], name="uniq_investment_event_day_title")]
        indexes = [models.Index(fields=["kind", "held_on"], name="invevent_kind_day")]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    @property
    def is_away(self) -> bool:
        from . import rules

        return rules.is_away(self.city)

    is_away.fget.short_description = _("外地")

    def clean(self):
        from . import rules

        self.city = rules.normalize_city(self.city)
        errors = rules.past_day_errors("held_on", self.held_on, _("活动日期"))
        if self.held_on and self.title:
            twin = InvestmentEvent.objects.filter(held_on=self.held_on, title=self.title).exclude(pk=self.pk)
            if twin.exists():
                errors.setdefault(
                    "title", _("%(d)s 已有名为“%(t)s”的活动，请修改那一条") % {"d": self.held_on, "t": self.title}
                )
        if errors:
            raise ValidationError(errors)


class ClientVisit(BusinessModel):
    """拜访客商: one team member's visit to one client (家次), dated to the minute in Asia/Shanghai,
    with the city and optionally the project it concerns. Entered on a phone.

    Scoped by the member's town; town officers record them (`officer_may_create`).
    """

    member = models.ForeignKey(
        TeamMember, on_delete=models.PROTECT, related_name="client_visits", verbose_name=_("拜访人")
    )
    visited_at = models.DateTimeField(_("拜访时间"))
    counterpart = models.CharField(_("客商"), max_length=100, help_text=_("拜访的企业、机构或团队"))
    city = models.CharField(_("城市"), max_length=50, default="海门")
    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_visits",
        verbose_name=_("相关项目"),
    )
    note = models.TextField(_("拜访情况"), blank=True)

    town_scope = "member__town"
    officer_may_create = True

    edit_fields = ("member", "visited_at", "counterpart", "city", "project", "note")

    class Meta:
        verbose_name = _("拜访客商")
        verbose_name_plural = _("拜访客商")
        ordering = ["-visited_at", "-id"]
        indexes = [
            models.Index(fields=["visited_at"], name="invvisit_at"),
            models.Index(fields=["member", "visited_at"], name="invvisit_member_at"),
        ]

    def __str__(self):
        from django.utils import timezone

        when = timezone.localtime(self.visited_at).strftime("%Y-%m-%d %H:%M") if self.visited_at else ""
        return f"{when} {self.counterpart}"

    def clean(self):
        from . import rules

        self.city = rules.normalize_city(self.city)
        errors = rules.visit_errors(self)
        if errors:
            raise ValidationError(errors)


class FundKind(models.TextChoices):
    MOTHER = "mother", _("母基金")
    INDUSTRY = "industry", _("产业基金")
    ANGEL = "angel", _("天使基金")


class FundStage(models.TextChoices):
    PREPARING = "preparing", _("筹备")
    ESTABLISHED = "established", _("设立")
    OPERATING = "operating", _("运作")


FUND_WORKFLOW = Workflow(
    name=_("科创基金"),
    path=[FundStage.PREPARING, FundStage.ESTABLISHED, FundStage.OPERATING],
    labels=dict(FundStage.choices),
    history="investment.FundStageChange",
    history_fk="fund",
    fields=StageFields(number=None, certified_on=None),
)


class Fund(BusinessModel):
    """科创基金: a 母基金, 产业基金 or 天使基金 — its manager, target and raised size (万元), and its
    stage 筹备 → 设立 → 运作 (core.workflow, with a dated history). District data: every user reads
    it, only the bureau writes it."""

    name = models.CharField(_("基金名称"), max_length=200, unique=True)
    kind = models.CharField(_("基金类型"), max_length=20, choices=FundKind.choices)
    manager = models.CharField(_("基金管理人"), max_length=200, blank=True)
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        related_name="funds",
        verbose_name=_("所在区镇"),
        null=True,
        blank=True,
        help_text=_("基金落在某个区镇时填写；区级基金留空"),
    )
    target_size = models.DecimalField(
        _("目标规模(万元)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0, _("规模不能为负数"))]
    )
    raised_size = models.DecimalField(
        _("已募集规模(万元)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, _("规模不能为负数"))],
    )
    over_target_reason = models.CharField(
        _("超募说明"), max_length=200, blank=True, help_text=_("已募集超过目标规模时必填")
    )
    counts_as_new = models.BooleanField(
        _("计入“三个一百”新增基金"), default=True, help_text=_("新增各类科创基金100亿元的口径")
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=FundStage.choices, default=FundStage.PREPARING)
    stage_on = models.DateField(_("进入本阶段日期"))
    note = models.TextField(_("备注"), blank=True)

    town_scope = None  # district data: every user reads funds
    officer_may_change = False  # the bureau's 科创基金专班 keeps them

    edit_fields = (
        "name", "kind", "manager", "town", "target_size", "raised_size", "over_target_reason", "counts_as_new", "note",
    )  # fmt: skip

    class Meta:
        verbose_name = _("科创基金")
        verbose_name_plural = _("科创基金")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def workflow(self) -> Workflow:
        return FUND_WORKFLOW

    def clean(self):
        from . import rules

        errors = rules.fund_errors(self.target_size, self.raised_size, self.over_target_reason)
        if errors:
            raise ValidationError(errors)


class FundStageChange(StageChange):
    """基金阶段变化: one dated move of a fund (筹备 → 设立 → 运作)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="changes", verbose_name=_("科创基金"))
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=FundStage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=FundStage.choices)

    class Meta:
        verbose_name = _("基金阶段变化")
        verbose_name_plural = _("基金阶段变化")
        ordering = ["fund", "on", "id"]
