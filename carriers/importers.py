"""The carriers app's three imports on core's framework (docs/importing.md): carriers, their tenants,
and quarterly construction reports. Columns derive from the models (ModelImportSpec); the rules a
row breaks are the model's own (carriers/rules.py), checked per row because the import writes in
bulk, not through full_clean().
"""

from decimal import Decimal, InvalidOperation

from core.importing import ModelImportSpec, register
from core.importing.model_spec import Found, Reference
from core.importing.parsers import parse_credit_code, parse_year_number, past_date, town_lookup
from core.importing.spec import RowRejected
from core.models import Town
from core.spreadsheets import to_text

from . import rules
from .models import Carrier, ConstructionReport, Tenancy


def parse_area(value):
    """Square metres: 28000, 28,000㎡, 2.8万㎡ (万 multiplies); never negative."""
    text = (to_text(value) or "").replace(",", "").replace("，", "")
    for unit in ("平方米", "㎡", "m²", "m2"):
        text = text.replace(unit, "")
    factor = Decimal(1)
    if text.endswith("万"):
        text, factor = text[:-1], Decimal(10000)
    try:
        number = Decimal(text.strip()) * factor
    except InvalidOperation:
        raise ValueError("不是有效的面积（平方米），如 28000 或 2.8万㎡") from None
    if number < 0:
        raise ValueError("面积不能为负数")
    return number.quantize(Decimal("0.01"))


def parse_percent(value):
    """0–100, with or without %; 0.35 stays 0.35 (a percentage, not a fraction)."""
    text = (to_text(value) or "").replace("%", "").replace("％", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("不是有效的百分比，如 65 或 65%") from None
    if not 0 <= number <= 100:
        raise ValueError("百分比应在 0–100 之间")
    return number.quantize(Decimal("0.1"))


QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}


def parse_quarter(value):
    """1–4, 第一季度, 一季度, Q1."""
    text = (to_text(value) or "").upper().replace("第", "").replace("季度", "").replace("Q", "").strip()
    if text not in QUARTERS:
        raise ValueError("不是有效的季度，应为 1–4 或 第一季度")
    return QUARTERS[text]


class TownByName:
    """The town column: any spelling core.importing.parsers.town_lookup knows, stored by its name.

    ModelImportSpec resolves a Reference only when it is part of the natural key (its fetch reads
    the keys, not the other cells), so the town — not part of a carrier's key — is filled in here
    from the towns loaded once in begin() (no query per row).
    """

    def begin(self, ctx):
        towns = list(Town.objects.all())
        ctx.lookups["find_town"] = town_lookup(towns)
        ctx.lookups["town_by_name"] = {t.name: t for t in towns}

    def build(self, values, existing, ctx):
        existing = existing or Found(refs={})
        if values.get("town") is not None:
            existing.refs = {**(existing.refs or {}), "town": ctx.lookups["town_by_name"].get(values["town"])}
        return super().build(values, existing, ctx)

    def parsers(self, ctx):
        parsers = super().parsers(ctx)
        find = ctx.lookups["find_town"]

        def parse_town(value):
            town = find(value)
            if town is None:
                raise ValueError("不是海门的区镇")
            return town.name

        parsers["town"] = parse_town
        return parsers


class CarrierImport(TownByName, ModelImportSpec):
    kind = "carriers"
    title = "科创载体"
    model = Carrier
    fields = ["name", "kind", "level", "town", "area_sqm", "operator", "group_managed", "status", "area", "opened_on"]
    natural_key = ("name",)
    references = {"town": Reference("name", scoped=False)}
    aliases = {
        "name": ("载体", "名称", "园区名称"),
        "kind": ("类型", "载体类别"),
        "town": ("区镇", "所属区镇", "所在区镇"),
        "area_sqm": ("面积", "建筑面积", "面积（平方米）", "面积(平方米)"),
        "group_managed": ("集团管理", "是否集团管理"),
        "area": ("片区", "所属区域"),
        "opened_on": ("启用时间", "开园日期"),
    }
    overrides = {
        "town": {"label": "所属区镇", "example": "海门街道"},
        "area_sqm": {"parse": parse_area, "kind": "decimal", "help": "平方米；也可写“2.8万㎡”", "example": "28000"},
        "opened_on": {"parse": past_date},
        "area": {"help": "謇公湖科教城、东布洲科学城、大生科创园，或留空"},
    }
    instructions = [
        "每行一个科创载体，按载体名称识别：名称相同的更新，否则新增。空白单元格不会清除平台中已有的数据。",
        "面积单位为平方米，不能为负数。",
    ]


