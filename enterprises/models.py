"""Enterprises, their yearly figures, cultivation-pool memberships (繁星/强基/攀高), R&D filings and visits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel
from core.validators import validate_credit_code_field
from core.workflow import StageChange, Workflow

from . import rules

MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True, "validators": [MinValueValidator(0)]}
COUNT = {"null": True, "blank": True}


class TechField(models.TextChoices):
    """国家重点支持的高新技术领域 (the 8 fields of 国科发火〔2016〕32号)."""

    ELECTRONICS = "electronics", _("电子信息")
    BIOMEDICINE = "biomedicine", _("生物与新医药")
    AEROSPACE = "aerospace", _("航空航天")
    NEW_MATERIALS = "new_materials", _("新材料")
    HITECH_SERVICES = "hitech_services", _("高技术服务")
    NEW_ENERGY = "new_energy", _("新能源与节能")
    ENVIRONMENT = "environment", _("资源与环境")
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("先进制造与自动化")


class Enterprise(BusinessModel):
    """企业: one legal entity, identified by its 统一社会信用代码."""

    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code_field]
    )
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("所属区镇"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    industry = models.CharField(_("所属行业"), max_length=100, blank=True)
    tech_field = models.CharField(_("技术领域"), max_length=30, choices=TechField.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    registered_capital = models.DecimalField(_("注册资本(万元)"), **MONEY)
    employees = models.PositiveIntegerField(_("职工总数"), **COUNT)
    rd_staff = models.PositiveIntegerField(_("科技人员数"), **COUNT)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    grid_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grid_enterprises",
        verbose_name=_("科技网格员"),
    )
    is_key = models.BooleanField(_("重点企业"), default=False, db_index=True)
    listing_plan = models.BooleanField(_("拟上市"), default=False)
    no_major_incident = models.BooleanField(
        _("上年无重大安全质量环境事故"), null=True, blank=True, help_text=_("高企认定条件之一；未确认则留空")
    )
    # Kept by the visit service so "not visited in N days" is an indexed filter, not a subquery.
    last_visited_on = models.DateField(_("最近走访"), null=True, blank=True, db_index=True, editable=False)

    edit_fields = (
        "name",
        "credit_code",
        "town",
        "address",
        "industry",
        "tech_field",
        "founded_on",
        "registered_capital",
        "employees",
        "rd_staff",
        "contact_name",
        "contact_phone",
        "grid_officer",
        "is_key",
        "listing_plan",
        "no_major_incident",
    )

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["town", "name"], name="ent_town_name"),
            # An enterprise's town without its wide row: every KPI counted by the enterprise's town
            # (visits, R&D filings, contracts, loans …) joins through it, as an index-only scan.
            models.Index(fields=["id"], include=["town"], name="ent_id_town"),
        ]
        constraints = [rules.not_more_than_constraint("rd_staff", name="ent_rd_staff_lte_employees")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if errors := rules.not_more_than_errors(self):
            raise ValidationError(errors)


class EnterpriseYear(BusinessModel):
    """年度经营数据: one enterprise's figures for one fiscal year (input to the diagnosis, docs/domain.md §4)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="years", verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("年度"))
    revenue = models.DecimalField(_("营业收入(万元)"), **MONEY)
    rd_expense = models.DecimalField(_("研发费用(万元)"), **MONEY)
    rd_expense_domestic = models.DecimalField(_("境内研发费用(万元)"), **MONEY)
    hitech_revenue = models.DecimalField(_("高新技术产品(服务)收入(万元)"), **MONEY)
    total_costs = models.DecimalField(_("成本费用总额(万元)"), **MONEY)
    total_assets = models.DecimalField(_("资产总额(万元)"), **MONEY)
    net_assets = models.DecimalField(_("净资产(万元)"), max_digits=16, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField(_("职工总数"), **COUNT)
    rd_staff = models.PositiveIntegerField(_("科技人员数"), **COUNT)
    ip_class1 = models.PositiveIntegerField(_("Ⅰ类知识产权"), **COUNT)
    ip_class2 = models.PositiveIntegerField(_("Ⅱ类知识产权"), **COUNT)
    conversions = models.PositiveIntegerField(_("科技成果转化数"), **COUNT)

    town_scope = "enterprise__town"
    # The grid officer collects the figures of their town's enterprises (a year at a time).
    officer_may_create = True

    class Meta:
        verbose_name = _("年度经营数据")
        verbose_name_plural = _("年度经营数据")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="uniq_enterprise_year"),
            rules.not_more_than_constraint("rd_staff", name="year_rd_staff_lte_employees"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}年"

    def clean(self):
        super().clean()
        if errors := rules.not_more_than_errors(self):
            raise ValidationError(errors)


