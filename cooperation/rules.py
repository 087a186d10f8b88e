"""The industry–academia rules used by more than one layer (model clean, services, importers, KPIs, pages).

One home each: change a rule here and every page, import, KPI and test reads the new one.
"""

import calendar
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_money

# 每月开展产学研活动不少于2次 (the seed's H2 plan): a month with fewer activities is flagged.
MONTHLY_ACTIVITIES = 2


def future_date_error(day, label) -> str | None:
    """A record of something that happened cannot be dated after today."""
    if day and day > timezone.localdate():
        return _("%(label)s %(d)s 晚于今天，不能登记将来发生的事") % {"label": label, "d": day}
    return None


def amount_errors(contract_amount, tech_amount) -> dict:
    """技术交易额 is the technical part of a contract's 成交额, never more than it."""
    if contract_amount is not None and tech_amount is not None and tech_amount > contract_amount:
        return {
            "tech_amount": _("技术交易额 %(t)s 大于合同成交额 %(c)s，技术交易额只能是成交额中的技术部分")
            % {"t": format_money(tech_amount), "c": format_money(contract_amount)}
        }
    return {}


def registration_errors(status, registered_on, rectify_reason) -> dict:
    """已登记 needs its 登记日期; 需整改 needs the reason the registry gave; 待登记 has no 登记日期."""
    from .models import Registration

    errors = {}
    if status == Registration.REGISTERED and not registered_on:
        errors["registered_on"] = _("已登记的技术合同须填写登记日期")
    if status == Registration.PENDING and registered_on:
        errors["registered_on"] = _("待登记的技术合同不填登记日期；已登记请把登记状态改为“已登记”")
    if status == Registration.RECTIFY and not (rectify_reason or "").strip():
        errors["rectify_reason"] = _("需整改的技术合同须写明整改原因")
    return errors


# 登记状态 moves: 需整改 is followed to 已登记 (the seed's 整改 work with 南通科技大市场); an
# 已登记 contract does not go back.
REGISTRATION_MOVES = {
    "pending": {"registered", "rectify"},
    "rectify": {"registered", "rectify"},
    "registered": set(),
}


def may_move(from_status, to_status) -> bool:
    return to_status in REGISTRATION_MOVES.get(from_status, set())


def month_ends(year):
    """(month, first day, last day) of each month of `year`."""
    for month in range(1, 13):
        yield month, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def month_meets_rule(count) -> bool:
    return count >= MONTHLY_ACTIVITIES


def wan_to_yi(value):
    """万元 (stored) → 亿元 (shown in KPIs), four decimals: 280200 万元 → 28.0200 亿元."""
    from decimal import ROUND_HALF_UP, Decimal

    return (Decimal(value or 0) / 10000).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


# ============================================================================================
# Science finance and intermediaries
# ============================================================================================

# Amounts a 授信 or 放款 must carry; a 对接 may carry the enterprise's 融资需求 or nothing.
AMOUNT_KINDS = ("credit", "loan")


def financing_errors(kind, amount, product, product_name) -> dict:
    """A credit line or a loan has an amount above zero; 其他 products are named."""
    errors = {}
    if kind in AMOUNT_KINDS and (amount is None or amount <= 0):
        errors["amount"] = _("授信和放款须填写金额（万元，大于0）")
    if product == "other" and not (product_name or "").strip():
        errors["product_name"] = _("金融产品为“其他”时须填写产品名称")
    return errors


def bank_open_error(bank, kind, on) -> str | None:
    """A 科技支行 or 事业部 still 筹建 grants no credit and pays no loan; nor before its opening day."""
    if bank is None or kind not in AMOUNT_KINDS:
        return None
    if bank.status == "preparing":
        return _("%(b)s 尚在筹建，不能授信或放款") % {"b": bank}
    if bank.opened_on and on and on < bank.opened_on:
        return _("%(b)s %(o)s 才开业，%(d)s 不能授信或放款") % {"b": bank, "o": bank.opened_on, "d": on}
    return None


def loan_over_credit_error(amount, credit_amount, note) -> str | None:
    """A loan above the enterprise's credit line at the same bank (its latest 授信 on or before the
    loan) is a typing error unless the note explains it (a line raised, a second line)."""
    if amount is None or credit_amount is None or amount <= credit_amount or (note or "").strip():
        return None
    return _("放款 %(a)s 万元超过该企业在该银行的授信额度 %(c)s 万元；如属实（如已提高授信），请在备注中说明") % {
        "a": wan(amount),
        "c": wan(credit_amount),
    }


def line_below_loans_error(line_on, line_amount, loans, line_days) -> str | None:
    """A credit line below a loan it covers is the loan rule seen from the line's side: refused
    unless that loan's note explains it. `loans` [(date, amount, note)] of the same enterprise and
    bank; the line covers those from its day to the next line's (`line_days`: every line's date)."""
    if line_amount is None or line_on is None:
        return None
    later = min((day for day in line_days if day > line_on), default=None)
    over = [
        (on, amount)
        for on, amount, note in loans
        if on >= line_on and (later is None or on < later) and loan_over_credit_error(amount, line_amount, note)
    ]
    if not over:
        return None
    on, amount = max(over, key=lambda loan: loan[1])
    return _("该授信下已有 %(d)s 放款 %(a)s 万元，授信额度不能低于放款金额（或在那笔放款的备注中说明）") % {
        "d": on,
        "a": wan(amount),
    }


def wan(amount) -> str:
    """An amount of 万元 as typed in a message: 600, 3035.5 (no trailing zeros of the 4 stored decimals)."""
    text = f"{amount:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def credit_line(credits, on):
    """The amount of the latest credit line among `credits` [(date, amount)] dated on or before `on`."""
    dated = [(day, amount) for day, amount in credits if on is None or day <= on]
    return max(dated, key=lambda item: item[0])[1] if dated else None


def bank_errors(kind, parent, status, opened_on, pk) -> dict:
    """A 科技支行 / 科技金融事业部 belongs to a bank; a bank has no parent; an open unit has its opening day."""
    errors = {}
    if kind != "bank" and parent is None:
        errors["parent"] = _("科技支行、科技金融事业部须选择所属银行")
    if kind == "bank" and parent is not None:
        errors["parent"] = _("银行本身不选所属银行")
    if parent is not None and (parent.pk == pk or parent.kind != "bank"):
        errors["parent"] = _("所属银行须是一家银行")
    error = future_date_error(opened_on, _("开业/设立日期"))
    if error:
        errors["opened_on"] = error
    return errors


# 中介机构绩效评价: the grade a score gives (the bureau's bands for this review, set here only).
GRADE_BANDS = ((90, "excellent"), (75, "good"), (60, "pass"))


def grade_for(score) -> str:
    """≥90 优秀, ≥75 良好, ≥60 合格, below 60 不合格."""
    for floor, grade in GRADE_BANDS:
        if score >= floor:
            return grade
    return "fail"