class TenancyImport(ModelImportSpec):
    kind = "carrier_tenants"
    title = "载体入驻企业"
    model = Tenancy
    fields = ["carrier", "enterprise", "moved_in_on", "moved_out_on", "graduated"]
    natural_key = ("carrier", "enterprise", "moved_in_on")
    references = {
        "carrier": Reference("name"),
        "enterprise": Reference("credit_code", parse=parse_credit_code),
    }
    aliases = {
        "carrier": ("载体", "载体名称", "所在载体"),
        "enterprise": ("社会信用代码", "信用代码"),
        "moved_in_on": ("入驻时间", "入孵日期", "入孵时间"),
        "moved_out_on": ("迁出时间", "离孵日期"),
    }
    overrides = {
        "carrier": {"label": "载体名称", "example": "长海大厦"},
        "enterprise": {"help": "企业须已在平台中", "example": "91320684MA1XXXXXXX"},
    }
    instructions = [
        "每行一家入驻企业。载体按名称、企业按统一社会信用代码查找，都须已在平台中。",
        "入驻日期不能早于载体启用日期；迁出日期不能早于入驻日期。",
    ]

    def build(self, values, existing, ctx):
        carrier = (existing.refs or {}).get("carrier") if existing else None
        instance = existing.instance if existing else None
        moved_out = values.get("moved_out_on") or (instance.moved_out_on if instance else None)
        errors = rules.tenancy_errors(carrier.opened_on if carrier else None, values.get("moved_in_on"), moved_out)
        if errors:
            raise RowRejected(list(errors.items()))
        return super().build(values, existing, ctx)


class ReportImport(ModelImportSpec):
    kind = "carrier_reports"
    title = "载体建设进度季报"
    model = ConstructionReport
    fields = ["carrier", "year", "quarter", "planned_pct", "actual_pct", "issues", "assessment"]
    natural_key = ("carrier", "year", "quarter")
    references = {"carrier": Reference("name")}
    aliases = {
        "carrier": ("载体", "载体名称"),
        "planned_pct": ("计划进度", "计划完成"),
        "actual_pct": ("实际进度", "实际完成"),
        "issues": ("问题", "存在问题及措施"),
        "assessment": ("考核结果", "季度考核结果"),
    }
    overrides = {
        "carrier": {"label": "载体名称", "example": "长海大厦"},
        "year": {"parse": parse_year_number, "example": "2023", "width": 8},
        "quarter": {"parse": parse_quarter, "kind": "integer", "help": "1–4，或 第一季度", "example": "2", "width": 8},
        "planned_pct": {"parse": parse_percent, "kind": "decimal", "help": "0–100", "example": "60"},
        "actual_pct": {"parse": parse_percent, "kind": "decimal", "help": "0–100", "example": "45"},
    }
    instructions = [
        "每行一个载体一个季度的建设进度。载体、年度和季度都相同的视为同一季报（更新），同一文件中重复的季度是错误。",
        "进度为百分比 0–100。",
    ]

    def choices(self, ctx):
        return {**super().choices(ctx), "quarter": ["第一季度", "第二季度", "第三季度", "第四季度"]}


CARRIER_IMPORT = register(CarrierImport())
TENANCY_IMPORT = register(TenancyImport())
REPORT_IMPORT = register(ReportImport())