class Pool(models.TextChoices):
    """培育库: the three cultivation plans of the seed."""

    FANXING = "fanxing", _("繁星计划")
    QIANGJI = "qiangji", _("强基计划")
    PANGAO = "pangao", _("攀高计划")


class Stage(models.TextChoices):
    """Stages of all pools in one list; POOL_STAGES says which belong to which pool, in order."""

    TARGET = "target", _("目标企业")
    EVALUATED = "evaluated", _("已参评")
    REGISTERED = "registered", _("已入库")
    POOL = "pool", _("入库培育")  # the first 强基 stage; 培育库 is the programme (docs/decisions.md, "One term")
    RD_FILED = "rd_filed", _("研发项目备案")
    PRE_APPLIED = "pre_applied", _("预申报")
    CANDIDATE = "candidate", _("拟申报")
    APPLIED = "applied", _("已申报")
    EXPERT_REVIEW = "expert_review", _("省专家预审")
    RECOGNIZED = "recognized", _("已认定")
    RELOCATED_IN = "relocated_in", _("整体迁入")
    REJECTED = "rejected", _("未通过")


# The stage workflow of each pool (docs/domain.md §2): the one definition that services, the importer,
# forms, filters and templates read. 未通过 ends any open stage; 整体迁入 is how a 高企 that
# moved its registration into Haimen enters 强基 — it holds a certificate like 已认定.
def _pool_workflow(pool, path, exits=(), entries=(), certified=()):
    return Workflow(
        name=pool.label,
        path=path,
        exits=exits,
        entries=entries,
        certified=frozenset(certified),
        labels=dict(Stage.choices),
        history="enterprises.PoolStageChange",
        history_fk="membership",
        number_label=_("证书编号或入库登记编号"),
        date_label=_("发证或入库日期"),
    )


POOL_WORKFLOWS = {
    Pool.FANXING: _pool_workflow(
        Pool.FANXING,
        [Stage.TARGET, Stage.EVALUATED, Stage.REGISTERED],
        exits=[Stage.REJECTED],
        certified=[Stage.REGISTERED],
    ),
    Pool.QIANGJI: _pool_workflow(
        Pool.QIANGJI,
        [
            Stage.POOL,
            Stage.RD_FILED,
            Stage.PRE_APPLIED,
            Stage.CANDIDATE,
            Stage.APPLIED,
            Stage.EXPERT_REVIEW,
            Stage.RECOGNIZED,
        ],
        exits=[Stage.REJECTED],
        entries=[Stage.RELOCATED_IN],
        certified=[Stage.RECOGNIZED, Stage.RELOCATED_IN],
    ),
    Pool.PANGAO: _pool_workflow(Pool.PANGAO, [Stage.POOL]),
}
# Views of the workflows for readers that want plain lists (the load, the demo, benchmarks).
POOL_STAGES = {pool: list(workflow.path) for pool, workflow in POOL_WORKFLOWS.items()}
POOL_EXTRA_STAGES = {pool: [*workflow.exits, *workflow.entries] for pool, workflow in POOL_WORKFLOWS.items()}
CERTIFIED_STAGES = frozenset().union(*(workflow.certified for workflow in POOL_WORKFLOWS.values()))
# A 高企 holds a certificate at these stages of 强基 (已认定, 整体迁入).
HTE_CERTIFIED_STAGES = sorted(POOL_WORKFLOWS[Pool.QIANGJI].certified)


def pool_workflow(pool) -> Workflow:
    return POOL_WORKFLOWS[Pool(pool)]


