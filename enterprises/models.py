"""Enterprises, their yearly figures, cultivation-pool memberships (繁星/强基/攀高), R&D filings and visits."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel
from core.validators import validate_credit_code_field

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

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["town", "name"], name="ent_town_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rd_staff__isnull=True) | Q(employees__isnull=True) | Q(rd_staff__lte=F("employees")),
                name="ent_rd_staff_lte_employees",
                violation_error_message=_("科技人员数不能多于职工总数。"),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.rd_staff is not None and self.employees is not None and self.rd_staff > self.employees:
            raise ValidationError(
                {
                    "rd_staff": _("科技人员数（%(rd)s）不能多于职工总数（%(emp)s）。")
                    % {"rd": self.rd_staff, "emp": self.employees}
                }
            )
