"""/api/v1/financing/, /api/v1/banks/ …: the same scope, filters and services as the pages."""

from rest_framework import serializers

from core.api import ScopedModelViewSet

from . import selectors, services
from .filters import BankFilterSet, FinancingFilterSet
from .models import Bank, Financing

# ============================================================================================
# Science finance — issue 13, part b
# ============================================================================================


class FinancingSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    bank_name = serializers.CharField(source="bank.name", read_only=True)
    # The amount's range is the model's rule, refused by the service in Chinese; here only its shape.
    amount = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True, required=False)

    class Meta:
        model = Financing
        fields = ["id", "enterprise", "enterprise_name", "bank", "bank_name", "product", "product_name", "kind",
                  "amount", "on", "note"]  # fmt: skip


class FinancingViewSet(ScopedModelViewSet):
    model = Financing
    selector = staticmethod(selectors.financing_list)
    serializer_class = FinancingSerializer
    filterset_class = FinancingFilterSet
    service = staticmethod(services.financing_save)
    delete_service = staticmethod(services.financing_delete)


class BankSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bank
        fields = ["id", "name", "short_name", "kind", "parent", "status", "opened_on", "order", "note"]


class BankViewSet(ScopedModelViewSet):
    model = Bank
    selector = staticmethod(selectors.bank_list)
    serializer_class = BankSerializer
    filterset_class = BankFilterSet
    service = staticmethod(services.bank_save)
