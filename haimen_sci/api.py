"""/api/v1/: one router for every app's viewsets."""

from rest_framework.routers import DefaultRouter

from enterprises.api import EnterpriseViewSet
from reports.api import StatIndicatorViewSet

router = DefaultRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("stat-indicators", StatIndicatorViewSet, basename="statindicator")
