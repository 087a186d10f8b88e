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
    return queues


def _visit_queues(user):
    from django.utils import timezone

    from enterprises.selectors import visit_work_counts

    counts = visit_work_counts(user, timezone.localdate())
    follow_ups = {"label": _("待跟进的企业问题"), "count": counts["open_follow_ups"]}
    due = {"label": _("本季度未走访的重点企业"), "count": counts["key_due"]}
    return [
        {**follow_ups, "url": _url("enterprises:visit_follow_ups")},
        {**due, "url": _url("enterprises:visit_due")},
    ]
