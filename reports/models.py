"""Statistical indicators entered by the bureau, shown beside the KPIs computed from records."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
