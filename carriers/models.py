"""科创载体与创新平台 (docs/domain.md §2 carriers/): the seed's 创新型园区 battle.

A carrier (孵化器, 众创空间, 加速器, 科技产业园, 大学科技园) has tenants, quarterly construction
reports, level applications (a core.workflow stage path) and operator contracts; an innovation
platform (技术创新中心, 新型研发机构, …) has yearly targets and projects. Every record of a carrier
belongs to the carrier's town (`town_scope = "carrier__town"`).
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel
from core.workflow import StageChange, StageFields, Workflow
from core.years import year_validators

from . import rules

PERCENT = [MinValueValidator(0, _("百分比应在 0–100 之间")), MaxValueValidator(100, _("百分比应在 0–100 之间"))]


class Kind(models.TextChoices):
    INCUBATOR = "incubator", _("孵化器")
    MAKER_SPACE = "maker_space", _("众创空间")
    ACCELERATOR = "accelerator", _("加速器")
    SCIENCE_PARK = "science_park", _("科技产业园")
    UNIVERSITY_PARK = "university_park", _("大学科技园")


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    NONE = "none", _("未定级")


class Status(models.TextChoices):
    PLANNED = "planned", _("规划")
    BUILDING = "building", _("在建")
    OPERATING = "operating", _("运营")


class Area(models.TextChoices):
    """The three places of the 沿江科创带 ("两城一园"); blank = none."""

    JIANGONGHU = "jiangonghu", _("謇公湖科教城")
    DONGBUZHOU = "dongbuzhou", _("东布洲科学城")
    DASHENG = "dasheng", _("大生科创园")


class Carrier(BusinessModel):
    """科创载体: an incubator, maker space, accelerator or park, with its floor area and operator."""

    name = models.CharField(_("载体名称"), max_length=100, unique=True)
    kind = models.CharField(_("载体类型"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices, default=Level.NONE)
    town = models.ForeignKey("core.Town", on_delete=models.PROTECT, related_name="carriers", verbose_name=_("所属区镇"))
    area_sqm = models.DecimalField(
        _("面积(㎡)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0, _("面积不能为负数"))]
    )
    operator = models.CharField(_("运营机构"), max_length=100, blank=True)
    group_managed = models.BooleanField(_("科技人才发展集团管理"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPERATING)
    area = models.CharField(_("所属片区"), max_length=20, choices=Area.choices, blank=True)
    new_build = models.BooleanField(
        _("计入“三个一百”新建载体"), default=False, help_text=_("到2023年新建各类科创载体100万平方米的口径")
    )
    opened_on = models.DateField(_("启用日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("科创载体")
        verbose_name_plural = _("科创载体")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tenancy(BusinessModel):
    """入驻企业: an enterprise in a carrier from its move-in day (to its move-out day, if it left)."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="tenancies", verbose_name=_("载体"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="tenancies", verbose_name=_("企业")
    )
    moved_in_on = models.DateField(_("入驻日期"))
    moved_out_on = models.DateField(_("迁出日期"), null=True, blank=True)
    graduated = models.BooleanField(_("毕业"), default=False)

    town_scope = "carrier__town"

    class Meta:
        verbose_name = _("入驻企业")
        verbose_name_plural = _("入驻企业")
        ordering = ["carrier", "-moved_in_on"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "enterprise", "moved_in_on"], name="uniq_tenancy_move_in")
        ]

    def __str__(self):
        return f"{self.enterprise} @ {self.carrier}"

    def clean(self):
        opened_on = self.carrier.opened_on if self.carrier_id else None
        errors = rules.tenancy_errors(opened_on, self.moved_in_on, self.moved_out_on)
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)


