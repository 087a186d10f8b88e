"""Statistical indicators entered by the bureau, shown beside the KPIs computed from records."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel
from core.years import year_validators

from .registry import Group


class StatIndicator(BusinessModel):
    """统计指标: a figure from the statistics bureau (e.g. 1–5月科学研究和技术服务业营业收入增幅 48.3%,
    南通全市 16.5%, 列全市第一) that no record in the portal can compute; staff enter it as published."""

    class Qualifier(models.TextChoices):
        EQUAL = "", _("等于")
        OVER = ">", _("超过")
        AT_LEAST = "≥", _("不低于")
        ABOUT = "≈", _("约")

    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators(), db_index=True)
    through_month = models.PositiveSmallIntegerField(
        _("截至月份"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("统计口径为 1 月至该月累计，例如 1-5 月填 5"),
    )
    name = models.CharField(_("指标名称"), max_length=100)
    group = models.CharField(_("攻坚方向"), max_length=20, choices=Group.choices, default=Group.ECOSYSTEM)
    qualifier = models.CharField(_("数值说明"), max_length=2, choices=Qualifier.choices, blank=True, default="")
    value = models.DecimalField(_("本区数值"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20, default="%", blank=True)
    benchmark_name = models.CharField(_("对比范围"), max_length=40, default="南通全市", blank=True)
    benchmark_value = models.DecimalField(_("对比数值"), max_digits=14, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("全市排名"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    source = models.CharField(_("数据来源"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("填报人"),
    )

    edit_fields = (
        "year",
        "through_month",
        "name",
        "group",
        "qualifier",
        "value",
        "unit",
        "benchmark_name",
        "benchmark_value",
        "rank",
        "source",
        "note",
    )

    # District-wide figures: every signed-in user may read them; only the bureau writes them.
    town_scope = None
    officer_may_change = False

    class Meta:
        verbose_name = _("统计指标")
        verbose_name_plural = _("统计指标")
        ordering = ["-year", "-through_month", "group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "through_month", "name"], name="uniq_statindicator_month_name")
        ]

    def __str__(self):
        return f"{self.period_label} {self.name}"

    @property
    def period_label(self) -> str:
        if self.through_month == 1:
            return _("%(year)s年1月") % {"year": self.year}
        return _("%(year)s年1-%(month)s月") % {"year": self.year, "month": self.through_month}

    @staticmethod
    def _number(value) -> str:
        if value is None:
            return ""
        return f"{value.normalize():f}"

    @property
    def value_display(self) -> str:
        return f"{self.qualifier}{self._number(self.value)}{self.unit}"

    @property
    def benchmark_display(self) -> str:
        if self.benchmark_value is None:
            return ""
        return f"{self.benchmark_name} {self._number(self.benchmark_value)}{self.unit}"

    @property
    def rank_display(self) -> str:
        return _("第%(rank)s名") % {"rank": self.rank} if self.rank else ""


# ---- the dashboard's monthly KPI snapshots (issue 14) ------------------------------------------


class KpiSnapshot(models.Model):
    """月度指标快照: a snapshot-kind KPI's value at a month's end, stored by the beat job
    (reports.dashboard.tasks.kpi_snapshot_task) so its trend can be drawn for past months even
    when the records no longer tell the state of that day (a team member who left, a project
    whose stage was corrected). `town` empty is the district."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    kpi = models.CharField(_("指标代码"), max_length=60)
    town = models.ForeignKey(
        "core.Town", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("区镇")
    )
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4, null=True)
    taken_at = models.DateTimeField(_("快照时间"), auto_now=True)

    # District-wide figures like the KPI pages: scoped by the dashboard's own town rules.
    town_scope = None

    class Meta:
        verbose_name = _("月度指标快照")
        verbose_name_plural = _("月度指标快照")
        ordering = ["-year", "-month", "kpi"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "kpi", "town"], name="uniq_kpisnapshot_month_town", nulls_distinct=False
            )
        ]
        indexes = [models.Index(fields=["kpi", "year", "month"], name="kpisnapshot_kpi_month")]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.kpi}"


