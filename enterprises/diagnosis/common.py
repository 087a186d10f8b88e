"""What the 高企 and 科小 rules share: the input figures, reading them, the needs collector,
building a condition, and the formatting of 万元 / 亿元 / percentages in messages."""

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal

from core.formatting import format_day, format_money

from ..models import TechField
from .results import Condition, Status

D = Decimal
CENT = D("0.01")
WAN_PER_YI = D(10000)  # 1亿元 = 10000万元; money is kept in 万元

# 《国家重点支持的高新技术领域》: the eight fields, {code Enterprise stores: label}, from the model's choices.
TECH_FIELDS = dict(TechField.choices)


@dataclass(frozen=True)
class YearFigures:
    """One EnterpriseYear row; money in 万元, None = not collected."""

    year: int
    revenue: Decimal | None = None  # 销售收入/营业收入
    rd_expense: Decimal | None = None  # 研发费用
    rd_expense_domestic: Decimal | None = None  # 境内研发费用
    hitech_revenue: Decimal | None = None  # 高新技术产品(服务)收入
    total_costs: Decimal | None = None  # 成本费用总额 (科小: R&D ÷ total costs)
    total_assets: Decimal | None = None
    net_assets: Decimal | None = None
    employees: int | None = None  # 职工总数
    rd_staff: int | None = None  # 科技人员数
    ip_class1: int | None = None  # Ⅰ类知识产权 owned
    ip_class2: int | None = None  # Ⅱ类知识产权 owned
    conversions: int | None = None  # 科技成果转化数 in that year


@dataclass(frozen=True)
class EnterpriseProfile:
    """What the diagnosis needs of an Enterprise besides its yearly figures."""

    credit_code: str
    founded_on: date | None
    tech_field: str = ""  # a TECH_FIELDS code, or "" when unknown
    employees: int | None = None  # current; used when the year figures lack them
    rd_staff: int | None = None
    hte_certificate_valid: bool = False  # valid 高企 certificate on as_of
    no_major_incident: bool | None = None  # None = not confirmed with the enterprise
    other_direct_qualification: str = ""  # e.g. "省级以上研发机构"
    # Points experts gave (省专家预审, or the bureau's own pre-review), keyed like the score
    # parts (rules.EXPERT_SCORE_PARTS): without them the judged parts can only be shown as 0–full.
    expert_scores: Mapping[str, int] = dataclasses.field(default_factory=dict)


FIGURE_LABELS = {
    "revenue": "销售收入",
    "rd_expense": "研发费用",
    "rd_expense_domestic": "境内研发费用",
    "hitech_revenue": "高新技术产品（服务）收入",
    "total_costs": "成本费用总额",
    "total_assets": "资产总额",
    "net_assets": "净资产",
    "employees": "职工总数",
    "rd_staff": "科技人员数",
    "ip_class1": "Ⅰ类知识产权数量",
    "ip_class2": "Ⅱ类知识产权数量",
    "conversions": "科技成果转化数",
}
MONEY_FIELDS = {
    "revenue",
    "rd_expense",
    "rd_expense_domestic",
    "hitech_revenue",
    "total_costs",
    "total_assets",
    "net_assets",
}


# --- formatting -------------------------------------------------------------------------


def plain(d: Decimal) -> str:
    """126.50 → "126.5", 126.00 → "126"."""
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def wan(d) -> str:
    """万元 money as every page shows it (core.formatting): "1,126.5万元", from 1亿 up "1.2亿元"."""
    return format_money(d)


# The portal's one money format chooses 万元 or 亿元 by the amount: 20000 → "2亿元".
yi = wan


def pct(ratio: Decimal) -> str:
    """A ratio as a percentage, truncated: 0.09999 → "9.99%" (never shows a threshold it misses)."""
    return plain((ratio * 100).quantize(CENT, ROUND_DOWN)) + "%"


def ratio_value(ratio: Decimal) -> float:
    """A ratio for `value`, truncated to 4 decimals (9.999% is 0.0999, not 0.1)."""
    return float(ratio.quantize(D("0.0001"), ROUND_DOWN))


def money_value(d: Decimal) -> float:
    return float(D(d).quantize(CENT, ROUND_HALF_UP))


def money_gap(d: Decimal) -> Decimal:
    """A money shortfall rounded up to 0.01万元, so closing the gap shown is always enough."""
    return max(d, D(0)).quantize(CENT, ROUND_CEILING)


def span(years: list[int]) -> str:
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"


