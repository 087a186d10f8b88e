"""Navigation by role: each entry names the URL and the roles that see it."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .scope import ALL_ROLES, BUREAU_WIDE_ROLES, WRITER_ROLES, Role, role_of

# A quick-entry action (记走访, 导入, 记拜访): on a desktop narrower than the whole bar it shows as
# its icon with the label as a tooltip, so the thirteen entries fit on one line (portal.css).
QUICK = "quick"

NAVIGATION = [
    (_("首页"), "home", ALL_ROLES, "house"),
    (_("企业"), "enterprises:enterprise_list", ALL_ROLES, "buildings"),
    (_("走访"), "enterprises:visit_list", ALL_ROLES, "geo-alt"),
    (_("记走访"), "enterprises:visit_add", WRITER_ROLES, "plus-circle", QUICK),
    (_("导入"), "enterprises:import", WRITER_ROLES, "upload", QUICK),
    (_("载体平台"), "carriers:carrier_list", ALL_ROLES, "bank"),
    (_("科技招商"), "investment:investmentproject_list", ALL_ROLES, "briefcase"),
    (_("记拜访"), "investment:clientvisit_add", WRITER_ROLES, "person-plus", QUICK),
    (_("产学研"), "cooperation:iacooperation_list", ALL_ROLES, "diagram-3"),
    (_("科技金融"), "cooperation:financing_list", ALL_ROLES, "cash-coin"),
    (_("指标"), "reports:kpi_list", ALL_ROLES, "graph-up"),
    (_("驾驶舱"), "reports:dashboard", ALL_ROLES, "speedometer2"),
    (_("报告"), "reports:reportrun_list", BUREAU_WIDE_ROLES, "file-earmark-text"),
    (_("系统管理"), "admin:index", {Role.BUREAU_ADMIN}, "gear"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    role = role_of(user)
    items = []
    for label, url_name, roles, icon, *kind in NAVIGATION:
        if role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the app has not built that page yet
        items.append({"label": label, "url": url, "icon": icon, "active": False, "quick": QUICK in kind})
    # One entry is active: the longest URL the path lies under (/visits/new/ is 记走访, not 走访).
    matches = [item for item in items if _under(request.path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}


def _under(path, url):
    return path == url if url == "/" else path.startswith(url)