class Assessment(models.TextChoices):
    """季度考核 result."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ConstructionReport(BusinessModel):
    """建设进度季报: one carrier's planned and actual progress in one quarter, with its 季度考核."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="reports", verbose_name=_("载体"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    quarter = models.PositiveSmallIntegerField(
        _("季度"), choices=[(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))]
    )
    planned_pct = models.DecimalField(_("计划进度(%)"), max_digits=5, decimal_places=1, validators=PERCENT)
    actual_pct = models.DecimalField(_("实际进度(%)"), max_digits=5, decimal_places=1, validators=PERCENT)
    issues = models.TextField(_("存在问题"), blank=True)
    assessment = models.CharField(_("季度考核"), max_length=20, choices=Assessment.choices, blank=True)

    town_scope = "carrier__town"

    class Meta:
        verbose_name = _("建设进度季报")
        verbose_name_plural = _("建设进度季报")
        ordering = ["carrier", "-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["carrier", "year", "quarter"], name="uniq_construction_quarter")]

    def __str__(self):
        return f"{self.carrier} · {self.year}年第{self.quarter}季度"

    @property
    def gap(self):
        """Planned minus actual, in percentage points (positive: behind)."""
        return self.planned_pct - self.actual_pct

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.carrier_id and self.year and self.quarter:
            twin = ConstructionReport.objects.filter(carrier_id=self.carrier_id, year=self.year, quarter=self.quarter)
            if twin.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "quarter": _("%(carrier)s %(year)s年第%(q)s季度已报送过，请修改那一条")
                        % {"carrier": self.carrier, "year": self.year, "q": self.quarter}
                    }
                )


class ApplicationStage(models.TextChoices):
    DISTRICT = "district", _("区推荐")
    CITY_PASSED = "city_passed", _("市审核通过")
    PROVINCIAL_REVIEW = "provincial_review", _("省评审")
    RECOGNIZED = "recognized", _("认定")
    REJECTED = "rejected", _("未通过")


LEVEL_WORKFLOW = Workflow(
    name=_("载体级别申报"),
    path=[
        ApplicationStage.DISTRICT,
        ApplicationStage.CITY_PASSED,
        ApplicationStage.PROVINCIAL_REVIEW,
        ApplicationStage.RECOGNIZED,
    ],
    exits=[ApplicationStage.REJECTED],
    labels=dict(ApplicationStage.choices),
    history="carriers.LevelChange",
    history_fk="application",
    fields=StageFields(number=None, certified_on=None),
)