class PangaoLevel(models.TextChoices):
    LEADING = "leading", _("领军型")
    GAZELLE = "gazelle", _("瞪羚")
    POTENTIAL_UNICORN = "potential_unicorn", _("潜在独角兽")
    UNICORN = "unicorn", _("独角兽")


class PoolMembership(BusinessModel):
    """培育库入库: an enterprise in one pool for one year, at one stage; every move is a PoolStageChange."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("企业")
    )
    pool = models.CharField(_("培育库"), max_length=10, choices=Pool.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    stage_on = models.DateField(_("进入本阶段日期"))
    certificate_no = models.CharField(_("证书编号/入库登记编号"), max_length=60, blank=True)
    certified_on = models.DateField(_("发证/入库日期"), null=True, blank=True)
    level = models.CharField(_("攀高层级"), max_length=20, choices=PangaoLevel.choices, blank=True)
    recommended_provincial = models.BooleanField(_("推荐省级"), default=False)
    recommended_on = models.DateField(_("推荐日期"), null=True, blank=True)
    national_list = models.BooleanField(_("上榜全国榜单"), default=False)
    expert_scores = models.JSONField(
        _("专家评分"), default=dict, blank=True, help_text=_("省专家预审给出的创新能力评价分项（诊断用）")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "enterprise__town"
    # Stages, certificates and expert scores are the bureau's decisions (services.may_decide_pools).
    officer_may_change = False

    class Meta:
        verbose_name = _("培育库企业")
        verbose_name_plural = _("培育库企业")
        ordering = ["-year", "pool", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "pool", "year"], name="uniq_membership_pool_year")]
        indexes = [
            models.Index(fields=["pool", "year", "stage"], name="membership_pool_stage"),
            models.Index(fields=["certified_on"], name="membership_certified_on"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.year}{self.get_pool_display()} · {self.get_stage_display()}"

    @property
    def workflow(self) -> Workflow:
        return pool_workflow(self.pool)

    @property
    def certificate_expires_on(self):
        """The day a 高企 certificate of 强基 stops being valid (rules.certificate_expires_on)."""
        return rules.certificate_expires_on(self.certified_on) if self.pool == Pool.QIANGJI else None


class PoolStageChange(StageChange):
    """培育库阶段变化: who moved a membership, when, from which stage to which (the timeline)."""

    membership = models.ForeignKey(
        PoolMembership, on_delete=models.CASCADE, related_name="changes", verbose_name=_("培育库企业")
    )
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)

    class Meta:
        verbose_name = _("阶段变化")
        verbose_name_plural = _("阶段变化")
        ordering = ["membership", "on", "id"]
        indexes = [models.Index(fields=["to_stage", "on"], name="stagechange_stage_on")]


class RDProject(BusinessModel):
    """研发项目备案 / 预申报信息: one R&D project an enterprise filed in a year."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="rd_projects", verbose_name=_("企业")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("项目名称"), max_length=200)
    budget = models.DecimalField(_("预算(万元)"), **MONEY)
    filed_on = models.DateField(_("备案日期"))
    reviewed = models.BooleanField(_("已审查"), default=False)

    town_scope = "enterprise__town"

    class Meta:
        verbose_name = _("研发项目备案")
        verbose_name_plural = _("研发项目备案")
        ordering = ["-filed_on", "id"]
        indexes = [models.Index(fields=["filed_on"], name="rdproject_filed_on")]

    def __str__(self):
        return self.title