# ---------------------------------------------------------------------------------------------
# The half-year / full-year work summary and the monthly brief (issue 15): builds and the
# paragraphs only a person can write. The builder itself lives in reports/summary/.
# ---------------------------------------------------------------------------------------------


def report_file_path(run, filename):
    # Every build has a folder of its own (kind, period, version, id): a rebuild never
    # overwrites or mixes files with an earlier version.
    return f"reports/{run.year}/{run.period}/{run.kind}-v{run.version}-{run.pk}/{filename}"


class ReportRun(models.Model):
    """报告生成记录: one build of a summary or a monthly brief, from the click to its files.

    State changes are conditional updates (`filter(pk=, status__in=...)`), so a second click or
    a task delivered twice never builds twice; a rebuild is a new row with the next `version`.
    """

    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("半年工作总结")
        FULL_YEAR = "full_year", _("全年工作总结")
        MONTHLY = "monthly", _("指标月报")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("报告类型"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    period = models.CharField(_("期间"), max_length=3, help_text=_("H1、H2、Y 或 M01–M12"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(_("当前步骤"), max_length=40, blank=True)
    percent = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    docx = models.FileField(_("Word文档"), upload_to=report_file_path, blank=True, max_length=255)
    xlsx = models.FileField(_("Excel附表"), upload_to=report_file_path, blank=True, max_length=255)
    error = models.TextField(_("失败原因"), blank=True)
    task_id = models.CharField(_("任务ID"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告生成记录")
        verbose_name_plural = _("报告生成记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "period", "version"], name="uniq_reportrun_version")
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="reportrun_status_beat")]

    def __str__(self):
        return f"{self.title}（v{self.version}，{self.get_status_display()}）"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def period_obj(self):
        from .periods import make_period

        return make_period(self.year, self.period)

    @property
    def title(self) -> str:
        """2023年上半年工作总结, 2023年全年工作总结, 2023年6月指标月报."""
        suffix = _("指标月报") if self.kind == self.Kind.MONTHLY else _("工作总结")
        return f"{self.period_obj.label}{suffix}"


class ReportNote(BusinessModel):
    """报告段落: words only a person can write (headline achievements, next half's plans), kept per
    period and section and placed in that section of every build of the period."""

    class Section(models.TextChoices):
        OPENING = "opening", _("开篇·主要成效")
        CLUSTERS = "clusters", _("一是 创新型产业集群")
        ENTERPRISES = "enterprises", _("二是 创新型企业培育")
        PARKS = "parks", _("三是 创新型园区")
        ECOSYSTEM = "ecosystem", _("四是 创新生态")
        PLANS = "plans", _("下阶段工作思路")

    class Period(models.TextChoices):
        H1 = "H1", _("上半年")
        H2 = "H2", _("下半年")
        Y = "Y", _("全年")

    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators(), db_index=True)
    period = models.CharField(_("期间"), max_length=2, choices=Period.choices)
    section = models.CharField(_("所在部分"), max_length=20, choices=Section.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=10)
    text = models.TextField(_("段落内容"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("撰写人"),
    )
    edit_fields = ("section", "order", "text")
    # District-wide words: the bureau writes them (a BusinessModel, so every change is logged).
    town_scope = None
    officer_may_change = False

    class Meta:
        verbose_name = _("报告段落")
        verbose_name_plural = _("报告段落")
        ordering = ["year", "period", "section", "order", "pk"]
        indexes = [models.Index(fields=["year", "period", "section"], name="reportnote_period_section")]

    def get_absolute_url(self):
        return reverse("reports:reportnote_edit", args=[self.pk])

    def __str__(self):
        return f"{self.year}{self.get_period_display()} {self.get_section_display()}：{self.text[:20]}"
