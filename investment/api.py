"""/api/v1/investment-projects/, investment-leads/, investment-events/, client-visits/,
investment-team/, funds/: the pages' scope, filters and services.

A project's stage is read only in the record; it moves with POST …/<id>/move/ {to_stage, on,
seen_stage, note} through services.project_move (the workflow's refusals answer 400, a card moved
since `seen_stage` too).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import ScopedModelViewSet, ScopedRelatedField, api_errors

from . import selectors, services
from .filters import ClientVisitFilterSet, EventFilterSet, FundFilterSet, LeadFilterSet, ProjectFilterSet, TeamFilterSet
from .models import ClientVisit, Fund, InvestmentEvent, InvestmentLead, InvestmentProject, ProjectStage, TeamMember

# =============================================================================================
# Project pipeline
# =============================================================================================


class ProjectSerializer(serializers.ModelSerializer):
    town_name = serializers.CharField(source="town.name", read_only=True)
    planned_investment = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)

    class Meta:
        model = InvestmentProject
        fields = ["id", *InvestmentProject.edit_fields, "town_name", "stage", "stage_on"]
        read_only_fields = ["stage", "stage_on"]


class MoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=ProjectStage.choices)
    on = serializers.DateField(required=False)
    seen_stage = serializers.ChoiceField(choices=ProjectStage.choices, required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ProjectViewSet(ScopedModelViewSet):
    model = InvestmentProject
    selector = staticmethod(selectors.project_list)
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    service = staticmethod(services.project_save)
    delete_service = staticmethod(services.project_delete)

    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        project = self.get_object()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            moved = services.project_move(project=project, user=request.user, **data.validated_data)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise api_errors(exc) from exc
        return Response(self.get_serializer(moved).data)


class LeadSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvestmentLead
        fields = ["id", *InvestmentLead.edit_fields, "project"]
        read_only_fields = ["project"]


class LeadViewSet(ScopedModelViewSet):
    model = InvestmentLead
    selector = staticmethod(selectors.lead_list)
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet
    service = staticmethod(services.lead_save)
    delete_service = staticmethod(services.lead_delete)


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================


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
    projects = ScopedRelatedField(InvestmentProject, many=True, required=False)
    members = ScopedRelatedField(TeamMember, many=True, required=False)

    class Meta:
        model = InvestmentEvent
        fields = ["id", *InvestmentEvent.edit_fields]


class EventViewSet(ScopedModelViewSet):
    model = InvestmentEvent
    selector = staticmethod(selectors.event_list)
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    service = staticmethod(services.event_save)
    related_writes = ("projects", "members")  # event_save checks them (members on the team that day)


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
