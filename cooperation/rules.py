"""The industry–academia rules used by more than one layer (model clean, services, importers, KPIs, pages).

One home each: change a rule here and every page, import, KPI and test reads the new one.
"""

import calendar
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

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
            "tech_amount": _("技术交易额 %(t)s 万元大于合同成交额 %(c)s 万元，技术交易额只能是成交额中的技术部分")
            % {"t": tech_amount, "c": contract_amount}
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
