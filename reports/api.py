from rest_framework import serializers

from core.api import ScopedModelViewSet

from . import services
from .filters import StatIndicatorFilterSet
from .models import StatIndicator


class StatIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatIndicator
        fields = ["id", *StatIndicator.edit_fields]


class StatIndicatorViewSet(ScopedModelViewSet):
    model = StatIndicator
    serializer_class = StatIndicatorSerializer
    filterset_class = StatIndicatorFilterSet
    service = staticmethod(services.stat_indicator_save)
