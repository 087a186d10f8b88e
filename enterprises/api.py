from rest_framework import serializers

from core.api import ScopedModelViewSet
from core.forms import scoped_choices
from core.models import Town

from . import selectors, services
from .filters import EnterpriseFilterSet
from .models import Enterprise


class EnterpriseSerializer(serializers.ModelSerializer):
    town_name = serializers.CharField(source="town.name", read_only=True, default=None)

    class Meta:
        model = Enterprise
        fields = ["id", *Enterprise.edit_fields, "town_name", "last_visited_on"]
        read_only_fields = ["last_visited_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "town" in self.fields:
            self.fields["town"].queryset = scoped_choices(Town.objects.all(), request.user)
        if request is not None and "grid_officer" in self.fields:
            self.fields["grid_officer"].queryset = selectors.grid_officer_choices(request.user)

    def validate_credit_code(self, value):
        # Before the uniqueness check, so a code typed in lower case still finds its twin.
        return services.normalize_credit_code(value)


class EnterpriseViewSet(ScopedModelViewSet):
    model = Enterprise
    selector = staticmethod(selectors.enterprise_list)
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    service = staticmethod(services.enterprise_save)
