"""/api/v1/carriers/, /api/v1/platforms/ …: the same scope, filters and services as the pages."""

from rest_framework import serializers

from core.api import ScopedModelViewSet

from . import selectors, services
from .filters import CarrierFilterSet, PlatformFilterSet, ReportFilterSet
from .models import Carrier, ConstructionReport, Platform


# Ranges are the model's rules, refused by the service with the pages' Chinese message (not
# DRF's generic one): the serializer only checks the shape of a number.
def decimal(digits, places):
    return serializers.DecimalField(max_digits=digits, decimal_places=places)


class CarrierSerializer(serializers.ModelSerializer):
    town_name = serializers.CharField(source="town.name", read_only=True)
    area_sqm = decimal(12, 2)

    class Meta:
        model = Carrier
        fields = [
            "id", "name", "kind", "level", "town", "town_name", "area_sqm", "operator",
            "group_managed", "status", "area", "new_build", "opened_on", "note",
        ]  # fmt: skip


class CarrierViewSet(ScopedModelViewSet):
    model = Carrier
    selector = staticmethod(selectors.carrier_detail)
    serializer_class = CarrierSerializer
    filterset_class = CarrierFilterSet
    service = staticmethod(services.carrier_save)


class ReportSerializer(serializers.ModelSerializer):
    planned_pct = decimal(5, 1)
    actual_pct = decimal(5, 1)

    class Meta:
        model = ConstructionReport
        fields = ["id", "carrier", "year", "quarter", "planned_pct", "actual_pct", "issues", "assessment"]


class ReportViewSet(ScopedModelViewSet):
    model = ConstructionReport
    selector = staticmethod(selectors.report_list)
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    service = staticmethod(services.record_save)


class PlatformSerializer(serializers.ModelSerializer):
    class Meta:
        model = Platform
        fields = ["id", "name", "kind", "level", "partner", "town", "status", "established_on", "note"]


class PlatformViewSet(ScopedModelViewSet):
    model = Platform
    selector = staticmethod(selectors.platform_detail)
    serializer_class = PlatformSerializer
    filterset_class = PlatformFilterSet
    service = staticmethod(services.record_save)
