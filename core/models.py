"""Shared dictionaries (towns, industry chains, investment directions, targets) and base classes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .perf.display import choice_display


class ScopedQuerySet(models.QuerySet):
    """QuerySet with the one data-scope rule of docs/domain.md §1 (see core.scope)."""

    def for_user(self, user):
        from .scope import restrict

        return restrict(self, user)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class BusinessModel(models.Model):
    """Base of every business record: timestamps, the scoped manager and the URL names.

    `town_scope` names the lookup to the record's Town ("town", "enterprise__town"); a
    town officer sees only rows whose lookup equals their own town. None = not town data.
    """

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager()

    town_scope: str | None = "town"
    # Town officers may add these records (visits, client visits) — docs/domain.md §1.
    officer_may_create = False
    officer_may_change = True
    # The version (core.services.edit_token) an edit started from, set by the edit form or the
    # API; model_save refuses the save if the record changed since. Not a column: the version
    # is `updated_at`, which every writer sets (docs/decisions.md, "No lost updates").
    edit_token = None
    # The fields a person edits, in the order pages show them: the edit form's Meta.fields, the
    # API serializer's fields and the detail page's 概况 rows all read this one list.
    edit_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(self.url_name("detail"), args=[self.pk])

    @classmethod
    def url_name(cls, action):
        return f"{cls._meta.app_label}:{cls._meta.model_name}_{action}"

    def _get_FIELD_display(self, field):
        # get_FOO_display() without rebuilding the label dict per call (core/perf/README.md).
        return choice_display(self, field)


class Town(models.Model):
    """区镇: Haimen's streets, towns and parks — editable data, with short names and aliases."""

    class Kind(models.TextChoices):
        STREET = "street", _("街道")
        TOWN = "town", _("镇")
        PARK = "park", _("园区")

    name = models.CharField(_("名称"), max_length=40, unique=True)
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True, help_text=_("导入时也认这些写法"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("区镇")
        verbose_name_plural = _("区镇")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def spellings(self):
        """Every way a spreadsheet may write this town."""
        return [s for s in [self.name, self.short_name, *self.aliases] if s]


class IndustryChain(models.Model):
    """产业链 (2023: 5 chains)."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class InvestDirection(models.Model):
    """招商方向 (2023: 12 directions), each within a chain."""

    chain = models.ForeignKey(
        IndustryChain, on_delete=models.PROTECT, related_name="directions", verbose_name=_("产业链")
    )
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("招商方向")
        verbose_name_plural = _("招商方向")
        ordering = ["chain__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="uniq_direction_per_chain")]

    def __str__(self):
        return self.name


class Target(models.Model):
    """年度目标: a KPI's target for a year, for the district (town empty) or one town."""

    year = models.PositiveSmallIntegerField(_("年度"))
    kpi = models.CharField(_("指标代码"), max_length=60)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=4)
    town = models.ForeignKey(Town, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("区镇"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["year", "kpi", "town__order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kpi", "town"], name="uniq_target_town"),
            models.UniqueConstraint(
                fields=["year", "kpi"], condition=models.Q(town__isnull=True), name="uniq_target_district"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.kpi} {self.town or '全区'}"


def import_upload_path(instance, filename):
    """Uploads are stored under a random name: the original name is kept in `original_name`."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:6]
    return f"imports/{instance.kind}/{uuid.uuid4().hex}{suffix}"


class ImportRun(models.Model):
    """导入记录: one uploaded spreadsheet, from preview to result, for any importer (`kind`).

    The change log of the import is the set of LogEntries whose `cid` is `batch`. Errors are
    kept up to a cap (`errors`); the error report is rebuilt from the stored file when needed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("检查中")
        PREVIEWED = "previewed", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已放弃")

    class Source(models.TextChoices):
        WEB = "web", _("网页上传")
        CLI = "cli", _("命令行")

    kind = models.CharField(_("导入类型"), max_length=40, db_index=True)
    file = models.FileField(_("文件"), upload_to=import_upload_path, blank=True, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=255)
    requested_sheet = models.CharField(_("指定工作表"), max_length=100, blank=True)
    sheet_name = models.CharField(_("工作表"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("表头所在行"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("导入人"),
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.WEB)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    skip_errors = models.BooleanField(_("仅导入正确的行"), default=False)
    phase = models.CharField(_("当前步骤"), max_length=40, blank=True)
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    counts = models.JSONField(_("统计"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    sample = models.JSONField(_("样例行"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)
    batch = models.CharField(_("批次号"), max_length=40, db_index=True)
    task_id = models.CharField(_("任务ID"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始导入"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "-created_at"], name="importrun_kind_created"),
            models.Index(fields=["user", "-created_at"], name="importrun_user_created"),
        ]

    def __str__(self):
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def is_active(self):
        """Work is under way (or waiting for a worker): the page polls for progress."""
        return self.status in {self.Status.PENDING, self.Status.QUEUED, self.Status.RUNNING}

    @property
    def valid_rows(self):
        counts = self.counts or {}
        return sum(counts.get(k, 0) for k in ("new", "updated", "unchanged"))

    @property
    def rows_with_errors(self):
        return (self.counts or {}).get("errors", 0)
