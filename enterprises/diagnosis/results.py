"""The typed results of the diagnosis: a status, a condition, a score part, the two verdicts.

Values inside are already JSON-ready (ratios as truncated fractions, money as 万元 floats), so
`as_json()` (exactly docs/domain.md §5) and `as_dict()` (everything the pages show) only pick fields.
All are frozen dataclasses of plain values: they pickle, and templates read their attributes.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from core.formatting import format_money

SPEC_CONDITION_KEYS = ("code", "status", "value", "required", "gap")


class Status(StrEnum):
    """A condition's verdict; str-valued, so JSON and templates see "pass" / "fail" / "unknown"."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


WAN_PER_YI = Decimal(10000)  # money is kept in 万元; 1亿元 = 10000万元


def money_text(wan) -> str:
    """The diagnosis writes money as every page does (core.formatting): 1,234.5万元, 1.2亿元."""
    return format_money(wan)


def overall(conditions) -> bool | None:
    """All conditions together: False when any fails, None while any is unknown, else True."""
    statuses = {c.status for c in conditions}
    if Status.FAIL in statuses:
        return False
    return None if Status.UNKNOWN in statuses else True


@dataclass(frozen=True)
class Condition:
    """One condition of 高企 or 科小 with the figure behind it and what is short.

    `value` and `required` are in `value_unit` (a ratio when it is "%"); `gap` is the shortfall
    (the excess for an `at_most` limit) in `unit`, 0 when passing, None when not measurable;
    `shortfall` is the gap in words ("还差126万元"), the tail of a failing `message`; `collect`
    says which figure of which year to collect (only while unknown).
    """

    code: str
    name: str
    status: Status
    message: str
    value: Any = None
    required: Any = None
    gap: int | float | None = None
    unit: str = ""
    value_unit: str = ""
    at_most: bool = False
    shortfall: str = ""
    collect: str = ""
    # Which years the figure is read over, for a reader who does not know the rules:
    # "近三年（2021–2023年）合计" or "最近一年（2023年）".
    period: str = ""

    @property
    def gap_unit(self) -> str:
        return self.unit if self.gap is not None else ""

    @property
    def gap_text(self) -> str:
        """The gap as the page shows it: money the one way (money_text), else the number and unit."""
        if not self.gap:
            return "—"
        if self.unit == "万元":
            return money_text(self.gap)
        gap = int(self.gap) if float(self.gap).is_integer() else self.gap
        return f"{gap:,}{self.unit}"

    @property
    def short(self) -> str:
        """ "研究开发费用占销售收入比例：还差126万元" — the condition and its gap, for a table cell."""
        return f"{self.name}：{self.shortfall}" if self.shortfall else self.message

    def as_json(self) -> dict:
        return {key: getattr(self, key) for key in SPEC_CONDITION_KEYS} | {"status": self.status.value}

    def as_dict(self) -> dict:
        keys = ("name", "gap_unit", "message", "collect")
        return self.as_json() | {key: getattr(self, key) for key in keys}


@dataclass(frozen=True)
class ScorePart:
    """A part of the 高企 innovation score as the range of points the figures prove (judged: by experts)."""

    key: str
    name: str
    low: int
    high: int
    full: int
    basis: str = ""
    judged: bool = False
    explain: str = ""  # for an expert-judged part: what the experts look at, in plain words

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "min": self.low,
            "max": self.high,
            "full": self.full,
            "judged": self.judged,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class SmePart:
    """A part of the 科小 score; `points` None while a figure it needs is missing."""

    key: str
    name: str
    points: int | None
    full: int
    basis: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "points": self.points, "full": self.full, "basis": self.basis}


@dataclass(frozen=True)
class Conclusion:
    """The one line on top of a diagnosis: 可申报 / 差N项 / 待补数据, and the line that says why."""

    verdict: str
    line: str
    status: Status


class _Verdict:
    """`as_dict()` of a verdict: its docs/domain.md §5 fields, and every part and condition in full.

    Also what a non-expert reads first: `conclusion` (one line) and `by_urgency` (the failing
    conditions first, then those waiting for data, then the ones met).
    """

    parts_key = "parts"
    subject = ""

    @property
    def by_urgency(self) -> tuple[Condition, ...]:
        order = {Status.FAIL: 0, Status.UNKNOWN: 1, Status.PASS: 2}
        return tuple(sorted(self.conditions, key=lambda c: order[c.status]))

    @property
    def conclusion(self) -> Conclusion:
        failing = [c for c in self.conditions if c.status == Status.FAIL]
        unknown = [c for c in self.conditions if c.status == Status.UNKNOWN]
        if failing:
            line = "；".join(c.short for c in failing)
            if unknown:
                line += f"；另有{len(unknown)}项待补数据"
            return Conclusion(f"差{len(failing)}项", f"{self.subject}差{len(failing)}项：{line}", Status.FAIL)
        if unknown:
            names = "、".join(c.name for c in unknown)
            return Conclusion(
                "待补数据", f"{self.subject}待补数据：{len(unknown)}项还不能判断（{names}）", Status.UNKNOWN
            )
        return Conclusion("可申报", f"{self.subject}各项条件均已符合，可申报", Status.PASS)

    def as_dict(self) -> dict:
        return self.as_json() | {
            self.parts_key: {key: part.as_dict() for key, part in self.parts.items()},
            "conditions": [c.as_dict() for c in self.conditions],
        }


@dataclass(frozen=True)
class HteResult(_Verdict):
    """高新技术企业认定: the eight conditions, and the innovation score the figures already prove."""

    eligible: bool | None
    score_min: int
    score_max: int
    score_full: int  # 100
    pass_above: int  # the score has to be above this (70)
    parts: dict[str, ScorePart]
    conditions: tuple[Condition, ...]
    # 提升建议: what would close each gap, in the enterprise's terms (hte.suggestions).
    suggestions: tuple[str, ...] = ()
    parts_key = "score_parts"
    subject = "高企认定："

    def as_json(self) -> dict:
        return {
            "eligible": self.eligible,
            "score_min": self.score_min,
            "score_max": self.score_max,
            "conditions": [c.as_json() for c in self.conditions],
        }


@dataclass(frozen=True)
class TechSmeResult(_Verdict):
    """科技型中小企业评价: the size limits and the score (or the direct qualification)."""

    eligible: bool | None
    score: int | None
    direct: str | None
    pass_score: int  # 60
    parts: dict[str, SmePart]
    conditions: tuple[Condition, ...]
    subject = "科小评价："

    def as_json(self) -> dict:
        return {"eligible": self.eligible, "score": self.score, "direct": self.direct}


@dataclass(frozen=True)
class Diagnosis:
    """Both diagnoses of one enterprise on one day."""

    credit_code: str
    as_of: dt.date
    hte: HteResult
    tech_sme: TechSmeResult

    def as_json(self) -> dict:
        """Exactly the JSON of docs/domain.md §5 (`diagnose CREDIT_CODE --json`)."""
        return {"credit_code": self.credit_code, "hte": self.hte.as_json(), "tech_sme": self.tech_sme.as_json()}

    def as_dict(self) -> dict:
        """Everything, as plain JSON-ready data (messages, what to collect, score parts)."""
        return {
            "credit_code": self.credit_code,
            "as_of": self.as_of.isoformat(),
            "hte": self.hte.as_dict(),
            "tech_sme": self.tech_sme.as_dict(),
        }
