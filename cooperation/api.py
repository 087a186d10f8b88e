"""/api/v1/ia-projects/, tech-contracts/, ia-events/, institutions/: the scope, filters and services of the pages."""

from rest_framework import serializers

from core.api import ScopedModelViewSet, ScopedRelatedField
from enterprises.models import Enterprise

from . import selectors, services
from .filters import (
    BankFilterSet,
    FinancingFilterSet,
    IACooperationFilterSet,
    IAEventFilterSet,
    InstitutionFilterSet,
    TechContractFilterSet,
)
from .models import Bank, Financing, IACooperation, IAEvent, Institution, TechContract

# ============================================================================================
# Industry–academia cooperation
# ============================================================================================


def money():
    # Ranges are the model's rules, refused by the service with the pages' Chinese message.
    return serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)


class InstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", *Institution.edit_fields]


class InstitutionViewSet(ScopedModelViewSet):
    model = Institution
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilterSet
    service = staticmethod(services.record_save)


class IACooperationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    amount = money()

    class Meta:
        model = IACooperation
        fields = ["id", *IACooperation.edit_fields, "enterprise_name", "institution_name"]


class IACooperationViewSet(ScopedModelViewSet):
    model = IACooperation
    selector = staticmethod(selectors.ia_project_list)
    serializer_class = IACooperationSerializer
    filterset_class = IACooperationFilterSet
    service = staticmethod(services.record_save)


class TechContractSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    contract_amount = serializers.DecimalField(max_digits=14, decimal_places=4)
    tech_amount = serializers.DecimalField(max_digits=14, decimal_places=4)

    class Meta:
        model = TechContract
        fields = ["id", *TechContract.edit_fields, "enterprise_name"]
        # A repeated number is refused by the model (naming the number), not DRF's generic message.
        extra_kwargs = {"reg_number": {"validators": []}}


class TechContractViewSet(ScopedModelViewSet):
    model = TechContract
    selector = staticmethod(selectors.contract_list)
    serializer_class = TechContractSerializer
    filterset_class = TechContractFilterSet
    service = staticmethod(services.contract_save)


class IAEventSerializer(serializers.ModelSerializer):
    enterprises = ScopedRelatedField(Enterprise, many=True, required=False)
    institutions = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all(), many=True, required=False)

    class Meta:
        model = IAEvent
        fields = ["id", *IAEvent.edit_fields]


class IAEventViewSet(ScopedModelViewSet):
    model = IAEvent
    selector = staticmethod(selectors.event_list)
    serializer_class = IAEventSerializer
    filterset_class = IAEventFilterSet
    service = staticmethod(services.event_save)
    related_writes = ("enterprises", "institutions")  # event_save checks them (a clinic's enterprises)


# ============================================================================================
# Science finance
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
