"""产学研与技术市场 (docs/domain.md §2 cooperation/): the seed's 创新生态 battle.

Two halves live here, in separate blocks: industry–academia cooperation (institutions, IA
projects, technology contracts, 产学研活动 and 技术专家巡诊) and science finance with the
intermediaries (appended by its own block below). Every record of an enterprise belongs to the
enterprise's town (`town_scope = "enterprise__town"`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel

from . import rules

# ============================================================================================
# Industry–academia cooperation (产学研, technology contracts, events) — issue 13, part a
# ============================================================================================

NON_NEGATIVE = [MinValueValidator(0, _("金额不能为负数"))]


def _amount(label, **kwargs):
    """A money column in 万元 (the bureau's unit; KPIs show 亿元)."""
    return models.DecimalField(label, max_digits=14, decimal_places=4, validators=NON_NEGATIVE, **kwargs)


class Region(models.TextChoices):
    """Where an institution is: the seed names 沪苏地区, 西南地区 and 西安 as the partners to court."""

    SHANGHAI = "shanghai", _("上海")
    JIANGSU = "jiangsu", _("江苏")
    ZHEJIANG = "zhejiang", _("浙江")
    BEIJING = "beijing", _("北京")
    SOUTHWEST = "southwest", _("西南")
    XIAN = "xian", _("西安")
    OTHER = "other", _("其他")


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("高校")
    INSTITUTE = "institute", _("科研院所")
    NEW_RD = "new_rd", _("新型研发机构")
    OTHER = "other", _("其他")


class Institution(BusinessModel):
    """高校院所: a university or research institute Haimen's enterprises cooperate with (not town data)."""

    name = models.CharField(_("院校名称"), max_length=100, unique=True)
    region = models.CharField(_("所在地区"), max_length=20, choices=Region.choices, default=Region.SHANGHAI)
    kind = models.CharField(
        _("类型"), max_length=20, choices=InstitutionKind.choices, default=InstitutionKind.UNIVERSITY
    )
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = None  # every user reads the list of institutions
    officer_may_change = False  # the bureau keeps the dictionary

    edit_fields = ("name", "region", "kind", "contact", "note")

    class Meta:
        verbose_name = _("高校院所")
        verbose_name_plural = _("高校院所")
        ordering = ["region", "name"]

    def __str__(self):
        return self.name


class IAKind(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")
    PLATFORM = "platform", _("共建平台")


class IAStatus(models.TextChoices):
    SIGNED = "signed", _("已签约")
    ONGOING = "ongoing", _("实施中")
    COMPLETED = "completed", _("已完成")
    TERMINATED = "terminated", _("已终止")


class IACooperation(BusinessModel):
    """产学研合作项目: an enterprise and an institution sign to develop, transfer, consult, serve or build a platform.

    A project is new (coop.ia_projects) in the period its `signed_on` falls in.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="ia_projects", verbose_name=_("企业")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="projects", verbose_name=_("合作院校")
    )
    title = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("合作方式"), max_length=20, choices=IAKind.choices, default=IAKind.DEVELOPMENT)
    amount = _amount(_("合同金额(万元)"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"))
    status = models.CharField(_("状态"), max_length=20, choices=IAStatus.choices, default=IAStatus.SIGNED)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "enterprise__town"

    edit_fields = ("enterprise", "institution", "title", "kind", "amount", "signed_on", "status", "note")

    class Meta:
        verbose_name = _("产学研合作项目")
        verbose_name_plural = _("产学研合作项目")
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "institution", "title"], name="uniq_ia_project")]
        indexes = [models.Index(fields=["signed_on"], name="iaproject_signed_on")]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        error = rules.future_date_error(self.signed_on, _("签约日期"))
        if error:
            errors["signed_on"] = error
        if self.enterprise_id and self.institution_id and self.title:
            twin = IACooperation.objects.filter(
                enterprise_id=self.enterprise_id, institution_id=self.institution_id, title=self.title
            ).exclude(pk=self.pk)
            if twin.exists():
                errors["title"] = _("该企业与该院校的项目“%(t)s”已录入，请修改那一条") % {"t": self.title}
        if errors:
            raise ValidationError(errors)


class Direction(models.TextChoices):
    """输出: the Haimen enterprise sells the technology (卖方); 吸纳: it buys (买方)."""

    OUTPUT = "output", _("输出")
    ABSORB = "absorb", _("吸纳")


class ContractKind(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    LICENSE = "license", _("技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")


class Registration(models.TextChoices):
    PENDING = "pending", _("待登记")
    REGISTERED = "registered", _("已登记")
    RECTIFY = "rectify", _("需整改")


class TechContract(BusinessModel):
    """技术合同: a contract registered (or to be registered) at the technology market, with its amounts.

    Output (输出) contracts registered in a period make coop.tech_contract_output; a contract sent
    back for 整改 waits in the follow-up list until it is registered.
    """

    reg_number = models.CharField(_("合同登记编号"), max_length=40, unique=True)
    title = models.CharField(_("合同名称"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="tech_contracts", verbose_name=_("企业")
    )
    counterpart = models.CharField(
        _("对方单位"), max_length=200, blank=True, help_text=_("输出合同的买方，吸纳合同的卖方")
    )
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.OUTPUT)
    kind = models.CharField(
        _("合同类别"), max_length=20, choices=ContractKind.choices, default=ContractKind.DEVELOPMENT
    )
    contract_amount = _amount(_("合同成交额(万元)"))
    tech_amount = _amount(_("技术交易额(万元)"))
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    status = models.CharField(_("登记状态"), max_length=20, choices=Registration.choices, default=Registration.PENDING)
    rectify_reason = models.CharField(_("整改原因"), max_length=300, blank=True)
    rectify_since = models.DateField(
        _("要求整改日期"), null=True, blank=True, help_text=_("登记机构退回整改的日期；登记后保留，说明是整改后通过的")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "enterprise__town"
    officer_may_change = False  # registration is the bureau's work with the technology market

    edit_fields = (
        "reg_number", "title", "enterprise", "counterpart", "direction", "kind", "contract_amount",
        "tech_amount", "signed_on", "registered_on", "status", "rectify_reason", "rectify_since", "note",
    )  # fmt: skip

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["direction", "status", "registered_on"], name="contract_dir_status_on"),
            models.Index(fields=["enterprise", "-registered_on"], name="contract_enterprise_on"),
        ]

    def __str__(self):
        return f"{self.reg_number} {self.title}"

    def clean(self):
        errors = rules.amount_errors(self.contract_amount, self.tech_amount)
        errors.update(rules.registration_errors(self.status, self.registered_on, self.rectify_reason))
        for field, label in (
            ("signed_on", _("签订日期")),
            ("registered_on", _("登记日期")),
            ("rectify_since", _("要求整改日期")),
        ):
            error = rules.future_date_error(getattr(self, field), label)
            if error:
                errors.setdefault(field, error)
        if self.reg_number:
            twin = TechContract.objects.filter(reg_number=self.reg_number).exclude(pk=self.pk)
            if twin.exists():
                errors.setdefault("reg_number", _("合同登记编号 %(n)s 已登记过，请修改那一条") % {"n": self.reg_number})
        if errors:
            raise ValidationError(errors)


class EventKind(models.TextChoices):
    ACTIVITY = "activity", _("产学研活动")
    CLINIC = "clinic", _("技术专家巡诊")


class IAEvent(BusinessModel):
    """产学研活动 or 技术专家巡诊: a dated event bringing institutions (or an expert) to enterprises.

    One model with a `kind`, not two: both are dated events of a host town with institutions
    and the enterprises served, read together on the enterprise page and in one list; a clinic
    adds the expert, the problem and the outcome. Only activities count for coop.ia_events and
    the monthly rule (rules.MONTHLY_ACTIVITIES). An empty town is an event the district runs
    (e.g. enterprises taken to a 对接大会 in Nantong); officers see their own town's events.
    """

    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices, default=EventKind.ACTIVITY)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ia_events",
        verbose_name=_("主办区镇"),
        help_text=_("留空表示区级组织"),
    )
    organizer = models.CharField(_("组织单位"), max_length=100, blank=True)
    institutions = models.ManyToManyField(Institution, blank=True, related_name="events", verbose_name=_("参加院校"))
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", blank=True, related_name="ia_events", verbose_name=_("参加/服务企业")
    )
    expert = models.CharField(_("巡诊专家"), max_length=100, blank=True)
    problem = models.TextField(_("企业技术难题"), blank=True)
    outcome = models.TextField(_("巡诊结果"), blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "town"
    # The journey: a grid officer records an expert clinic at an enterprise of their
    # town (and may record their town's own activity); the event stays in their town.
    officer_may_create = True

    edit_fields = (
        "kind", "title", "held_on", "town", "organizer", "institutions", "enterprises", "expert", "problem",
        "outcome", "note",
    )  # fmt: skip

    class Meta:
        verbose_name = _("产学研活动/技术巡诊")
        verbose_name_plural = _("产学研活动/技术巡诊")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["kind", "held_on"], name="iaevent_kind_held_on")]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    def clean(self):
        errors = {}
        error = rules.future_date_error(self.held_on, _("日期"))
        if error:
            errors["held_on"] = error
        if self.kind == EventKind.CLINIC and not self.expert.strip():
            errors["expert"] = _("技术专家巡诊须填写巡诊专家")
        if errors:
            raise ValidationError(errors)


# ============================================================================================
# Science finance and intermediaries — issue 13, part b (appended below)
# ============================================================================================
