"""产学研与技术市场 (docs/domain.md §2 cooperation/): the seed's 创新生态 battle.

Two halves live here, in separate blocks: industry–academia cooperation (institutions, IA
projects, technology contracts, 产学研活动 and 技术专家巡诊) and science finance with the
intermediaries (appended by its own block below). Every record of an enterprise belongs to the
enterprise's town (`town_scope = "enterprise__town"`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel
from core.years import year_validators

from . import rules

# ============================================================================================
# Industry–academia cooperation (产学研, technology contracts, events)
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
            # The list's own order: its first page reads the index instead of sorting every contract
            # (50,000 at generate_load scale: ~0.4 s of sort before it).
            models.Index(fields=["-registered_on", "-id"], name="contract_list_order"),
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
# Science finance and intermediaries
# ============================================================================================


class BankKind(models.TextChoices):
    BANK = "bank", _("银行")
    TECH_BRANCH = "tech_branch", _("科技支行")
    TECH_DIVISION = "tech_division", _("科技金融事业部")


class BankStatus(models.TextChoices):
    PREPARING = "preparing", _("筹建")
    OPEN = "open", _("运营")


class Bank(BusinessModel):
    """银行: a bank lending to Haimen's enterprises, or one of its 科技支行 / 科技金融事业部 (reference data).

    The 科技支行 and the banks' 科技金融事业部 are rows of their own under their bank (`parent`), with
    a status, so "加快推进首个科技支行早日开行" is a 筹建 row that becomes 运营 on its opening day.
    Loaded from fixtures/banks.json (cooperation.reference) and kept by the bureau afterwards.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True, help_text=_("导入时也认这些写法"))
    kind = models.CharField(_("类型"), max_length=20, choices=BankKind.choices, default=BankKind.BANK)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("所属银行"),
        help_text=_("科技支行、科技金融事业部所属的银行"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=BankStatus.choices, default=BankStatus.OPEN)
    opened_on = models.DateField(_("开业/设立日期"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = None  # every user reads the banks
    officer_may_change = False  # the bureau keeps the list

    edit_fields = ("name", "short_name", "kind", "parent", "status", "opened_on", "order", "note")

    class Meta:
        verbose_name = _("银行/科技金融机构")
        verbose_name_plural = _("银行/科技金融机构")
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name or self.name

    def spellings(self):
        """Every way a spreadsheet may write this bank."""
        return [s for s in [self.name, self.short_name, *self.aliases] if s]

    def clean(self):
        errors = rules.bank_errors(self.kind, self.parent, self.status, self.opened_on, self.pk)
        if errors:
            raise ValidationError(errors)


class Product(models.TextChoices):
    """科技金融产品: the provincial 苏科贷, Nantong's 通科贷, and the 人才贷/园区贷 developed with 海门农商行."""

    SUKEDAI = "sukedai", _("苏科贷")
    TONGKEDAI = "tongkedai", _("通科贷")
    RENCAIDAI = "rencaidai", _("人才贷")
    YUANQUDAI = "yuanqudai", _("园区贷")
    OTHER = "other", _("其他")


class FinancingKind(models.TextChoices):
    """对接: the bank met the enterprise's need; 授信: a credit line granted; 放款: a loan paid out."""

    CONNECT = "connect", _("对接")
    CREDIT = "credit", _("授信")
    LOAN = "loan", _("放款")


class Financing(BusinessModel):
    """科技金融: one step of an enterprise's science-finance with a bank — 对接, 授信 or 放款 — dated, in 万元.

    The fin.* KPIs count enterprises once per kind and period (docs/kpis.md), sum 授信 and 放款
    amounts, and show them in 亿元. A loan above the enterprise's credit line at the same bank is
    refused unless the note says why (rules.loan_over_credit_error).
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="financings", verbose_name=_("企业")
    )
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="financings", verbose_name=_("银行"))
    product = models.CharField(_("金融产品"), max_length=20, choices=Product.choices, default=Product.SUKEDAI)
    product_name = models.CharField(_("其他产品名称"), max_length=50, blank=True, help_text=_("产品为“其他”时填写"))
    kind = models.CharField(_("类型"), max_length=20, choices=FinancingKind.choices)
    amount = _amount(_("金额(万元)"), null=True, blank=True, help_text=_("授信、放款必填；对接可填融资需求"))
    on = models.DateField(_("日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "enterprise__town"

    edit_fields = ("enterprise", "bank", "product", "product_name", "kind", "amount", "on", "note")

    class Meta:
        verbose_name = _("科技金融")
        verbose_name_plural = _("科技金融")
        ordering = ["-on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "bank", "product", "kind", "on"], name="uniq_financing")
        ]
        indexes = [models.Index(fields=["kind", "on"], name="financing_kind_on")]

    def __str__(self):
        return f"{self.enterprise} · {self.bank} · {self.product_label}{self.get_kind_display()}"

    @property
    def product_label(self):
        return self.product_name if self.product == Product.OTHER and self.product_name else self.get_product_display()

    def credit_line(self):
        """The enterprise's latest 授信 at the same bank dated on or before this loan (None: none recorded)."""
        if not (self.enterprise_id and self.bank_id and self.on):
            return None
        credits = Financing.objects.filter(
            enterprise_id=self.enterprise_id, bank_id=self.bank_id, kind=FinancingKind.CREDIT, on__lte=self.on
        )
        return credits.exclude(pk=self.pk).order_by("-on", "-id").first()

    def clean(self):
        errors = rules.financing_errors(self.kind, self.amount, self.product, self.product_name)
        error = rules.future_date_error(self.on, _("日期"))
        if error:
            errors.setdefault("on", error)
        error = rules.bank_open_error(self.bank if self.bank_id else None, self.kind, self.on)
        if error:
            errors["bank"] = error
        if self.kind == FinancingKind.LOAN and "amount" not in errors:
            line = self.credit_line()
            error = rules.loan_over_credit_error(self.amount, line.amount if line else None, self.note)
            if error:
                errors["amount"] = error
        if self.enterprise_id and self.bank_id and self.kind and self.on:
            twin = Financing.objects.filter(
                enterprise_id=self.enterprise_id, bank_id=self.bank_id, product=self.product, kind=self.kind, on=self.on
            ).exclude(pk=self.pk)
            if twin.exists():
                errors.setdefault(
                    "on",
                    _("该企业 %(d)s 在该银行的同一产品%(k)s已录入，请修改那一条")
                    % {"d": self.on, "k": self.get_kind_display()},
                )
        if errors:
            raise ValidationError(errors)


class ServiceKind(models.TextChoices):
    """What a 科技中介机构 does for an enterprise."""

    IP = "ip", _("知识产权代理")
    HTE = "hte", _("高企申报辅导")
    TRANSFER = "transfer", _("技术转移")
    TESTING = "testing", _("检验检测")
    CONSULTING = "consulting", _("科技咨询")
    FINANCE = "finance", _("财务审计")
    OTHER = "other", _("其他")


class Intermediary(BusinessModel):
    """科技中介机构: a third party serving enterprises through the whole innovation process (district data)."""

    name = models.CharField(_("机构名称"), max_length=100, unique=True)
    kind = models.CharField(_("主要服务"), max_length=20, choices=ServiceKind.choices, default=ServiceKind.CONSULTING)
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intermediaries",
        verbose_name=_("所在区镇"),
        help_text=_("区外机构留空"),
    )
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    since = models.DateField(_("引进/合作日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    # Not town data: an agency serves enterprises of every town; its services are scoped by
    # their enterprise instead.
    town_scope = None
    officer_may_change = False

    edit_fields = ("name", "kind", "town", "contact", "phone", "since", "note")

    class Meta:
        verbose_name = _("科技中介机构")
        verbose_name_plural = _("科技中介机构")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        error = rules.future_date_error(self.since, _("引进/合作日期"))
        if error:
            raise ValidationError({"since": error})


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    FAIR = "fair", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class IntermediaryService(BusinessModel):
    """中介服务记录: one service an intermediary delivered to an enterprise, with the enterprise's view of it."""

    intermediary = models.ForeignKey(
        Intermediary, on_delete=models.PROTECT, related_name="services", verbose_name=_("中介机构")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="intermediary_services",
        verbose_name=_("服务企业"),
    )
    kind = models.CharField(_("服务类型"), max_length=20, choices=ServiceKind.choices)
    served_on = models.DateField(_("服务日期"))
    content = models.CharField(_("服务内容"), max_length=300)
    fee = _amount(_("服务费用(万元)"), null=True, blank=True)
    satisfaction = models.CharField(_("企业评价"), max_length=20, choices=Satisfaction.choices, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    town_scope = "enterprise__town"

    edit_fields = ("intermediary", "enterprise", "kind", "served_on", "content", "fee", "satisfaction", "note")

    class Meta:
        verbose_name = _("中介服务记录")
        verbose_name_plural = _("中介服务记录")
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["intermediary", "served_on"], name="intservice_on")]

    def __str__(self):
        return f"{self.intermediary} · {self.enterprise} · {self.get_kind_display()}"

    def clean(self):
        error = rules.future_date_error(self.served_on, _("服务日期"))
        if error:
            raise ValidationError({"served_on": error})


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class IntermediaryReview(BusinessModel):
    """中介机构绩效评价: an intermediary's yearly score (0–100) and the grade the score gives (rules.grade_for)."""

    intermediary = models.ForeignKey(
        Intermediary, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("中介机构")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    score = models.DecimalField(
        _("得分"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(0, _("得分应在 0–100 之间")),
            MaxValueValidator(100, _("得分应在 0–100 之间")),
        ],
    )
    grade = models.CharField(_("等级"), max_length=20, choices=Grade.choices, editable=False)
    reviewed_on = models.DateField(_("评价日期"), null=True, blank=True)
    opinion = models.TextField(_("评价意见"), blank=True, help_text=_("反馈给机构的意见与整改要求"))

    town_scope = None
    officer_may_change = False

    edit_fields = ("intermediary", "year", "score", "reviewed_on", "opinion")

    class Meta:
        verbose_name = _("中介机构绩效评价")
        verbose_name_plural = _("中介机构绩效评价")
        ordering = ["-year", "-score", "intermediary__name"]
        constraints = [models.UniqueConstraint(fields=["intermediary", "year"], name="uniq_intermediary_review")]

    def __str__(self):
        return f"{self.intermediary} · {self.year}年绩效评价"

    def clean(self):
        errors = {}
        if self.score is not None:
            self.grade = rules.grade_for(self.score)
        error = rules.future_date_error(self.reviewed_on, _("评价日期"))
        if error:
            errors["reviewed_on"] = error
        if self.intermediary_id and self.year:
            twin = IntermediaryReview.objects.filter(intermediary_id=self.intermediary_id, year=self.year)
            if twin.exclude(pk=self.pk).exists():
                errors["year"] = _("%(i)s %(y)s年已评价过，请修改那一条") % {"i": self.intermediary, "y": self.year}
        if errors:
            raise ValidationError(errors)
