"""The bureau's enterprise rules that more than one layer reads, each defined once here.

Services, importers, forms, filters, selectors, the diagnosis and templates import these
names; none of them restates a number or a list of its own. (The pool paths live with the
stage workflow in models.py; the thresholds of the 2016 高企 rules in the diagnosis.)
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# ---- years ----------------------------------------------------------------------------------
# The working years: one range for every app (core/years.py).
from core.years import YEAR_MAX, YEAR_MIN, year_error  # noqa: E402, F401

# ---- 高企 certificates ----------------------------------------------------------------------

# 国科发火〔2016〕32号 第十三条: a 高新技术企业 certificate is valid for three years from issue.
CERTIFICATE_VALID_YEARS = 3


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for a 29 February that has no twin)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def certificate_expires_on(issued_on: dt.date | None) -> dt.date | None:
    """The first day a 高企 certificate issued on `issued_on` is no longer valid."""
    return add_years(issued_on, CERTIFICATE_VALID_YEARS) if issued_on else None


def certificate_valid_on(issued_on: dt.date | None, day: dt.date) -> bool:
    return issued_on is not None and issued_on <= day < certificate_expires_on(issued_on)


def earliest_valid_issue(day: dt.date) -> dt.date:
    """The first issue date whose certificate is still valid on `day` (expires after it): the same
    rule for a query (issued on or after this), around 29 February included — a certificate of
    29 Feb 2024 expires on 28 Feb 2027, so on that day the earliest valid one is of 1 March 2024."""
    issued = add_years(day, -CERTIFICATE_VALID_YEARS) - dt.timedelta(days=1)
    while certificate_expires_on(issued) <= day:
        issued += dt.timedelta(days=1)
    return issued


# ---- the parts of 企业创新能力评价 that provincial experts judge --------------------------------


@dataclass(frozen=True)
class ExpertScorePart:
    """One expert-judged part of the 高企 innovation score (工作指引 国科发火〔2016〕195号 附件)."""

    key: str
    label: str
    full: int


EXPERT_SCORE_PARTS = {
    part.key: part
    for part in (
        ExpertScorePart("ip_advanced", _("知识产权技术的先进程度"), 8),
        ExpertScorePart("ip_core_support", _("对主要产品（服务）的核心支持作用"), 8),
        ExpertScorePart("ip_acquisition", _("知识产权获得方式"), 6),
        ExpertScorePart("rd_management", _("研究开发组织管理水平"), 20),
    )
}


def expert_score_error(key, points) -> str | None:
    """Why one stored expert score is not usable, or None."""
    part = EXPERT_SCORE_PARTS.get(key)
    if part is None or isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= part.full:
        full = part.full if part else 0
        return str(_("专家评分“%(key)s”应为0–%(full)s的整数。") % {"key": key, "full": full})
    return None


def valid_expert_scores(scores) -> dict[str, int]:
    """The well-formed entries of a stored score dict (a malformed one is ignored by readers)."""
    return {key: points for key, points in (scores or {}).items() if expert_score_error(key, points) is None}


# ---- figures that cannot exceed another --------------------------------------------------------

# (field, the field it may not exceed, the message). Read by the models' clean(), the database
# constraints' messages, the forms and the importer's cross-field check.
NOT_MORE_THAN = (
    ("rd_staff", "employees", _("科技人员数（%(value)s）不能多于职工总数（%(limit)s）。")),
    ("hitech_revenue", "revenue", _("高新技术产品收入（%(value)s）不能多于营业收入（%(limit)s）。")),
    ("rd_expense_domestic", "rd_expense", _("境内研发费用（%(value)s）不能多于研发费用总额（%(limit)s）。")),
)


def not_more_than_errors(values) -> dict[str, str]:
    """{field: message} for every NOT_MORE_THAN pair present in `values` (a dict or an object) that fails."""
    get = values.get if isinstance(values, dict) else (lambda name: getattr(values, name, None))
    errors = {}
    for field, limit_field, message in NOT_MORE_THAN:
        value, limit = get(field), get(limit_field)
        if value is not None and limit is not None and value > limit:
            errors[field] = str(message % {"value": value, "limit": limit})
    return errors


def not_more_than_constraint(field: str, *, name: str):
    """The database's guard of one NOT_MORE_THAN pair; its message is the pair's, without the figures."""
    from django.db.models import CheckConstraint, F, Q
    from django.utils.functional import lazy

    limit_field, message = next((limit, message) for f, limit, message in NOT_MORE_THAN if f == field)
    plain = lazy(lambda: str(message).replace("（%(value)s）", "").replace("（%(limit)s）", ""), str)()
    either_empty = Q(**{f"{field}__isnull": True}) | Q(**{f"{limit_field}__isnull": True})
    return CheckConstraint(
        condition=either_empty | Q(**{f"{field}__lte": F(limit_field)}),
        name=name,
        violation_error_message=plain,
    )


# ---- visits ------------------------------------------------------------------------------------


def quarter_start(day: dt.date) -> dt.date:
    """The first day of `day`'s quarter (key enterprises are visited once a quarter: 家家到)."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
