"""/api/v1/: one router for every app's viewsets."""

from rest_framework.routers import DefaultRouter

from enterprises.api import EnterpriseViewSet

router = DefaultRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