class LevelApplication(BusinessModel):
    """级别申报: a carrier applying for a level (省级孵化器/众创空间), 区推荐 → 市审核通过 → 省评审 → 认定 | 未通过."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="applications", verbose_name=_("载体"))
    target_level = models.CharField(_("申报级别"), max_length=20, choices=Level.choices, default=Level.PROVINCIAL)
    applied_as = models.CharField(_("申报类型"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    stage = models.CharField(_("阶段"), max_length=20, choices=ApplicationStage.choices)
    stage_on = models.DateField(_("进入本阶段日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "carrier__town"
    officer_may_change = False  # moves are the bureau's decisions

    class Meta:
        verbose_name = _("级别申报")
        verbose_name_plural = _("级别申报")
        ordering = ["-year", "carrier__name"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "target_level", "year"], name="uniq_level_application")
        ]

    def __str__(self):
        return f"{self.carrier} · {self.year}年申报{self.get_target_level_display()}{self.get_applied_as_display()}"

    @property
    def workflow(self) -> Workflow:
        return LEVEL_WORKFLOW

    @property
    def is_open(self) -> bool:
        return not LEVEL_WORKFLOW.is_terminal(self.stage)


class LevelChange(StageChange):
    """级别申报阶段变化: one move of a level application, dated (KPIs count on this date)."""

    application = models.ForeignKey(
        LevelApplication, on_delete=models.CASCADE, related_name="changes", verbose_name=_("级别申报")
    )
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=ApplicationStage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=ApplicationStage.choices)

    class Meta:
        verbose_name = _("申报阶段变化")
        verbose_name_plural = _("申报阶段变化")
        ordering = ["application", "on", "id"]
        indexes = [models.Index(fields=["to_stage", "on"], name="levelchange_stage_on")]


class OperatorContract(BusinessModel):
    """专业化运营机构: a company a carrier is talking to (洽谈) or has signed with (签约)."""

    class Stage(models.TextChoices):
        TALKS = "talks", _("洽谈")
        SIGNED = "signed", _("签约")

    carrier = models.ForeignKey(
        Carrier, on_delete=models.CASCADE, related_name="operator_contracts", verbose_name=_("载体")
    )
    company = models.CharField(_("运营机构"), max_length=100)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.TALKS)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "carrier__town"

    class Meta:
        verbose_name = _("运营机构签约")
        verbose_name_plural = _("运营机构签约")
        ordering = ["carrier", "company"]
        constraints = [models.UniqueConstraint(fields=["carrier", "company"], name="uniq_operator_contract")]

    def __str__(self):
        return f"{self.carrier} · {self.company}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = rules.contract_errors(self.stage == self.Stage.SIGNED, self.signed_on)
        if errors:
            raise ValidationError(errors)


class PlatformKind(models.TextChoices):
    INNOVATION_CENTER = "innovation_center", _("技术创新中心")
    NEW_RD = "new_rd", _("新型研发机构")
    INSTITUTE = "institute", _("研究院")
    RESEARCH_CENTER = "research_center", _("研究中心")


class PlatformStatus(models.TextChoices):
    PREPARING = "preparing", _("筹建")
    RUNNING = "running", _("运行")
    FORMALIZED = "formalized", _("去筹转正")


class Platform(BusinessModel):
    """创新平台: a technology innovation centre, new R&D institution, institute or research centre."""

    name = models.CharField(_("平台名称"), max_length=100, unique=True)
    kind = models.CharField(_("平台类型"), max_length=20, choices=PlatformKind.choices)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices, default=Level.NONE)
    partner = models.CharField(_("合作院校/机构"), max_length=200, blank=True)
    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="platforms", verbose_name=_("所属区镇")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=PlatformStatus.choices, default=PlatformStatus.PREPARING
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("创新平台")
        verbose_name_plural = _("创新平台")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlatformTarget(BusinessModel):
    """平台年度目标: projects, incubated enterprises and public service platforms a platform aims at in a year."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="targets", verbose_name=_("平台"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    projects = models.PositiveIntegerField(_("创新项目(项)"), default=0)
    incubated = models.PositiveIntegerField(_("衍生孵化企业(家)"), default=0)
    service_platforms = models.PositiveIntegerField(_("公共服务平台(个)"), default=0)

    town_scope = "platform__town"

    class Meta:
        verbose_name = _("平台年度目标")
        verbose_name_plural = _("平台年度目标")
        ordering = ["platform", "-year"]
        constraints = [models.UniqueConstraint(fields=["platform", "year"], name="uniq_platform_target_year")]

    def __str__(self):
        return f"{self.platform} · {self.year}年目标"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.platform_id and self.year:
            twin = PlatformTarget.objects.filter(platform_id=self.platform_id, year=self.year).exclude(pk=self.pk)
            if twin.exists():
                raise ValidationError({"year": _("%(year)s年的目标已录入，请修改那一条") % {"year": self.year}})


