from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts.views import HomeView
from core.health import healthz
from enterprises import urls as enterprise_urls

from .api import router

admin.site.site_header = "海门区科技创新工作平台 · 系统管理"
admin.site.site_title = "海门区科技创新工作平台"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    # One `enterprises` namespace over two prefixes: the app's pages and its /visits/ pages.
    path(
        "",
        include(
            (
                [
                    path("enterprises/", include(enterprise_urls.urlpatterns)),
                    path("visits/", include(enterprise_urls.visit_urlpatterns)),
                ],
                enterprise_urls.app_name,
            )
        ),
    ),
    path("carriers/", include("carriers.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