class CultivationEvent(BusinessModel):
    """培育活动: 高企沙龙, 申报材料撰写辅导会, 政策宣讲 — counted by kind in the KPIs."""

    class Kind(models.TextChoices):
        COACHING = "coaching", _("申报材料辅导会")
        SALON = "salon", _("高企沙龙")
        BRIEFING = "briefing", _("政策宣讲")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"), db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    town = models.ForeignKey("core.Town", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("区镇"))
    attendees = models.PositiveIntegerField(_("参加企业数"), null=True, blank=True)

    class Meta:
        verbose_name = _("培育活动")
        verbose_name_plural = _("培育活动")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class Visit(BusinessModel):
    """走访记录: a grid officer's visit to an enterprise, entered on a phone."""

    class Kind(models.TextChoices):
        ONSITE = "onsite", _("上门走访")
        PHONE = "phone", _("电话")
        MEETING = "meeting", _("座谈")
        TECH_CLINIC = "tech_clinic", _("技术巡诊")

    class Need(models.TextChoices):
        TECHNOLOGY = "technology", _("技术")
        TALENT = "talent", _("人才")
        FUNDING = "funding", _("资金")
        POLICY = "policy", _("政策")
        SPACE = "space", _("场地")
        OTHER = "other", _("其他")

    class FollowUp(models.TextChoices):
        NONE = "none", _("无需跟进")
        OPEN = "open", _("待跟进")
        IN_PROGRESS = "in_progress", _("跟进中")
        RESOLVED = "resolved", _("已解决")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="visits", verbose_name=_("企业"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits", verbose_name=_("走访人")
    )
    visited_on = models.DateField(_("走访日期"))
    kind = models.CharField(_("方式"), max_length=20, choices=Kind.choices, default=Kind.ONSITE)
    content = models.TextField(_("走访内容"), blank=True)
    needs = models.JSONField(_("企业需求"), default=list, blank=True)
    problem = models.TextField(_("问题"), blank=True)
    follow_up = models.CharField(_("跟进状态"), max_length=20, choices=FollowUp.choices, default=FollowUp.NONE)
    resolution = models.TextField(_("办理结果"), blank=True)

    town_scope = "enterprise__town"
    officer_may_create = True

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "-visited_on"], name="visit_enterprise_date"),
            models.Index(fields=["officer", "-visited_on"], name="visit_officer_date"),
            # Covers the dashboard's visit counts (visits of a period grouped by their enterprise's
            # town: COUNT(*) over an index-only scan, the heap never read) and every date range.
            models.Index(fields=["visited_on", "enterprise"], name="visit_date_enterprise"),
        ]

    def __str__(self):
        return f"{self.visited_on} {self.enterprise}"

    def needs_display(self):
        labels = dict(self.Need.choices)
        return "、".join(str(labels.get(n, n)) for n in self.needs)


# A visit whose problem is still being worked on (the follow-up queue, the home page's count).
OPEN_FOLLOW_UPS = (Visit.FollowUp.OPEN, Visit.FollowUp.IN_PROGRESS)


def visit_photo_path(instance, filename):
    import uuid

    ext = "png" if filename.lower().endswith(".png") else "jpg"
    return f"visits/{instance.visit.visited_on:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class VisitPhoto(models.Model):
    """走访照片: jpeg/png, ≤ 5 MB, checked by content (see services.validate_photo)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("走访记录"))
    image = models.ImageField(_("照片"), upload_to=visit_photo_path)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    # Photos are served through a scoped view (never from /media/), limited like their visit.
    town_scope = "visit__enterprise__town"

    class Meta:
        verbose_name = _("走访照片")
        verbose_name_plural = _("走访照片")
        ordering = ["id"]

    def __str__(self):
        return self.image.name


class FollowUpNote(BusinessModel):
    """跟进记录: one dated progress note on a visit's problem (who did what, and the status after it).

    Notes are kept, never overwritten: the visit page shows them as a timeline, and the 待跟进
    queue counts 已等待N天 from the newest one. The visit's own `resolution` stays the final outcome.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="notes", verbose_name=_("走访记录"))
    on = models.DateField(_("跟进日期"))
    note = models.TextField(_("跟进情况"), blank=True)
    status = models.CharField(_("跟进后状态"), max_length=20, choices=Visit.FollowUp.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_up_notes",
        verbose_name=_("跟进人"),
    )

    town_scope = "visit__enterprise__town"
    officer_may_create = True

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["visit", "-on"], name="followupnote_visit_date")]

    def __str__(self):
        return f"{self.on} {self.get_status_display()}"

    def get_absolute_url(self):
        # A note has no page of its own: it is read on its visit's page.
        return reverse("enterprises:visit_detail", args=[self.visit_id])
