"""django-import-export resource of Enterprise: the admin's import/export buttons.

It covers the enterprise's own fields (not the yearly figures or pool columns) and writes row
by row, with auditlog recording each save. The portal's importer (enterprises.importers)
handles the whole template in bulk; scripts/bench_import.py compares the two on one file.
"""

from import_export import fields, widgets

from core.models import Town
from core.resources import SafeModelResource, SpecWidget

from .importers import (
    ENTERPRISE_FIELDS,
    _past_date,
    _text,
    parse_count,
    parse_credit_code,
    parse_money,
    parse_name,
    parse_tech_field,
    town_lookup,
)
from .models import Enterprise, TechField


class TownWidget(widgets.ForeignKeyWidget):
    """A town by name, short name or alias (常乐 → 常乐镇), like the portal's importer."""

    def __init__(self):
        super().__init__(Town, "name")
        self._lookup = None

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        if self._lookup is None:
            self._lookup = town_lookup(Town.objects.all())
        town = self._lookup(value)
        if town is None:
            raise ValueError(f"“{value}”不是海门的区镇")
        return town


def _column(attribute, label, parse, blank=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=label, widget=SpecWidget(parse, blank=blank), **kwargs)


class EnterpriseResource(SafeModelResource):
    name = _column("name", "企业名称", parse_name, blank="")
    credit_code = _column("credit_code", "统一社会信用代码", parse_credit_code, blank="")
    town = fields.Field(attribute="town", column_name="所属区镇", widget=TownWidget())
    founded_on = _column("founded_on", "成立日期", _past_date)
    registered_capital = _column("registered_capital", "注册资本(万元)", parse_money)
    industry = _column("industry", "所属行业", _text(100), blank="")
    tech_field = fields.Field(
        attribute="tech_field",
        column_name="技术领域",
        widget=SpecWidget(parse_tech_field, blank="", render=lambda v: TechField(v).label if v else ""),
    )
    employees = _column("employees", "职工总数", parse_count)
    rd_staff = _column("rd_staff", "科技人员数", parse_count)
    contact_name = _column("contact_name", "联系人", _text(50), blank="")
    contact_phone = _column("contact_phone", "联系电话", _text(50), blank="")

    class Meta:
        model = Enterprise
        import_id_fields = ["credit_code"]
        fields = ENTERPRISE_FIELDS  # the enterprise's own columns, as the importer names them
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # full_clean: the credit-code check and rd_staff ≤ employees
        use_transactions = True
