"""What each role's home page shows: the queues of work waiting for that user."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


def _url(name, query=""):
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return None


def home_queues(user):
    """A list of {label, count, url}; each count is one scoped, aggregated query."""
    from enterprises.selectors import home_counts

    counts = home_counts(user)
    queues = [
        {"label": _("本人可见企业"), "count": counts["enterprises"], "url": _url("enterprises:enterprise_list")},
    ]
    if not user.is_officer:
        queues.append(
            {
                "label": _("未分配区镇的企业"),
                "count": counts["unassigned_town"],
                "url": _url("enterprises:enterprise_list", "town=none"),
            }
        )
    queues.append(
        {
            "label": _("未指定网格员的企业"),
            "count": counts["no_grid_officer"],
            "url": _url("enterprises:enterprise_list", "grid_officer=none"),
        }
    )
    queues.extend(_visit_queues(user))
    queues.extend(_warning_queues(user))
    return queues


def _warning_queues(user):
    """The two early warnings of the seed: 到期老高企 and 强基 members without an R&D filing."""
    from enterprises.selectors import certificates_expiring, current_year, pool_without_rd

    return [
        {
            "label": _("到期老高企（12个月内）"),  # the tab it opens on 培育预警
            "count": certificates_expiring(user).count(),
            "url": _url("enterprises:warnings"),
        },
        {
            "label": _("强基库未备案研发项目"),  # the tab it opens on 培育预警
            "count": pool_without_rd(user, year=current_year()).count(),
            "url": _url("enterprises:warnings_no_rd"),
        },
    ]


def recent_visits(user, limit=5):
    """An officer's own latest visits, for the home page."""
    from enterprises.selectors import my_visits

    return list(my_visits(user)[:limit])


def _visit_queues(user):
    from django.utils import timezone

    from enterprises.selectors import visit_work_counts

    counts = visit_work_counts(user, timezone.localdate())
    follow_ups = {"label": _("待跟进事项"), "count": counts["open_follow_ups"]}  # the page's own heading
    due = {"label": _("本季度未走访的重点企业"), "count": counts["key_due"]}
    return [
        {**follow_ups, "url": _url("enterprises:visit_follow_ups")},
        {**due, "url": _url("enterprises:visit_due")},
    ]


def _first(queryset, limit):
    """Up to `limit` rows and how many there are in all (one COUNT only when there are more)."""
    rows = list(queryset[: limit + 1])
    total = len(rows) if len(rows) <= limit else queryset.count()
    return rows[:limit], total


def officer_today(user, today=None, limit=5):
    """What an officer should do today (home page), each row a tap to act.

    follow_ups: open problems of the town, the longest-waiting first, with `waited` days;
    certificates: 高企 certificates of the town expiring within 90 days (the 重新认定 window),
    with `expires_on` and `days_left`; key_due: 重点企业 not visited this quarter.
    The same selectors as the full lists (enterprises/selectors.py), so the home never
    disagrees with the page its 全部 link opens.
    """
    from django.utils import timezone

    from enterprises.rules import certificate_expires_on
    from enterprises.selectors import certificates_expiring, key_enterprises_due, open_follow_ups

    today = today or timezone.localdate()
    follow_ups, follow_up_total = _first(open_follow_ups(user), limit)
    for visit in follow_ups:
        visit.waited = (today - visit.visited_on).days
    certificates, certificate_total = _first(certificates_expiring(user, today=today, within_days=90), limit)
    for membership in certificates:
        membership.expires_on = certificate_expires_on(membership.certified_on)
        membership.days_left = (membership.expires_on - today).days
    key_due, key_due_total = _first(key_enterprises_due(user, today), limit)
    return {
        "follow_ups": follow_ups,
        "follow_up_total": follow_up_total,
        "certificates": certificates,
        "certificate_total": certificate_total,
        "key_due": key_due,
        "key_due_total": key_due_total,
    }
