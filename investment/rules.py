"""The investment rules read by every layer (model clean, services, importer, forms)."""

import datetime as dt

from django.utils.translation import gettext as _

# =============================================================================================
# Project pipeline
# =============================================================================================

# The stages at which a project counts as signed (签约 and after it on the path): the KPIs, the
# recognition rule and the list's 签约日期 filter read this one list.
SIGNED_OR_LATER = ("signed", "landed")
# 南通市科创项目 are recognised among signed projects; a project dropped after signing keeps its date.
RECOGNISABLE_STAGES = ("signed", "landed", "dropped")


def future_date_error(on, *, today: dt.date, label) -> str | None:
    """A stage is reached, a project recognised, on a day that has happened."""
    if on is not None and on > today:
        return _("%(label)s%(on)s晚于今天（%(today)s），不能填写将来的日期。") % {
            "label": label,
            "on": on.isoformat(),
            "today": today.isoformat(),
        }
    return None


def recognition_error(stage, nt_recognized_on) -> str | None:
    """南通市科创项目认定 is for signed projects: a 线索/在谈 project cannot carry the date."""
    if nt_recognized_on is not None and stage not in RECOGNISABLE_STAGES:
        return _("项目尚未签约，不能登记南通市科创项目认定日期（请先将项目推进到“签约”）。")
    return None


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================
# The seed's weekly rule for the 科技招商队伍 — "招商人员每周外出不少于3天，拜访项目不少于6个" — is
# `MIN_DAYS_OUT` and `MIN_PROJECT_VISITS` below, and what counts is decided here once:
# - a **week** runs from Monday 00:00 to the next Monday 00:00 in Asia/Shanghai (settings.TIME_ZONE),
#   whatever the server's clock zone: a visit at Sunday 23:59 belongs to the week it ends;
# - a **project visit** is one client visit (拜访客商, one 家次) recorded for the member in the week;
# - a **day out** (外出) is a distinct calendar day of the week on which the member made at least
#   one client visit (wherever the client is: visiting a client is going out), or took part in an
#   investment event held outside Haimen (深圳 春茗会). An event in Haimen is not a day out;
# - the rule applies to members on the team for the whole week (入队 on or before its Monday, not
#   离队 before its Sunday): someone joining on a Thursday is not short in their first week.

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

# ---- the weekly rule ---------------------------------------------------------------------------

MIN_DAYS_OUT = 3  # 每周外出不少于3天
MIN_PROJECT_VISITS = 6  # 拜访项目不少于6个

HOME_CITY = "海门"


def normalize_city(city) -> str:
    """The city as stored: 海门 for every spelling of Haimen (海门区, 南通市海门区, a town of it
    written after 海门, or nothing), other cities without 市 (深圳市 → 深圳), so that "away" is one
    comparison in SQL (`away_q`) and cities group together."""
    text = "".join(str(city or "").split())
    for prefix in ("江苏省", "江苏", "南通市", "南通"):
        if text.startswith(prefix + HOME_CITY):
            text = text[len(prefix) :]
    if not text or text.startswith(HOME_CITY):
        return HOME_CITY
    if text.endswith("市") and len(text) > 2:
        text = text[:-1]
    return text[:50]


def is_away(city) -> bool:
    """An event or visit outside Haimen."""
    return normalize_city(city) != HOME_CITY


def away_q(prefix=""):
    """The same rule in SQL, for records whose city was stored through normalize_city."""
    from django.db.models import Q

    return ~Q(**{f"{prefix}city": HOME_CITY})


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in."""
    return day - dt.timedelta(days=day.weekday())


def week_of(moment) -> dt.date:
    """The Monday of the week a moment (aware datetime, read in Asia/Shanghai) or a date is in."""
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment).date()
    return week_start(moment)


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00, next Monday 00:00) in the project's zone, as aware datetimes."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min, tzinfo=zone)


def week_days(monday: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week, for date ranges (`held_on__range`)."""
    return monday, monday + dt.timedelta(days=6)


def last_full_week(day: dt.date) -> dt.date:
    """The Monday of the last whole week ending on or before `day` (on a Sunday: that week)."""
    monday = week_start(day)
    return monday if day.weekday() == 6 else monday - dt.timedelta(days=7)


def falls_short(days_out: int, visits: int) -> bool:
    return days_out < MIN_DAYS_OUT or visits < MIN_PROJECT_VISITS