class PlatformProject(BusinessModel):
    """平台项目: an innovation project a platform attracts or runs, at a stage."""

    class Stage(models.TextChoices):
        RESEARCH = "research", _("调研论证")
        PREPARING = "preparing", _("筹备")
        STARTED = "started", _("已启动")
        DONE = "done", _("已完成")

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="projects", verbose_name=_("平台"))
    title = models.CharField(_("项目名称"), max_length=200)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.RESEARCH)
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    started_on = models.DateField(_("启动日期"), null=True, blank=True)
    incubated = models.PositiveIntegerField(_("衍生孵化企业(家)"), default=0)
    is_service_platform = models.BooleanField(_("公共服务平台"), default=False)

    town_scope = "platform__town"

    class Meta:
        verbose_name = _("平台项目")
        verbose_name_plural = _("平台项目")
        ordering = ["platform", "-year", "title"]
        constraints = [models.UniqueConstraint(fields=["platform", "year", "title"], name="uniq_platform_project")]

    def __str__(self):
        return f"{self.platform} · {self.title}"

    def clean(self):
        from django.core.exceptions import ValidationError

        started = self.stage in (self.Stage.STARTED, self.Stage.DONE)
        if started and not self.started_on:
            raise ValidationError({"started_on": _("已启动的项目须填写启动日期")})


class ScheduleSetting(models.Model):
    """进度预警阈值: a carrier is behind schedule when actual trails planned by more than this (set in admin)."""

    threshold_pct = models.DecimalField(
        _("滞后阈值(百分点)"), max_digits=4, decimal_places=1, default=10, validators=PERCENT
    )

    class Meta:
        verbose_name = _("建设进度预警阈值")
        verbose_name_plural = _("建设进度预警阈值")

    def __str__(self):
        return _("实际进度落后计划超过 %(t)s 个百分点为滞后") % {"t": self.threshold_pct}

    @classmethod
    def current(cls):
        setting = cls.objects.order_by("pk").first()
        return setting.threshold_pct if setting else rules.DEFAULT_THRESHOLD


class RubricIndicator(models.Model):
    """绩效评价指标: one indicator of the yearly carrier evaluation, its weight and the value that earns full marks.

    Loaded from fixtures/carrier_rubric.json (carriers/reference.py: missing rows only) and kept
    in the admin afterwards; a review's score is recomputed from these weights when it is saved.
    """

    code = models.CharField(_("指标代码"), max_length=30, unique=True)
    name = models.CharField(_("指标名称"), max_length=50)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    full_mark = models.DecimalField(
        _("满分值"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("达到此值得满分，低于此值按比例得分"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("绩效评价指标")
        verbose_name_plural = _("绩效评价指标")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.name}（权重{self.weight}）"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class PerformanceReview(BusinessModel):
    """绩效评价: a carrier's yearly indicators, the score from the rubric and the grade."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("载体"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    tenants = models.PositiveIntegerField(_("在孵企业数"), null=True, blank=True, help_text=_("留空则按入驻记录计算"))
    graduated = models.PositiveIntegerField(_("毕业企业数"), null=True, blank=True, help_text=_("留空则按入驻记录计算"))
    occupancy_pct = models.DecimalField(
        _("入驻率(%)"), max_digits=5, decimal_places=1, null=True, blank=True, validators=PERCENT
    )
    tech_smes = models.PositiveIntegerField(
        _("科技型中小企业数"), null=True, blank=True, help_text=_("留空则按培育库记录计算")
    )
    htes = models.PositiveIntegerField(
        _("高新技术企业数"), null=True, blank=True, help_text=_("留空则按培育库记录计算")
    )
    financing = models.DecimalField(
        _("融资额(万元)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    ip_count = models.PositiveIntegerField(_("知识产权数"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, editable=False, default=0)
    grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices, editable=False, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "carrier__town"

    class Meta:
        verbose_name = _("绩效评价")
        verbose_name_plural = _("绩效评价")
        ordering = ["-year", "-score"]
        constraints = [models.UniqueConstraint(fields=["carrier", "year"], name="uniq_review_year")]

    def __str__(self):
        return f"{self.carrier} · {self.year}年绩效评价"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.carrier_id and self.year:
            twin = PerformanceReview.objects.filter(carrier_id=self.carrier_id, year=self.year).exclude(pk=self.pk)
            if twin.exists():
                raise ValidationError({"year": _("%(y)s年的绩效评价已录入，请修改那一条") % {"y": self.year}})
