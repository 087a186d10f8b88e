"""/api/v1/: one router for every app's viewsets."""

from rest_framework.routers import DefaultRouter

from carriers.api import CarrierViewSet, PlatformViewSet, ReportViewSet
from enterprises.api import EnterpriseViewSet
from investment.api import ClientVisitViewSet, EventViewSet, FundViewSet, LeadViewSet, ProjectViewSet, TeamMemberViewSet
from reports.api import StatIndicatorViewSet

router = DefaultRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("carriers", CarrierViewSet, basename="carrier")
router.register("carrier-reports", ReportViewSet, basename="constructionreport")
router.register("platforms", PlatformViewSet, basename="platform")
router.register("investment-projects", ProjectViewSet, basename="investmentproject")
router.register("investment-leads", LeadViewSet, basename="investmentlead")
router.register("stat-indicators", StatIndicatorViewSet, basename="statindicator")
router.register("investment-events", EventViewSet, basename="investmentevent")
router.register("client-visits", ClientVisitViewSet, basename="clientvisit")
router.register("investment-team", TeamMemberViewSet, basename="teammember")
router.register("funds", FundViewSet, basename="fund")