def shortfall_text(days_out: int, visits: int) -> str:
    """What a member lacks this week, in the bureau's words ("外出少1天；拜访少2个"), "" when met."""
    parts = []
    if days_out < MIN_DAYS_OUT:
        parts.append(_("外出少%(n)s天") % {"n": MIN_DAYS_OUT - days_out})
    if visits < MIN_PROJECT_VISITS:
        parts.append(_("拜访少%(n)s个") % {"n": MIN_PROJECT_VISITS - visits})
    return "；".join(parts)


# ---- records ---------------------------------------------------------------------------------


def past_day_errors(field, day, label) -> dict:
    """A day that has not come yet is refused: events and visits are recorded once they happened."""
    if day is not None and day > timezone.localdate():
        return {field: _("%(label)s %(day)s 晚于今天，活动和拜访须在发生后登记") % {"label": label, "day": day}}
    return {}


def member_active_on(member, day) -> bool:
    return member.active_from <= day and (member.active_to is None or member.active_to >= day)


def not_on_team_message(member, day) -> str:
    if member.active_to is not None and member.active_to < day:
        return _("%(m)s 已于 %(to)s 离开科技招商队伍，不能登记 %(day)s 的拜访") % {
            "m": member,
            "to": member.active_to,
            "day": day,
        }
    return _("%(m)s %(day)s 尚未加入科技招商队伍（入队日期 %(f)s），不能登记这天的拜访") % {
        "m": member,
        "day": day,
        "f": member.active_from,
    }


def visit_errors(visit) -> dict:
    """A client visit: not in the future, by a member on the team on the visit's day."""
    errors = {}
    if visit.visited_at is None:
        return errors
    if visit.visited_at > timezone.now():
        when = timezone.localtime(visit.visited_at).strftime("%Y-%m-%d %H:%M")
        errors["visited_at"] = _("拜访时间 %(t)s 晚于现在，拜访须在发生后登记") % {"t": when}
    if visit.member_id is not None:
        day = timezone.localtime(visit.visited_at).date()
        if not member_active_on(visit.member, day):
            errors["member"] = not_on_team_message(visit.member, day)
    return errors


def member_errors(member) -> dict:
    from .models import UnitKind

    errors = {}
    if member.unit_kind == UnitKind.TOWN and not member.town_id:
        errors["town"] = _("区镇层级的招商人员须填写所属区镇")
    if member.active_from and member.active_to and member.active_to < member.active_from:
        errors["active_to"] = _("离队日期 %(to)s 早于入队日期 %(f)s") % {
            "to": member.active_to,
            "f": member.active_from,
        }
    return errors


# ---- funds -----------------------------------------------------------------------------------

WAN_PER_YI = Decimal(10000)  # sizes are kept in 万元; the 三个一百 goal (100亿) is a Target in 亿元


def fund_errors(target_size, raised_size, reason) -> dict:
    """Raised above the target is possible (超募) but must say why."""
    if target_size is None or raised_size is None:
        return {}
    if raised_size > target_size and not (reason or "").strip():
        return {
            "raised_size": _(
                "已募集规模 %(r)s万元 超过目标规模 %(t)s万元：如属超募，请在“超募说明”中写明原因；否则请更正金额"
            )
            % {"r": f"{raised_size:,.2f}".rstrip("0").rstrip("."), "t": f"{target_size:,.2f}".rstrip("0").rstrip(".")}
        }
    return {}


FUND_GOAL_KPI = "invest.fund_raised"  # the 三个一百 goal (新增各类科创基金100亿元) is this KPI's Target


# ---- events: what the two event KPIs count --------------------------------------------------
# The seed counts "科技招商专题活动28场" and "各类项目路演20次" side by side: a 路演 is counted as a
# roadshow, every other kind (专题活动, 推介会 such as the 深圳 春茗会, 训练营, 创业大赛, 投孵联盟活动
# such as the 载体联盟例会) as a 专题活动. Each event counts once, in one of the two.
ROADSHOW_KINDS = ("roadshow",)
TOPIC_EVENT_KINDS = ("topic", "promotion", "camp", "contest", "alliance")


def day_start(day: dt.date, *, after=False) -> dt.datetime:
    """00:00 of `day` (or of the day after) in Asia/Shanghai: the bounds of a day's visits."""
    if after:
        day = day + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())
