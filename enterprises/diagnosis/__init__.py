"""高新技术企业认定 and 科技型中小企业评价 diagnosis (docs/domain.md §4; the `diagnose` command of §5).

Public API:
    diagnose(profile, years, *, as_of) -> Diagnosis   both verdicts of one enterprise
    gap_rank_key(diagnosis) -> tuple                 "closest to 高企" sort key
    EnterpriseProfile, YearFigures                   the inputs
    Diagnosis, HteResult, TechSmeResult, Condition, ScorePart, SmePart, Status   the results
    (`Diagnosis.as_json()` is exactly docs/domain.md §5; `as_dict()` everything, as plain data)

The rules: hte.py (国科发火〔2016〕32号, 工作指引 国科发火〔2016〕195号) and tech_sme.py
(国科发政〔2017〕115号, 国科火字〔2022〕67号) each name their thresholds and score bands once;
common.py holds the figures, the needs collector and the formatting. The expert-judged parts
and their full marks come from enterprises/rules.py.

No database: the rules read only those labels and the model's 技术领域 choices. The Django side
builds `EnterpriseProfile` and `YearFigures` from Enterprise / EnterpriseYear rows and calls
`diagnose()`, so the rules can be tested without a database. Every condition comes out
pass / fail / unknown. A missing figure is never guessed: the condition is unknown and
`collect` tells the officer which figure of which year to collect. Judged score parts are
shown as ranges.

Decisions where docs/domain.md §4 is silent (following 工作指引 国科发火〔2016〕195号 and
国科火字〔2022〕67号 where they speak):

- Years: the latest year is `as_of.year - 1` (the last finished fiscal year); the R&D and
  conversion figures use latest-2..latest, but only years from the founding year on, since
  "实际经营期不满三年的按实际经营时间计算" (the founding year counts as a year of business).
  With no founding date all three years are used. An enterprise founded after the latest
  year has no finished year: its year-based conditions are unknown.
- A figure that divides (employees, sales, R&D total, net assets) and is 0 or below is
  never divided by: the condition is unknown and `collect` asks to verify the figure.
- `value` ratios are truncated, not rounded, to 4 decimals, so a shown value never reaches
  a threshold that the exact figure misses (9.999% shows as 0.0999, not 0.1).
- `gap` is the shortfall (excess, for the 科小 size limits) in `gap_unit` (万元 / 人 / 天 /
  项 / 分; a key added to docs/domain.md §5's shape so a page can print "126 万元" and rank by it);
  0 when the condition passes; None when unknown or not measurable. Money gaps
  are rounded up to 0.01万元, so closing the gap shown is always enough.
- rd_ratio and hitech_revenue_ratio gaps hold sales fixed (more R&D 归集, or more revenue
  classified as high-tech). The rd_domestic gap is extra domestic R&D, which also raises
  the R&D total: (0.6 × total − domestic) ÷ 0.4.
- tech_field: a code or a Chinese label of TECH_FIELDS passes; any other text fails.
- core_ip passes as soon as one known class has ≥1 item, even if the other is missing.
- 科技成果转化: an average between 0 and 1 a year falls between the "0" and "≥1" bands and
  is shown as 0–6 (left to the experts). Growth with fewer than 3 years, a missing figure
  or a denominator ≤ 0 is shown as 0–10 (工作指引's special cases for a zero first or
  second year are not applied; the range covers them).
- 科小 R&D part: the better of the ratios that can be computed. 成本费用总额 is optional
  (EnterpriseYear may not collect it): when it is missing and could still lift the score
  to 60, the score condition is unknown and asks for it. Direct qualification makes the
  score condition pass; the size limits still apply. The 科小 conditions not in docs/domain.md §4
  (no 失信 listing etc.) are not checked here.
- Judged parts alone (22 + 20 points) keep the proven minimum of the 创新能力评价 at most
  50, so without expert points innovation_score could never pass. `expert_scores` (from
  省专家预审 or a pre-review) pins a part to the points given, even outside the band the
  figures suggest: the experts' score is the one that counts in 认定.
"""

from collections.abc import Iterable
from datetime import date

from .common import TECH_FIELDS, EnterpriseProfile, YearFigures
from .hte import YEARS_ASSESSED, diagnose_hte
from .results import Condition, Diagnosis, HteResult, ScorePart, SmePart, Status, TechSmeResult
from .tech_sme import diagnose_tech_sme

__all__ = [
    "TECH_FIELDS",
    "Condition",
    "Diagnosis",
    "EnterpriseProfile",
    "HteResult",
    "ScorePart",
    "SmePart",
    "Status",
    "TechSmeResult",
    "YearFigures",
    "diagnose",
    "gap_rank_key",
]


def diagnose(profile: EnterpriseProfile, years: Iterable[YearFigures], *, as_of: date) -> Diagnosis:
    """Both diagnoses for one enterprise on `as_of`."""
    by_year = {row.year: row for row in years}  # a repeated year: the last row wins
    latest = as_of.year - 1
    founded_year = profile.founded_on.year if profile.founded_on else None
    window = range(latest - YEARS_ASSESSED + 1, latest + 1)
    used = [y for y in window if founded_year is None or y >= founded_year]
    return Diagnosis(
        credit_code=profile.credit_code,
        as_of=as_of,
        hte=diagnose_hte(profile, by_year, used, latest, as_of),
        tech_sme=diagnose_tech_sme(profile, by_year, used, latest),
    )


def gap_rank_key(result: Diagnosis) -> tuple:
    """Sort key for "pool enterprises closest to 高企": smaller is closer.

    (failing conditions, unknown conditions, money short in 万元, people short).
    """
    conditions = result.hte.conditions
    failing = [c for c in conditions if c.status == Status.FAIL]

    def short(unit):
        return sum(c.gap or 0 for c in failing if c.gap_unit == unit)

    unknown = sum(c.status == Status.UNKNOWN for c in conditions)
    return (len(failing), unknown, round(short("万元"), 2), short("人"))