def day_text(d: date) -> str:
    """A date as every page shows it (core.formatting): 2023-03-01."""
    return format_day(d)


def people_short(employees: int, staff: int, share: Decimal) -> int:
    """科技人员 still needed for `share` of the employees, in whole people."""
    return int((D(employees) * share).to_integral_value(ROUND_CEILING)) - staff


def band_points(value, bands) -> int:
    """Points of the first (lower bound, points) band the value reaches; 0 below them all."""
    return next((points for bound, points in bands if value >= bound), 0)


def ip_text(year: int, ip1, ip2) -> str:
    def count(label, n):
        return f"{label}{n}项" if n is not None else f"{label}未采集"

    return f"{year}年拥有" + count("Ⅰ类知识产权", ip1) + "、" + count("Ⅱ类知识产权", ip2)


# --- reading figures --------------------------------------------------------------------


def figure(years: dict[int, YearFigures], year: int, field: str, fallback=None):
    """A figure of a year (or the fallback), money as Decimal; None when not collected."""
    row = years.get(year)
    value = getattr(row, field) if row else None
    if value is None:
        value = fallback
    # Money may arrive as int or float from callers; do the arithmetic in Decimal.
    return D(str(value)) if value is not None and field in MONEY_FIELDS else value


class Needs:
    """Reads figures for one condition and remembers which are missing or unusable."""

    def __init__(self, years: dict[int, YearFigures]):
        self.years = years
        self.missing: dict[int, list[str]] = {}
        self.bad: list[str] = []  # present but unusable as a denominator

    def get(self, year: int, field: str, fallback=None):
        value = figure(self.years, year, field, fallback)
        if value is None:
            self.missing.setdefault(year, []).append(FIGURE_LABELS[field])
        return value

    def ip_counts(self, year: int):
        """Ⅰ类 and Ⅱ类 counts; Ⅱ类 is only asked for when Ⅰ类 doesn't decide alone."""
        ip1 = self.get(year, "ip_class1")
        decided = ip1 is not None and ip1 >= 1
        return ip1, figure(self.years, year, "ip_class2") if decided else self.get(year, "ip_class2")

    def positive(self, what: str, value) -> bool:
        if value > 0:
            return True
        self.bad.append(f"{what}（为{plain(D(value))}）")
        return False

    def __bool__(self):
        return bool(self.missing or self.bad)

    def _missing_text(self) -> str:
        return "，".join(f"{y}年" + "、".join(labels) for y, labels in sorted(self.missing.items()))

    def collect(self) -> str:
        parts = []
        if self.missing:
            parts.append("请采集" + self._missing_text())
        if self.bad:
            parts.append("请核实" + "、".join(self.bad))
        return "；".join(parts)

    def problem(self) -> str:
        parts = []
        if self.missing:
            parts.append("缺少" + self._missing_text())
        if self.bad:
            parts.append("、".join(self.bad) + "无法计算比例")
        return "，".join(parts)


# --- building conditions ----------------------------------------------------------------


class Conditions:
    """Builds the conditions of one rule set, each named from the rule set's `names`."""

    def __init__(self, names: Mapping[str, str], value_units: Mapping[str, str], at_most=frozenset()):
        self.names, self.value_units, self.at_most = names, value_units, at_most

    def make(self, code, status, message, *, value=None, required=None, gap=None, unit="", shortfall="", collect=""):
        if isinstance(gap, Decimal):
            gap = float(gap)
        return Condition(
            code=code,
            name=self.names[code],
            status=status,
            message=f"{message}：{shortfall}" if shortfall else message,
            value=value,
            required=required,
            gap=gap,
            unit=unit if gap is not None else "",
            value_unit=self.value_units.get(code, ""),
            at_most=code in self.at_most,
            shortfall=shortfall,
            collect=collect if status == Status.UNKNOWN else "",
        )

    def passed(self, code, message, **figures) -> Condition:
        return self.make(code, Status.PASS, message, **figures)

    def failed(self, code, message, **figures) -> Condition:
        return self.make(code, Status.FAIL, message, **figures)

    def unknown(self, code, needs: Needs, required=None) -> Condition:
        return self.make(
            code, Status.UNKNOWN, f"{needs.problem()}，暂无法判断", required=required, collect=needs.collect()
        )

    def no_finished_year(self, code, founded_on: date) -> Condition:
        return self.make(
            code,
            Status.UNKNOWN,
            f"企业{day_text(founded_on)}成立，尚无已结束的会计年度数据，暂无法判断",
            collect=f"待{founded_on.year}年度结束后采集该年度经营数据",
        )
