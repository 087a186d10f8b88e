"""Navigation by role: each entry names the URL and the roles that see it."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

ALL = {"bureau_admin", "bureau_staff", "leader", "town_officer"}
BUREAU = {"bureau_admin", "bureau_staff"}

NAVIGATION = [
    (_("首页"), "home", ALL, "house"),
    (_("企业"), "enterprises:enterprise_list", ALL, "buildings"),
    (_("走访"), "enterprises:visit_list", ALL, "geo-alt"),
    (_("记走访"), "enterprises:visit_add", {"town_officer", "bureau_admin", "bureau_staff"}, "plus-circle"),
    (_("导入"), "enterprises:import", BUREAU | {"town_officer"}, "upload"),
    (_("载体平台"), "carriers:carrier_list", ALL, "bank"),
    (_("科技招商"), "investment:investmentproject_list", ALL, "briefcase"),
    (_("产学研"), "cooperation:iacooperation_list", ALL, "diagram-3"),
    (_("指标"), "reports:kpi_list", ALL, "graph-up"),
    (_("驾驶舱"), "reports:dashboard", {"bureau_admin", "bureau_staff", "leader"}, "speedometer2"),
    (_("报告"), "reports:reportrun_list", {"bureau_admin", "bureau_staff", "leader"}, "file-earmark-text"),
    (_("系统管理"), "admin:index", {"bureau_admin"}, "gear"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    role = "bureau_admin" if user.is_superuser else user.role
    items = []
    for label, url_name, roles, icon in NAVIGATION:
        if role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the app has not built that page yet
        items.append({"label": label, "url": url, "icon": icon, "active": False})
    # One entry is active: the longest URL the path lies under (/visits/new/ is 记走访, not 走访).
    matches = [item for item in items if _under(request.path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}


def _under(path, url):
    return path == url if url == "/" else path.startswith(url)
