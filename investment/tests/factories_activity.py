"""Factories of the activity half (events, client visits, team, funds)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from core.models import IndustryChain
from investment.models import (
    ClientVisit,
    EventKind,
    Fund,
    FundKind,
    InvestmentEvent,
    InvestmentProject,
    TeamMember,
    UnitKind,
)

ZONE = timezone.get_default_timezone()


def at(day, hour=10, minute=0):
    """An aware moment in Asia/Shanghai."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    name = factory.Sequence(lambda n: f"招商员{n:04d}")
    unit_kind = UnitKind.TOWN
    unit_name = factory.LazyAttribute(lambda o: o.town.name if o.town else "驻上海招商局")
    active_from = dt.date(2023, 1, 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentEvent

    kind = EventKind.TOPIC
    held_on = dt.date(2023, 3, 1)
    title = factory.Sequence(lambda n: f"科技招商专题活动{n:04d}")
    city = "上海"
    host = "区科技局"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientVisit

    member = factory.SubFactory(MemberFactory)
    visited_at = factory.LazyFunction(lambda: at(dt.date(2023, 3, 1)))
    counterpart = factory.Sequence(lambda n: f"上海测试科技有限公司{n:04d}")
    city = "上海"


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"测试科创基金{n:04d}")
    kind = FundKind.INDUSTRY
    target_size = Decimal("100000")
    raised_size = Decimal("20000")
    stage_on = dt.date(2023, 3, 1)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A bare project for events and visits to point at (the pipeline's own factories are in factories.py)."""

    class Meta:
        model = InvestmentProject

    name = factory.Sequence(lambda n: f"测试科创项目{n:04d}")
    chain = factory.LazyFunction(lambda: IndustryChain.objects.order_by("id").first())
    stage = "talking"
    stage_on = dt.date(2023, 3, 1)
