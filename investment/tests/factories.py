"""Builders of projects and leads for the tests, written through the services (a project's moves
are its history: a factory that set `stage` directly would build a project the KPIs cannot see)."""

import datetime as dt
import itertools

from core.models import IndustryChain, InvestDirection
from investment import services
from investment.models import InvestmentLead, InvestmentProject, ProjectStage

_names = itertools.count(1)


def direction(name="创新药与生物制品"):
    return InvestDirection.objects.select_related("chain").get(name=name)


def make_project(town, user=None, moves=(), *, start=dt.date(2023, 1, 5), name=None, **fields):
    """A project of `town` entered at 线索 on `start`, then moved through `moves` [(stage, date), …]."""
    d = fields.pop("direction", None) or direction()
    project = InvestmentProject(
        name=name or f"测试科创项目{next(_names):04d}", chain=d.chain, direction=d, town=town, **fields
    )
    project = services.project_save(instance=project, user=user, stage=ProjectStage.LEAD, on=start)
    for stage, on in moves:
        project = services.project_move(project=project, to_stage=stage, user=user, on=on)
    return project


def signed(town, user=None, on=dt.date(2023, 3, 1), **fields):
    return make_project(
        town,
        user,
        [(ProjectStage.TALKING, on - dt.timedelta(days=20)), (ProjectStage.SIGNED, on)],
        start=on - dt.timedelta(days=40),
        **fields,
    )


def make_lead(town, name=None, **fields):
    d = fields.pop("direction", None) or direction("集成电路")
    lead = InvestmentLead(
        name=name or f"测试招引目标{next(_names):04d}", chain=d.chain, direction=d, town=town, **fields
    )
    return services.lead_save(instance=lead, user=None)


def chain(name="生物医药"):
    return IndustryChain.objects.get(name=name)
