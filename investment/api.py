"""/api/v1/…: the same scope, filters and services as the pages.

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B)
# =============================================================================================
"""

from rest_framework import serializers

from core.api import ScopedModelViewSet

from . import selectors, services
from .filters import ClientVisitFilterSet, EventFilterSet, FundFilterSet, TeamFilterSet
from .models import ClientVisit, Fund, InvestmentEvent, TeamMember


class TeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", *TeamMember.edit_fields]


class TeamMemberViewSet(ScopedModelViewSet):
    model = TeamMember
    selector = staticmethod(selectors.team_list)
    serializer_class = TeamMemberSerializer
    filterset_class = TeamFilterSet
    service = staticmethod(services.member_save)


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvestmentEvent
        fields = ["id", *(f for f in InvestmentEvent.edit_fields if f not in ("projects", "members"))]


class EventViewSet(ScopedModelViewSet):
    model = InvestmentEvent
    selector = staticmethod(selectors.event_list)
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    service = staticmethod(services.event_save)


class ClientVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClientVisit
        fields = ["id", *ClientVisit.edit_fields]


class ClientVisitViewSet(ScopedModelViewSet):
    model = ClientVisit
    selector = staticmethod(selectors.client_visit_list)
    serializer_class = ClientVisitSerializer
    filterset_class = ClientVisitFilterSet
    service = staticmethod(services.client_visit_record)


class FundSerializer(serializers.ModelSerializer):
    target_size = serializers.DecimalField(max_digits=14, decimal_places=2)
    raised_size = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)

    class Meta:
        model = Fund
        fields = ["id", *Fund.edit_fields, "stage", "stage_on"]
        read_only_fields = ["stage", "stage_on"]


class FundViewSet(ScopedModelViewSet):
    model = Fund
    selector = staticmethod(selectors.fund_list)
    serializer_class = FundSerializer
    filterset_class = FundFilterSet

    @staticmethod
    def service(*, instance, user):
        return services.fund_save(instance=instance, user=user)
