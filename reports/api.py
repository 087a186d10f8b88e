from rest_framework import serializers

from core.api import ScopedModelViewSet

from . import services
from .filters import StatIndicatorFilterSet
from .models import StatIndicator


class StatIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatIndicator
        fields = [
            "id",
            "year",
            "through_month",
            "name",
            "group",
            "qualifier",
            "value",
            "unit",
            "benchmark_name",
            "benchmark_value",
            "rank",
            "source",
            "note",
        ]

    def validate(self, attrs):
        # The model's own rules (unique name per month, ranges) answer here too.
        import copy

        from django.core.exceptions import ValidationError as DjangoValidationError

        instance = copy.copy(self.instance) if self.instance else StatIndicator()
        for name, value in attrs.items():
            setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class StatIndicatorViewSet(ScopedModelViewSet):
    model = StatIndicator
    serializer_class = StatIndicatorSerializer
    filterset_class = StatIndicatorFilterSet

    def perform_create(self, serializer):
        instance = StatIndicator(**serializer.validated_data)
        serializer.instance = services.stat_indicator_save(instance=instance, user=self.request.user)

    def perform_update(self, serializer):
        instance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        services.stat_indicator_save(instance=instance, user=self.request.user)
