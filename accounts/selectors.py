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
            "label": _("12个月内到期的高企证书"),
            "count": certificates_expiring(user).count(),
            "url": _url("enterprises:warnings"),
        },
        {
            "label": _("今年未备案研发项目的强基库企业"),
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
